#include "form_server.h"

#include <sys/random.h>

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "dutch_labels.h"
#include "exit_codes.h"
#include "form_refill.h"
#include "xml_document.h"

namespace zvhpga::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// A form with every question answered at length stays far below this; anything larger is not
// a form.
constexpr std::uint64_t kMaxBodyBytes = std::uint64_t{256} * 1024;
constexpr std::uint32_t kMaxHeaderBytes = 8 * 1024;
// A browser opens connections it may never use; none may hold the server up.
constexpr std::chrono::seconds kReadTimeout{10};
// A failed accept (out of descriptors or memory) fails again at once: wait this long before
// the next, as the plugin's SOAP server does (the command shares no code with the plugin, which
// it only dlopens).
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

// The host's own questions: the form field, the element of SubmitContribution it fills (the
// name a refusal's problem gives), and the question as the person sees it.
struct HostField {
  std::string_view name;
  std::string_view element;
  std::string_view label;
};
constexpr HostField kPosition{kPositionField, "position", "Standpunt"};
constexpr HostField kLegalBasis{kLegalBasisField, "legalBasis",
                                "Wettelijke grondslag voor het delen"};
constexpr HostField kReasoning{kReasoningField, "reasoning", "Onderbouwing van het standpunt"};
constexpr HostField kInformationHeld{kInformationHeldField, "informationHeld",
                                     "Informatie die uw organisatie heeft"};
constexpr std::array<HostField, 4> kHostFields{kPosition, kLegalBasis, kReasoning,
                                               kInformationHeld};

// 256 bits from the kernel, as hex: the token a posted form must carry (CSRF), and the secret
// path of the form, which any local account could otherwise fetch.
std::string random_token() {
  std::array<unsigned char, 32> bytes{};
  if (getrandom(bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size()))
    throw CliError(ExitCode::internal, "No random bytes for the form's token.");
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string token;
  for (unsigned char byte : bytes) {
    token += kHex[byte >> 4];
    token += kHex[byte & 0x0f];
  }
  return token;
}

// Constant time for equal lengths, as CRYPTO_memcmp (the command links no OpenSSL): the time
// tells nothing about how much of a guess was right. A token's length is no secret.
bool same_token(std::string_view left, std::string_view right) {
  if (left.size() != right.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < left.size(); ++i)
    difference |= static_cast<unsigned char>(left[i] ^ right[i]);
  return difference == 0;
}

// What the host asks beyond the catalogue: SubmitContribution's own fields, with the class
// names of the Utrecht component library as the plugin's form has them, the optional one marked.
std::string host_fieldset(const std::string& token) {
  constexpr std::string_view kFieldset =
      "utrecht-form-fieldset utrecht-form-fieldset--html-fieldset";
  constexpr std::string_view kLegend =
      "utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend";
  std::string html = "<fieldset id=\"bijdrage\" class=\"" + std::string(kFieldset) +
                     "\"><legend class=\"" + std::string(kLegend) + "\">Uw bijdrage</legend>"
                     "<input type=\"hidden\" name=\"" + std::string(kCsrfField) +
                     "\" value=\"" + token + "\"/>"
                     "<fieldset class=\"question " + std::string(kFieldset) +
                     "\" role=\"radiogroup\"><legend class=\"" + std::string(kLegend) + "\">" +
                     std::string(kPosition.label) + "</legend>";
  bool first = true;
  for (const auto& [value, label] : kOutcomeLabels) {
    const std::string id = std::string(kPositionField) + "--" + std::string(value);
    html.append("<div class=\"utrecht-form-field utrecht-form-field--radio\">"
                "<input type=\"radio\" class=\"utrecht-radio-button "
                "utrecht-radio-button--html-input\" id=\"")
        .append(id)
        .append("\" name=\"")
        .append(kPositionField)
        .append("\" value=\"")
        .append(value)
        .append(first ? "\" required=\"required\"" : "\"")
        .append("/><label class=\"utrecht-form-label utrecht-form-label--radio\" for=\"")
        .append(id)
        .append("\">")
        .append(label)
        .append("</label></div>");
    first = false;
  }
  const auto labelled = [](const HostField& question, std::string_view hint,
                           std::string_view control, bool required) {
    const std::string field(question.name);
    const bool text_area = control == "textarea";
    // A text field is the plain form field: the Utrecht CSS has modifiers for radio and
    // check box fields only.
    std::string markup = "<div class=\"utrecht-form-field\"><label class=\"utrecht-form-label\" "
                         "for=\"" + field + "\">" + std::string(question.label) +
                         (required ? "" : " (niet verplicht") + std::string(hint) +
                         (required ? "" : ")") + "</label>";
    const std::string attributes = " id=\"" + field + "\" name=\"" + field + "\"" +
                                   (required ? " required=\"required\"" : "");
    if (text_area)
      return markup + "<textarea class=\"utrecht-textarea utrecht-textarea--html-textarea\"" +
             attributes + " rows=\"4\"></textarea></div>";
    return markup + "<input type=\"text\" class=\"utrecht-textbox utrecht-textbox--html-input\"" +
           attributes + "/></div>";
  };
  html += "</fieldset>";
  html += labelled(kLegalBasis, "", "input", true);
  html += labelled(kReasoning, "", "textarea", true);
  html += labelled(kInformationHeld, "; leeg laten: geen informatie", "textarea", false);
  return html + "</fieldset>";
}

