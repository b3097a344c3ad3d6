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

#include "exit_codes.h"
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

// The host's own field in the form: the plugin never sees it.
constexpr std::string_view kCsrfField = "csrf-token";

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

// The host's CSRF token as the first thing inside the plugin's <form>.
std::optional<std::string> with_token(const std::string& form, const std::string& token) {
  const auto start_tag_end = form.find('>');
  if (!form.starts_with("<form") || start_tag_end == std::string::npos) return std::nullopt;
  return form.substr(0, start_tag_end + 1) + "<input type=\"hidden\" name=\"" +
         std::string(kCsrfField) + "\" value=\"" + token + "\"/>" +
         form.substr(start_tag_end + 1);
}

// The posted body without the host's own field, every other field byte for byte as the browser
// sent it; the token it carried, if any. The host reads no other field.
std::pair<std::string, std::optional<std::string>> without_token(std::string_view body) {
  std::string rest;
  std::optional<std::string> token;
  const std::string prefix = std::string(kCsrfField) + "=";
  while (!body.empty()) {
    const auto end = body.find('&');
    const std::string_view pair = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    if (pair.starts_with(prefix) && !token) {
      token = std::string(pair.substr(prefix.size()));
      continue;
    }
    if (!rest.empty()) rest += '&';
    rest += pair;
  }
  return {rest, token};
}

// The signal the form is about; the intake form registers one and names none.
std::string signal_element(const FormServerSettings& settings) {
  return settings.signal_id.empty()
             ? std::string()
             : "<signalId>" + xml_escaped(settings.signal_id) + "</signalId>";
}

// The form is the page's main content, so its heading is the page's h1. Dutch for a refusal.
std::string form_request(const FormServerSettings& settings) {
  return "<GetFormRequest xmlns=\"urn:nl:zvh-pga:contract:1\" language=\"nl\"><stage>" +
         xml_escaped(settings.stage) + "</stage><includeXhtml>true</includeXhtml>"
         "<headingLevel>1</headingLevel>" + signal_element(settings) + "</GetFormRequest>";
}

std::string submit_request(const FormServerSettings& settings, const std::string& fields) {
  return "<SubmitFormRequest xmlns=\"urn:nl:zvh-pga:contract:1\" language=\"nl\">" +
         signal_element(settings) + "<stage>" + xml_escaped(settings.stage) + "</stage><fields>" +
         xml_escaped(fields) + "</fields><headingLevel>1</headingLevel></SubmitFormRequest>";
}

// The page titles of a stage's form and of what it stored.
struct StagePages {
  std::string_view stage;
  std::string_view form;
  std::string_view stored;
};
constexpr std::array<StagePages, 4> kStagePages{{
    {"intake", "Melding PGA", "Melding geregistreerd"},
    {"contribution", "Bijdrage PGA", "Bijdrage aanvaard"},
    {"decision", "Besluit weegploeg PGA", "Besluit vastgelegd"},
    {"closure", "Afsluiting PGA", "Melding afgesloten"},
}};

const StagePages& pages_of(std::string_view stage) {
  const auto found = std::ranges::find(kStagePages, stage, &StagePages::stage);
  if (found == kStagePages.end())
    throw CliError(ExitCode::usage,
                   "--serve serves the intake, contribution, decision or closure form.");
  return *found;
}

class FormServer {
 public:
  FormServer(const PluginInstance& instance, const FormServerSettings& settings,
             std::ostream& announce)
      : instance_(instance),
        settings_(settings),
        pages_(pages_of(settings.stage)),
        announce_(announce),
        token_(random_token()),
        path_("/" + random_token() + "/") {
    const Response response = instance_.call(settings_.caller, form_request(settings_));
    const auto document = XmlDocument::parse(response.document);
    const auto fragment = document ? document->element_inside("xhtml") : std::nullopt;
    if (response.status != ZVHPGA_OK) {
      // The plugin's Error document on standard output, as every other command shows it.
      announce_ << response.document << std::endl;
      throw CliError(exit_code_for(response.status),
                     "The plugin gives the caller no form for this signal.");
    }
    if (!fragment) throw CliError(ExitCode::internal, "The plugin's form has no XHTML rendering.");
    const auto form = with_token(*fragment, token_);
    if (!form) throw CliError(ExitCode::internal, "The plugin's form is no <form>.");
    form_page_ = xhtml_page(pages_.form, *form);
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
    const auto [fields, token] = without_token(request.body());
    if (!token || !same_token(*token, token_))
      return page(http::status::forbidden, "Formulier niet van deze server",
                  "<p>Open het formulier opnieuw en vul het daar in.</p>");

    const Response response =
        instance_.call(settings_.caller, submit_request(settings_, fields));
    const auto document = XmlDocument::parse(response.document);
    if (response.status != ZVHPGA_OK || !document) {
      // Not a form to put right (the caller may not, the signal is gone): the plugin's Dutch
      // sentence, and nothing else of its answer.
      announce_ << "Form refused: " << response.status_name << std::endl;
      return page(http::status::unprocessable_entity, "Niet verstuurd",
                  "<p id=\"message\">" +
                      xml_escaped(document ? document->value_at({"message"}) : "") + "</p>");
    }
    if (document->value_at({"outcome"}) == "stored") {
      // A registration or a closure stores no record of its own: the signal is its kenmerk.
      std::string id = document->value_at({"recordId"});
      if (id.empty()) id = document->value_at({"signalId"});
      announce_ << "Form stored: " << id << std::endl;
      return page(http::status::ok, pages_.stored,
                  "<p id=\"outcome\">accepted</p><p>Kenmerk: <span id=\"record-id\">" +
                      xml_escaped(id) + "</span></p>");
    }
    announce_ << "Form refused: " << document->value_at({"code"}) << std::endl;
    const auto fragment = document->element_inside("xhtml");
    const auto form = fragment ? with_token(*fragment, token_) : std::nullopt;
    if (!form) throw CliError(ExitCode::internal, "The plugin's form cannot be shown again.");
    return with_headers(http::status::unprocessable_entity,
                        xhtml_page("Niet verstuurd: " + std::string(pages_.form), *form));
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
  const StagePages& pages_;
  std::ostream& announce_;
  std::string token_;
  std::string path_;
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

void serve_form(const PluginInstance& instance, const FormServerSettings& settings,
                             std::ostream& announce) {
  FormServer server(instance, settings, announce);
  asio::io_context io;
  // The loopback interface only: the form carries a case worker's judgement about a person.
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), settings.port));
  const std::uint16_t port = acceptor.local_endpoint().port();
  server.set_port(port);
  announce << "Serving the " << settings.stage << " form on " << server.address()
           << " (Ctrl-C stops). Keep this address to yourself: whoever opens it submits as "
           << settings.caller.user << "." << std::endl;
  asio::steady_timer accept_retry(io);
  accept_next(acceptor, accept_retry, server);
  io.run();
}

}  // namespace zvhpga::cli
