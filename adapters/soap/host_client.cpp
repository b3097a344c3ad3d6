#include "soap/host_client.h"

#include <openssl/x509_vfy.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <optional>
#include <thread>

#include "soap/envelope.h"
#include "soap/tls.h"
#include "xml/reader.h"

namespace zvhpga::soap {

using ports::CallFailure;
using ports::CallResult;
using ports::HostCall;
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr std::uint32_t kMaxResponseHeaderBytes = 16 * 1024;
constexpr unsigned kHttpOk = 200;
constexpr unsigned kHttpServerError = 500;

CallFailure failure(std::string code, std::string message, bool transient) {
  return {std::move(code), std::move(message), transient};
}

// https://host[:port][/path]; the configuration schema already checked the general form.
struct Url {
  std::string host;
  std::string port = "443";
  std::string target = "/";
};

std::optional<Url> parse_url(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  if (url.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  url.remove_prefix(kScheme.size());
  const auto slash = url.find('/');
  const std::string_view authority = url.substr(0, slash);
  Url parsed;
  if (slash != std::string_view::npos) parsed.target = std::string(url.substr(slash));
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos) {
    parsed.port = std::string(authority.substr(colon + 1));
    if (parsed.port.empty() || parsed.port.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
  }
  parsed.host = std::string(authority.substr(0, colon));
  // User information in a URL would travel nowhere useful and might be a secret.
  if (parsed.host.empty() || parsed.host.find('@') != std::string::npos) return std::nullopt;
  return parsed;
}

bool is_ip_literal(const std::string& host) {
  beast::error_code error;
  net::ip::make_address(host, error);
  return !error;
}

// The Digikoppeling code at the start of a fault's faultstring ("0051: ..."), if there is one.
std::string fault_number(std::string_view faultstring) {
  if (faultstring.size() >= 4 && faultstring.substr(0, 4).find_first_not_of("0123456789") ==
                                     std::string_view::npos)
    return std::string(faultstring.substr(0, 4));
  return "none";
}

}  // namespace

struct HostClient::Endpoint {
  config::HostEndpoint settings;
  Url url;
  Pause pause;
  ssl::context tls{ssl::context::tls_client};

  CallResult call_once(const HostCall& call);
  CallResult read_answer(const http::response<http::string_body>& response,
                         std::string_view message_id) const;
};

namespace {

// Runs io until the operation started on it has completed, then reports its error.
beast::error_code finish(net::io_context& io, const std::optional<beast::error_code>& outcome) {
  io.restart();
  io.run();
  return outcome.value_or(net::error::operation_aborted);
}

}  // namespace

CallResult HostClient::Endpoint::call_once(const HostCall& call) {
  net::io_context io;
  std::optional<beast::error_code> outcome;

  // Name resolution has no deadline of its own: a timer cancels it.
  tcp::resolver resolver(io);
  tcp::resolver::results_type addresses;
  net::steady_timer resolve_deadline(io, settings.connect_timeout);
  resolve_deadline.async_wait([&resolver](beast::error_code error) {
    if (!error) resolver.cancel();
  });
  resolver.async_resolve(url.host, url.port,
                         [&](beast::error_code error, tcp::resolver::results_type results) {
                           outcome = error;
                           addresses = std::move(results);
                           resolve_deadline.cancel();
                         });
  if (finish(io, outcome))
    return failure("host-unreachable", "The host's address could not be resolved.", true);

  beast::ssl_stream<beast::tcp_stream> stream(io, tls);
  SSL* connection = stream.native_handle();
  // The certificate must name the host the URL names (RFC 6125), beside chaining to the trust
  // store: a certificate from the same CA for another host is refused.
  if (is_ip_literal(url.host)) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(connection), url.host.c_str());
  } else {
    // SNI; SSL_set_tlsext_host_name is a macro with a C cast, spelled out here.
    SSL_ctrl(connection, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, url.host.data());
    SSL_set1_host(connection, url.host.c_str());
  }

  outcome.reset();
  beast::get_lowest_layer(stream).expires_after(settings.connect_timeout);
  beast::get_lowest_layer(stream).async_connect(
      addresses, [&](beast::error_code error, const tcp::endpoint&) { outcome = error; });
  if (const auto error = finish(io, outcome)) {
    if (error == beast::error::timeout)
      return failure("host-timeout", "The host did not accept a connection in time.", true);
    return failure("host-unreachable", "The host refused or dropped the connection.", true);
  }

  outcome.reset();
  beast::get_lowest_layer(stream).expires_after(settings.connect_timeout);
  stream.async_handshake(ssl::stream_base::client, [&](beast::error_code error) { outcome = error; });
  if (const auto error = finish(io, outcome)) {
    if (error == beast::error::timeout)
      return failure("host-timeout", "The TLS handshake with the host did not finish in time.",
                     true);
    if (SSL_get_verify_result(connection) != X509_V_OK)
      return failure("host-certificate-refused",
                     "The host's certificate is not trusted or does not name the host.", false);
    return failure("tls-handshake-failed",
                   "The TLS handshake with the host failed (our certificate or the protocol).",
                   false);
  }

  http::request<http::string_body> request{http::verb::post, url.target, 11};
  request.set(http::field::host, url.host + ":" + url.port);
  request.set(http::field::content_type, kSoapContentType);
  request.set("SOAPAction", "\"" + std::string(call.action) + "\"");
  request.keep_alive(false);
  request.body() = write_envelope({settings.url, std::string(call.action),
                                   std::string(call.message_id), {}},
                                  call.body_element);
  request.prepare_payload();

  outcome.reset();
  beast::get_lowest_layer(stream).expires_after(settings.write_timeout);
  http::async_write(stream, request,
                    [&](beast::error_code error, std::size_t) { outcome = error; });
  if (const auto error = finish(io, outcome)) {
    if (error == beast::error::timeout)
      return failure("host-timeout", "The host did not take the request in time.", true);
    return failure("host-unreachable", "The connection broke while sending the request.", true);
  }

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(kMaxResponseHeaderBytes);
  parser.body_limit(settings.max_response_bytes);
  outcome.reset();
  beast::get_lowest_layer(stream).expires_after(settings.read_timeout);
  http::async_read(stream, buffer, parser,
                   [&](beast::error_code error, std::size_t) { outcome = error; });
  if (const auto error = finish(io, outcome)) {
    if (error == beast::error::timeout)
      return failure("host-timeout", "The host did not answer in time.", true);
    if (error == http::error::body_limit || error == http::error::header_limit)
      return failure("answer-too-large", "The host's answer exceeds the configured limit.", false);
    return failure("host-unreachable", "The connection broke before the host answered.", true);
  }
  // The request said Connection: close; the answer is complete, so nothing is lost by not
  // waiting for the host's close_notify.
  return read_answer(parser.get(), call.message_id);
}