// The stage of a signal as the case worker calls it.
std::string_view state_name(std::string_view state) {
  if (state == "received") return "Ontvangen";
  if (state == "awaiting-contributions") return "Wacht op bijdragen van de partners";
  if (state == "ready-for-weighing") return "Klaar voor de weging";
  if (state == "decided") return "Besloten";
  if (state == "closed") return "Afgesloten";
  return state;
}

// 2026-11-28 -> 28 november 2026.
std::string dutch_date(const std::string& date) {
  constexpr std::array<std::string_view, 12> kMonths{
      "januari", "februari", "maart",     "april",   "mei",      "juni",
      "juli",    "augustus", "september", "oktober", "november", "december"};
  if (date.size() != 10) return date;
  const int month = (date[5] - '0') * 10 + (date[6] - '0');
  if (month < 1 || month > 12) return date;
  const std::string day = date[8] == '0' ? date.substr(9, 1) : date.substr(8, 2);
  return day + " " + std::string(kMonths[static_cast<std::size_t>(month - 1)]) + " " +
         date.substr(0, 4);
}

// Which melding the form is about, as the case worker knows it, read with GetSignal as the
// caller: its kenmerk, when it was received, its stage and the responsible organisation. The
// page says it; the URL never carries it.
std::string melding_summary(const PluginInstance& instance, const FormServerSettings& settings) {
  const Response response = instance.call(
      settings.caller, "<GetSignalRequest xmlns=\"urn:nl:zvh-pga:contract:1\" language=\"nl\">"
                       "<signalId>" + xml_escaped(settings.signal_id) + "</signalId>"
                       "</GetSignalRequest>");
  const auto document = XmlDocument::parse(response.document);
  if (response.status != ZVHPGA_OK || !document)
    throw CliError(exit_code_for(response.status),
                   "The plugin does not show this signal to the caller: " + response.document);
  const auto item = [](std::string_view term, const std::string& value) {
    return "<dt>" + std::string(term) + "</dt><dd>" + xml_escaped(value) + "</dd>";
  };
  const std::string responsible = document->value_at({"signal", "responsibleGemeente"});
  return "<dl id=\"melding\" class=\"zvhpga-melding\">" +
         item("Kenmerk van de melding", document->value_at({"signal", "signalId"})) +
         item("Ontvangen op", dutch_date(document->value_at({"signal", "intake", "receivedOn"}))) +
         item("Fase", std::string(state_name(document->value_at({"signal", "state"})))) +
         item("Verantwoordelijke organisatie", responsible.empty() ? "Niet vastgelegd" : responsible) +
         "</dl>";
}

constexpr std::string_view kFormTitle = "Bijdrage PGA";

class FormServer {
 public:
  FormServer(const PluginInstance& instance, const FormServerSettings& settings,
             const std::string& form_fragment, const FormQuestions& questions,
             std::ostream& announce)
      : instance_(instance),
        settings_(settings),
        questions_(questions),
        announce_(announce),
        token_(random_token()),
        path_("/" + random_token() + "/") {
    // Which melding it is about right under the form's heading; the host's own fields before
    // the catalogue form's submit button.
    const auto heading_end = form_fragment.find("</h1>");
    const auto button = form_fragment.rfind("<button");
    if (button == std::string::npos || heading_end == std::string::npos || heading_end > button)
      throw CliError(ExitCode::internal, "The plugin's form has no heading or no submit button.");
    const auto after_heading = heading_end + std::string_view("</h1>").size();
    form_markup_ = form_fragment.substr(0, after_heading) +
                   melding_summary(instance, settings) +
                   form_fragment.substr(after_heading, button - after_heading) +
                   host_fieldset(token_) + form_fragment.substr(button);
    form_page_ = xhtml_page(kFormTitle, form_markup_);
  }

  void set_port(std::uint16_t port) {
    hosts_ = {"127.0.0.1:" + std::to_string(port), "localhost:" + std::to_string(port)};
  }

  // The address to open: the loopback port with the secret path of this start.
  std::string address() const { return "http://" + hosts_.front() + path_; }

  http::response<http::string_body> respond(const http::request<http::string_body>& request) {
    // A page of another site that a browser resolves to 127.0.0.1 (DNS rebinding) names its own
    // host: only requests addressed to this server itself are answered.
    const std::string_view host = request[http::field::host];
    if (std::ranges::find(hosts_, host) == hosts_.end())
      return page(http::status::misdirected_request, "Onbekend adres",
                  "<p>Deze server antwoordt alleen op zijn eigen adres.</p>");
    // Every account on this machine reaches the port; only whoever was shown the address has
    // the path. Compared in constant time, and any other path is just not there.
    if (!same_token(request.target(), path_))
      return page(http::status::not_found, "Niet gevonden", "<p>Niet gevonden.</p>");
    if (request.method() == http::verb::get)
      return with_headers(http::status::ok, form_page_);
    if (request.method() != http::verb::post)
      return page(http::status::method_not_allowed, "Niet toegestaan", "<p>Alleen GET en POST.</p>");
    return submitted(request);
  }

  http::response<http::string_body> page(http::status status, std::string_view title,
                                         std::string_view body) const {
    return with_headers(status, xhtml_page(title, "<h1>" + std::string(title) + "</h1>" +
                                                      std::string(body)));
  }

 private:
  http::response<http::string_body> submitted(const http::request<http::string_body>& request) {
    if (!request[http::field::content_type].starts_with("application/x-www-form-urlencoded"))
      return page(http::status::unsupported_media_type, "Onbekend formaat",
                  "<p>Alleen een ingevuld formulier wordt aangenomen.</p>");
    const auto fields = parse_urlencoded(request.body());
    if (!fields)
      return page(http::status::bad_request, "Onleesbaar formulier", "<p>Onleesbaar formulier.</p>");
    const auto token = std::ranges::find(*fields, kCsrfField,
                                         &std::pair<std::string, std::string>::first);
    if (token == fields->end() || !same_token(token->second, token_))
      return page(http::status::forbidden, "Formulier niet van deze server",
                  "<p>Open het formulier opnieuw en vul het daar in.</p>");

    const Response response = instance_.call(
        settings_.caller, contribution_request(settings_.signal_id, questions_, *fields));
    const auto document = XmlDocument::parse(response.document);
    if (response.status == ZVHPGA_OK && document) {
      const std::string id = document->value_at({"contributionId"});
      announce_ << "Contribution accepted: " << id << std::endl;
      return page(http::status::ok, "Bijdrage aanvaard",
                  "<p id=\"outcome\">accepted</p><p>Kenmerk van de bijdrage: <span "
                  "id=\"contribution-id\">" + xml_escaped(id) + "</span></p>");
    }
    const std::string code = document ? document->value_at({"code"}) : response.status_name;
    announce_ << "Contribution refused: " << code << std::endl;
    // The plugin answers in Dutch (language="nl"); the form comes back as it was filled in.
    const auto shown = refused_form(form_markup_, *fields,
                                    document ? document->value_at({"message"}) : "",
                                    shown_problems(document));
    if (!shown)
      throw CliError(ExitCode::internal, "The form cannot be shown again.");
    return with_headers(http::status::unprocessable_entity,
                        xhtml_page("Niet verstuurd: " + std::string(kFormTitle), *shown));
  }

  // Every problem named as the question the person sees, once per field.
  std::vector<ShownProblem> shown_problems(const std::optional<XmlDocument>& document) const {
    std::vector<ShownProblem> shown;
    if (!document) return shown;
    const auto fields = document->values_at({"problem", "field"});
    const auto messages = document->values_at({"problem", "message"});
    for (std::size_t i = 0; i < fields.size() && i < messages.size(); ++i) {
      ShownProblem problem{"", "Het formulier", messages[i]};
      if (const auto label = questions_.label(fields[i])) {
        problem.name = fields[i];
        problem.label = *label;
      } else if (const auto host = std::ranges::find(kHostFields, fields[i], &HostField::element);
                 host != kHostFields.end()) {
        problem.name = std::string(host->name);
        problem.label = std::string(host->label);
      }
      const bool repeated = std::ranges::any_of(shown, [&](const ShownProblem& earlier) {
        return earlier.name == problem.name && earlier.message == problem.message;
      });
      if (!repeated) shown.push_back(std::move(problem));
    }
    return shown;
  }