CallResult HostClient::Endpoint::read_answer(const http::response<http::string_body>& response,
                                             std::string_view message_id) const {
  const unsigned status = response.result_int();
  if (status != kHttpOk && status != kHttpServerError) {
    const bool transient = status >= kHttpServerError;
    return failure("host-http-" + std::to_string(status),
                   "The host answered with HTTP status " + std::to_string(status) + ".", transient);
  }
  auto read = read_envelope(response[http::field::content_type], response.body(),
                            settings.max_response_bytes, MessageKind::Response);
  if (const auto* refused = std::get_if<RefusedEnvelope>(&read)) {
    if (refused->fault.code == FaultCode::MissingRelatesTo)
      return failure("missing-relates-to",
                     "0008: The host's answer does not say which call it answers (wsa:RelatesTo).",
                     false);
    return failure("invalid-answer", "The host's answer is not a valid WS-Addressing SOAP 1.1 "
                                     "response.", false);
  }
  const Envelope& envelope = std::get<Envelope>(read);
  if (envelope.addressing.relates_to != message_id)
    return failure("relates-to-mismatch",
                   "The host's answer relates to another message than the call.", false);

  const xmlNode& body = *envelope.body_child;
  if (xml::namespace_uri(body) == kSoapNamespace && xml::local_name(body) == "Fault") {
    // Only the side and the Digikoppeling number are kept: the host's own words are not ours
    // to store.
    const xmlNode* faultcode = xml::find_child(body, "faultcode");
    const xmlNode* faultstring = xml::find_child(body, "faultstring");
    const std::string code = faultcode != nullptr ? xml::text(*faultcode) : std::string();
    const bool server_side = code.size() >= 6 && code.substr(code.size() - 6) == "Server";
    const std::string number = fault_number(faultstring != nullptr ? xml::text(*faultstring) : "");
    return failure(server_side ? "host-fault-server" : "host-fault-client",
                   std::string("The host answered with a SOAP fault (") +
                       (server_side ? "Server" : "Client") + ", code " + number + ").",
                   server_side);
  }
  return body_document(envelope);
}

HostClient::HostClient(std::unique_ptr<Endpoint> endpoint) : endpoint_(std::move(endpoint)) {}

HostClient::~HostClient() = default;

const std::string& HostClient::host() const { return endpoint_->url.host; }

core::Result<std::unique_ptr<HostClient>> HostClient::create(const config::HostEndpoint& endpoint,
                                                             Pause pause) {
  auto url = parse_url(endpoint.url);
  if (!url) return core::configuration_error("The host endpoint '" + endpoint.url + "' is not an https:// URL.");
  auto state = std::make_unique<Endpoint>();
  state->settings = endpoint;
  state->url = std::move(*url);
  state->pause = std::move(pause);
  if (auto policy = apply_tls_policy(*state->tls.native_handle(), endpoint.tls, TlsRole::Client);
      !policy)
    return policy.error();
  return std::unique_ptr<HostClient>(new HostClient(std::move(state)));
}

CallResult HostClient::call(const HostCall& call) noexcept {
  try {
    std::chrono::milliseconds backoff = endpoint_->settings.call_backoff;
    for (int attempt = 1;; ++attempt) {
      CallResult result = endpoint_->call_once(call);
      const auto* failed = std::get_if<CallFailure>(&result);
      if (failed == nullptr || !failed->transient || attempt >= endpoint_->settings.call_attempts)
        return result;
      endpoint_->pause(backoff);
      backoff *= 2;
    }
  } catch (...) {
    return failure("internal-error", "The call to the host could not be made.", false);
  }
}

void sleep_for(std::chrono::milliseconds duration) { std::this_thread::sleep_for(duration); }

}  // namespace zvhpga::soap