  http::response<http::string_body> with_headers(http::status status, std::string body) const {
    http::response<http::string_body> response{status, 11};
    // The same polyglot page either way: as most host platforms serve theirs, or as XHTML.
    response.set(http::field::content_type, settings_.as_html
                                                ? "text/html; charset=utf-8"
                                                : "application/xhtml+xml; charset=utf-8");
    response.set(http::field::cache_control, "no-store");
    response.set("Content-Security-Policy",
                 "default-src 'none'; form-action 'self'; frame-ancestors 'none'");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
    response.body() = std::move(body);
    response.keep_alive(false);
    response.prepare_payload();
    return response;
  }

 private:
  const PluginInstance& instance_;
  const FormServerSettings& settings_;
  const FormQuestions& questions_;
  std::ostream& announce_;
  std::string token_;
  std::string path_;
  std::string form_markup_;
  std::string form_page_;
  std::array<std::string, 2> hosts_;
};

// One request per connection: read it (within the limits and the time), answer, close.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(tcp::socket socket, FormServer& server) : stream_(std::move(socket)), server_(server) {
    parser_.header_limit(kMaxHeaderBytes);
    parser_.body_limit(kMaxBodyBytes);
  }

  void start() {
    stream_.expires_after(kReadTimeout);
    http::async_read(stream_, buffer_, parser_,
                     [self = shared_from_this()](beast::error_code error, std::size_t) {
                       self->on_read(error);
                     });
  }

 private:
  void on_read(beast::error_code error) {
    if (error == http::error::body_limit || error == http::error::header_limit) {
      response_ = server_.page(http::status::payload_too_large, "Te groot",
                               "<p>Dit is groter dan een formulier kan zijn.</p>");
    } else if (error) {
      return;  // the browser went away or never sent anything: nothing to answer
    } else {
      response_ = server_.respond(parser_.get());
    }
    http::async_write(stream_, response_,
                      [self = shared_from_this()](beast::error_code, std::size_t) {
                        beast::error_code ignored;
                        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                      });
  }

  beast::tcp_stream stream_;
  FormServer& server_;
  beast::flat_buffer buffer_;
  http::request_parser<http::string_body> parser_;
  http::response<http::string_body> response_;
};

void accept_next(tcp::acceptor& acceptor, asio::steady_timer& retry, FormServer& server) {
  acceptor.async_accept([&acceptor, &retry, &server](beast::error_code error, tcp::socket socket) {
    if (error) {
      retry.expires_after(kAcceptRetryDelay);
      retry.async_wait([&acceptor, &retry, &server](beast::error_code) {
        accept_next(acceptor, retry, server);
      });
      return;
    }
    std::make_shared<Exchange>(std::move(socket), server)->start();
    accept_next(acceptor, retry, server);
  });
}

}  // namespace

std::string xhtml_page(std::string_view title, std::string_view body) {
  // Polyglot markup: no XML declaration (UTF-8 is XML's default and the meta says it for HTML).
  return "<!DOCTYPE html>\n"
         "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"nl\" xml:lang=\"nl\">\n"
         "<head><meta charset=\"UTF-8\"/><title>" +
         xml_escaped(title) + "</title></head>\n<body>\n" + std::string(body) +
         "\n</body>\n</html>\n";
}

void serve_contribution_form(const PluginInstance& instance, const FormServerSettings& settings,
                             const std::string& form_fragment, const FormQuestions& questions,
                             std::ostream& announce) {
  FormServer server(instance, settings, form_fragment, questions, announce);
  asio::io_context io;
  // The loopback interface only: the form carries a case worker's judgement about a person.
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), settings.port));
  const std::uint16_t port = acceptor.local_endpoint().port();
  server.set_port(port);
  announce << "Serving the contribution form on " << server.address()
           << " (Ctrl-C stops). Keep this address to yourself: whoever opens it contributes as "
           << settings.caller.user << "." << std::endl;
  asio::steady_timer accept_retry(io);
  accept_next(acceptor, accept_retry, server);
  io.run();
}

}  // namespace zvhpga::cli
