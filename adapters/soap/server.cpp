#include "soap/server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "soap/listener.h"
#include "soap/soap_endpoint.h"
#include "soap/tls.h"
#include "threads/signal_mask.h"

namespace zvhpga::resources {
std::optional<std::string_view> embedded_wsdl(std::string_view name);
}

namespace zvhpga::soap {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr std::size_t kFirstReadBytes = 1024;
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);
constexpr unsigned kHttpBadRequest = 400;
constexpr unsigned kHttpNotFound = 404;
constexpr unsigned kHttpMethodNotAllowed = 405;
constexpr unsigned kHttpTooLarge = 413;
// Every 405 names the methods the service does allow (RFC 7231 §6.5.5).
constexpr std::string_view kAllowedMethods = "GET, POST";
// The placeholder the WSDL is generated with (tests/wsdl/generate_wsdl.sh); the service
// serves its own address in its place.
constexpr std::string_view kWsdlPlaceholderAddress = "location=\"https://localhost/zvh-pga\"";

bool asks_for_wsdl(std::string_view target) {
  const auto query = target.find('?');
  return query != std::string_view::npos &&
         (target.substr(query + 1) == "wsdl" || target.substr(query + 1) == "WSDL");
}

HttpReply plain_reply(unsigned status, std::string text) {
  return {status, "text/plain; charset=utf-8", std::move(text), {}};
}

// The headers the service reads: a request that sends one of them twice is ambiguous.
bool repeats_a_header_it_reads(const http::request<http::string_body>& request) {
  return request.count(http::field::content_type) > 1 || request.count("SOAPAction") > 1;
}

std::string escaped_attribute(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// The configured public address, or one made of the listen address and the bound port.
std::string public_address(const config::SoapSettings& settings, const net::ip::address& address,
                           std::uint16_t port) {
  if (!settings.public_address.empty()) return settings.public_address;
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return "https://" + host + ":" + std::to_string(port) + "/zvh-pga";
}

// The WSDL with the service's own address as its soap:address; nothing if it is not embedded.
std::optional<std::string> served_wsdl(std::string_view address) {
  const auto text = resources::embedded_wsdl("zvhpga-v1.wsdl");
  if (!text) return std::nullopt;
  std::string wsdl(*text);
  if (const auto at = wsdl.find(kWsdlPlaceholderAddress); at != std::string::npos)
    wsdl.replace(at, kWsdlPlaceholderAddress.size(), "location=\"" + escaped_attribute(address) + "\"");
  return wsdl;
}

// Connections that have not finished their TLS handshake have not said who they are. They are
// bounded apart from the others: at most max_per_address from one peer address (a newcomer
// beyond that is refused), and at most max_total in all. When all are taken, a newcomer does
// not wait behind them: the oldest pending handshake of the address that holds the most gives
// way. A flood from a few addresses thus only ever displaces itself, and one spread over many
// addresses must refill every slot faster than a partner completes one handshake to keep it
// out. Connections that did authenticate are never touched.
class HandshakeAdmission {
 public:
  HandshakeAdmission(std::size_t max_total, std::size_t max_per_address)
      : max_total_(max_total), max_per_address_(max_per_address) {}

  // A ticket for a handshake from this address, or nothing when the address has its share.
  // end is called (on any thread, without the lock) if the handshake is made to give way.
  std::optional<std::uint64_t> admit(const net::ip::address& address, std::function<void()> end) {
    std::function<void()> give_way;
    std::uint64_t ticket = 0;
    {
      const std::lock_guard lock(mutex_);
      if (pending_from(address) >= max_per_address_) return std::nullopt;
      if (pending_.size() >= max_total_) {
        const auto yielding = oldest_of_the_busiest_address();
        give_way = std::move(yielding->end);
        pending_.erase(yielding);
      }
      ticket = ++last_ticket_;
      pending_.push_back({ticket, address, std::move(end)});
    }
    if (give_way) give_way();
    return ticket;
  }

  // The handshake ended, one way or another; a ticket that gave way is already gone.
  void release(std::uint64_t ticket) {
    const std::lock_guard lock(mutex_);
    pending_.remove_if([ticket](const Pending& p) { return p.ticket == ticket; });
  }

 private:
  struct Pending {
    std::uint64_t ticket;
    net::ip::address address;
    std::function<void()> end;
  };

  std::size_t pending_from(const net::ip::address& address) const {
    return static_cast<std::size_t>(std::count_if(
        pending_.begin(), pending_.end(), [&](const Pending& p) { return p.address == address; }));
  }

  // Of the addresses with the most pending handshakes, the one whose handshake is oldest.
  std::list<Pending>::iterator oldest_of_the_busiest_address() {
    auto yielding = pending_.begin();
    std::size_t most = 0;
    for (auto candidate = pending_.begin(); candidate != pending_.end(); ++candidate) {
      const std::size_t count = pending_from(candidate->address);
      if (count > most) {
        most = count;
        yielding = candidate;
      }
    }
    return yielding;
  }

  const std::size_t max_total_;
  const std::size_t max_per_address_;
  std::mutex mutex_;
  std::list<Pending> pending_;  // oldest first
  std::uint64_t last_ticket_ = 0;
};

// Why a handshake failed, in the words of the fixed list; the peer's certificate verification
// result tells an expired or revoked certificate from one that does not chain.
HandshakeFailure classify_handshake_failure(const beast::error_code& error, const SSL& connection) {
  if (error == beast::error::timeout) return HandshakeFailure::Timeout;
  if (error == net::error::eof || error == ssl::error::stream_truncated ||
      error == net::error::connection_reset || error == net::error::operation_aborted ||
      error == net::error::bad_descriptor)
    return HandshakeFailure::ConnectionClosed;
  if (error.category() != net::error::get_ssl_category()) return HandshakeFailure::Other;
  switch (ERR_GET_REASON(static_cast<unsigned long>(error.value()))) {
    case SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE:
      return HandshakeFailure::NoClientCertificate;
    case SSL_R_CERTIFICATE_VERIFY_FAILED:
      switch (SSL_get_verify_result(&connection)) {
        case X509_V_ERR_CERT_HAS_EXPIRED: return HandshakeFailure::CertificateExpired;
        case X509_V_ERR_CERT_REVOKED: return HandshakeFailure::CertificateRevoked;
        default: return HandshakeFailure::CertificateNotTrusted;
      }
    case SSL_R_UNSUPPORTED_PROTOCOL:
    case SSL_R_WRONG_VERSION_NUMBER:
    case SSL_R_VERSION_TOO_LOW:
    case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
      return HandshakeFailure::ProtocolVersion;
    case SSL_R_NO_SHARED_CIPHER:
      return HandshakeFailure::NoSharedCipher;
    case SSL_R_HTTP_REQUEST:
    case SSL_R_HTTPS_PROXY_REQUEST:
      return HandshakeFailure::NotTls;
    default:
      return HandshakeFailure::Other;
  }
}

RequestResult request_result(const HttpReply& answer) {
  if (answer.status == 200) return RequestResult::Ok;
  return answer.facts.fault || answer.facts.error ? RequestResult::Fault : RequestResult::Refused;
}

}  // namespace

struct Server::Running {
  Running(const config::Configuration& config, service::RequestPipeline& pipeline,
          ssl::context tls_context, Metrics& counters)
      : settings(*config.soap),
        log(settings.log_level),
        metrics(counters),
        tls(std::move(tls_context)),
        endpoint(config, pipeline, own_oin(*tls.native_handle())) {}

  ~Running() {
    io.stop();
    for (std::thread& thread : io_threads) thread.join();
    // Requests already in the pipeline finish; their replies are dropped with the io_context.
    if (workers) workers->join();
    log.stopped();
  }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

  void accept();

  // Declared so that what sessions use outlives the io_context that destroys them.
  const config::SoapSettings settings;
  const RequestLog log;
  Metrics& metrics;
  ssl::context tls;
  SoapEndpoint endpoint;
  std::atomic<std::size_t> connections{0};
  HandshakeAdmission handshakes{settings.max_handshakes, settings.max_handshakes_per_address};
  net::io_context io{static_cast<int>(settings.io_threads)};
  tcp::acceptor acceptor{net::make_strand(io)};
  net::steady_timer accept_retry{acceptor.get_executor()};
  std::optional<net::thread_pool> workers;
  std::vector<std::thread> io_threads;
  std::uint16_t port = 0;
  std::optional<std::string> wsdl;  // with this service's address
};

namespace {

// One client connection: TLS handshake, then requests one at a time, each with its own limits
// and deadline. Every wait has a deadline, so a client that stalls loses only its own
// connection.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Running& server)
      : stream_(std::move(socket), server.tls), server_(server) {
    ++server_.connections;
  }
  ~Session() {
    release_handshake();
    --server_.connections;
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Whether the handshake may start (HandshakeAdmission); called on accepting, before start, so
  // that a connection refused here never holds a place among the connections.
  bool admit_handshake() {
    beast::error_code error;
    const auto peer = transport().socket().remote_endpoint(error);
    if (error) return false;
    handshake_ticket_ = server_.handshakes.admit(
        peer.address(), [weak = weak_from_this(), executor = stream_.get_executor()] {
          net::post(executor, [weak] {
            if (auto self = weak.lock()) self->transport().close();
          });
        });
    return handshake_ticket_.has_value();
  }

  void start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::handshake, shared_from_this()));
  }

 private:
  beast::tcp_stream& transport() { return beast::get_lowest_layer(stream_); }

  void handshake() {
    transport().expires_after(server_.settings.handshake_timeout);
    stream_.async_handshake(ssl::stream_base::server,
                            beast::bind_front_handler(&Session::on_handshake, shared_from_this()));
  }

  void release_handshake() {
    if (handshake_ticket_) server_.handshakes.release(*handshake_ticket_);
    handshake_ticket_.reset();
  }

  // A failed handshake (no certificate, an untrusted or revoked one, an old protocol or a suite
  // outside the policy) just ends the connection: transport errors stay at the TLS level.
  void on_handshake(beast::error_code error) {
    release_handshake();
    if (error) {
      const HandshakeFailure failure = classify_handshake_failure(error, *stream_.native_handle());
      server_.metrics.count_handshake_failure(failure);
      server_.log.handshake_failure(handshake_failure_name(failure));
      return;
    }
    beast::error_code ignored;
    peer_address_ = transport().socket().remote_endpoint(ignored).address().to_string();
    if (auto oin = peer_oin(*stream_.native_handle());
        oin && server_.endpoint.partner_with_oin(*oin) != nullptr)
      partner_oin_ = std::move(*oin);
    await_request();
  }

  // Between requests the idle timeout applies; once a request's first bytes arrived, the read
  // timeout covers the whole request, however slowly it trickles in.
  void await_request() {
    if (buffer_.size() > 0) {
      request_started_ = std::chrono::steady_clock::now();
      return read_request();
    }
    transport().expires_after(server_.settings.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                            beast::bind_front_handler(&Session::on_first_bytes, shared_from_this()));
  }

  void on_first_bytes(beast::error_code error, std::size_t size) {
    if (error) return;
    buffer_.commit(size);
    request_started_ = std::chrono::steady_clock::now();
    read_request();
  }

  void read_request() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.settings.max_header_bytes));
    parser_->body_limit(server_.settings.max_body_bytes);
    transport().expires_after(server_.settings.read_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  // A client that sent `Expect: 100-continue` (curl does for bodies over 1 KiB) waits for a
  // go-ahead before it sends the body (RFC 9110 §10.1.1). An organisation the partner table does
  // not know gets its refusal instead, and a body over the limit was refused by the parser
  // already, from its Content-Length: neither body is ever sent. Without the expectation the
  // body is read before anything is answered, so that no reply races a body still arriving.
  void on_header(beast::error_code error, std::size_t size) {
    if (error) return on_read(error, size);
    if (!beast::iequals(parser_->get()[http::field::expect], "100-continue")) return read_body();
    if (partner_oin_.empty()) {
      keep_alive_ = false;
      return reply(server_.endpoint.refuse_unknown_partner());
    }
    go_ahead_ = {http::status::continue_, 11};
    http::async_write(stream_, go_ahead_, [self = shared_from_this()](beast::error_code write_error, std::size_t) {
      if (!write_error) self->read_body();
    });
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code error, std::size_t /*size*/) {
    if (error == http::error::end_of_stream) return shut_down();
    if (error == http::error::body_limit || error == http::error::header_limit) {
      keep_alive_ = false;
      return reply(plain_reply(kHttpTooLarge, "The request exceeds this service's limits.\n"));
    }
    if (error) return;
    request_ = parser_->release();
    keep_alive_ = request_.keep_alive() && !partner_oin_.empty();
    if (partner_oin_.empty()) return reply(server_.endpoint.refuse_unknown_partner());
    if (repeats_a_header_it_reads(request_)) {
      keep_alive_ = false;
      return reply(plain_reply(kHttpBadRequest, "Send Content-Type and SOAPAction once each.\n"));
    }
    if (request_.method() == http::verb::get) return reply(wsdl(request_.target()));
    if (request_.method() != http::verb::post)
      return reply(plain_reply(kHttpMethodNotAllowed, "Use POST (SOAP) or GET ?wsdl.\n"));
    // The pipeline may wait for the database: it runs on the worker pool, never on an I/O
    // thread.
    net::post(*server_.workers, [self = shared_from_this()] { self->process(); });
  }

  void process() {
    const auto soap_action = request_.find("SOAPAction");
    HttpReply answer = server_.endpoint.handle(
        {partner_oin_, peer_address_,
         soap_action == request_.end() ? std::nullopt : std::optional<std::string_view>(soap_action->value()),
         request_[http::field::content_type], request_.body()});
    net::post(stream_.get_executor(), [self = shared_from_this(), answer = std::move(answer)]() mutable {
      self->reply(std::move(answer));
    });
  }

  HttpReply wsdl(std::string_view target) const {
    if (!asks_for_wsdl(target) || !server_.wsdl) return plain_reply(kHttpNotFound, "Not found.\n");
    return {200, "text/xml; charset=utf-8", *server_.wsdl, {}};
  }

  void reply(HttpReply answer) {
    const auto duration = std::chrono::steady_clock::now() - request_started_;
    server_.log.request({partner_oin_, answer.status, answer.facts, duration});
    server_.metrics.count_request(answer.facts.operation, request_result(answer), duration);
    response_ = {};
    response_.version(11);
    response_.result(answer.status);
    response_.set(http::field::content_type, answer.content_type);
    if (answer.status == kHttpMethodNotAllowed) response_.set(http::field::allow, kAllowedMethods);
    response_.body() = std::move(answer.body);
    response_.keep_alive(keep_alive_);
    response_.prepare_payload();
    transport().expires_after(server_.settings.write_timeout);
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code error, std::size_t /*size*/) {
    if (error) return;
    request_ = {};
    if (!keep_alive_) return shut_down();
    await_request();
  }

  void shut_down() {
    transport().expires_after(server_.settings.write_timeout);
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {});
  }

  beast::ssl_stream<beast::tcp_stream> stream_;
  Server::Running& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  http::response<http::empty_body> go_ahead_;
  std::string peer_address_;
  std::string partner_oin_;  // empty: no certificate OIN that the partner table knows
  std::optional<std::uint64_t> handshake_ticket_;  // while the TLS handshake is admitted and pending
  std::chrono::steady_clock::time_point request_started_;  // its first bytes, for the request log
  bool keep_alive_ = false;
};

}  // namespace

void Server::Running::accept() {
  acceptor.async_accept(net::make_strand(io), [this](beast::error_code error, tcp::socket socket) {
    if (error == net::error::operation_aborted) return;
    if (error) {
      // Out of descriptors or memory: wait a little instead of spinning.
      accept_retry.expires_after(kAcceptRetryDelay);
      accept_retry.async_wait([this](beast::error_code wait_error) {
        if (!wait_error) accept();
      });
      return;
    }
    if (connections.load() < settings.max_connections) {
      const auto session = std::make_shared<Session>(std::move(socket), *this);
      if (session->admit_handshake()) session->start();
    }
    // else, or when not admitted: the socket closes as the session or the socket goes out of
    // scope; the connections already admitted keep their share.
    accept();
  });
}

Server::Server(std::unique_ptr<Running> running) : running_(std::move(running)) {}

Server::~Server() = default;

std::uint16_t Server::port() const { return running_->port; }

core::Result<std::unique_ptr<Server>> Server::start(const config::Configuration& config,
                                                    service::RequestPipeline& pipeline,
                                                    ServiceSummary summary, Metrics& metrics) {
  if (!config.soap)
    return core::configuration_error("The configuration has no <soap> section to start the service from.");
  ssl::context tls(ssl::context::tls_server);
  if (auto policy = apply_tls_policy(*tls.native_handle(), config.soap->tls, TlsRole::Server);
      !policy)
    return policy.error();
  auto running = std::make_unique<Running>(config, pipeline, std::move(tls), metrics);
  const config::SoapSettings& settings = running->settings;

  beast::error_code error;
  const auto address = net::ip::make_address(settings.listen_address, error);
  if (error)
    return core::configuration_error("The listen address '" + settings.listen_address +
                               "' is not an IP address.");
  const tcp::endpoint endpoint(address, settings.port);
  tcp::acceptor& acceptor = running->acceptor;
  error = listen_on(acceptor, endpoint);
  if (error)
    return core::configuration_error("Cannot listen on " + settings.listen_address + " port " +
                               std::to_string(settings.port) + ": " + error.message() + ".");
  running->port = acceptor.local_endpoint().port();
  running->wsdl = served_wsdl(public_address(settings, address, running->port));

  summary.listen_address = settings.listen_address;
  summary.port = running->port;
  running->log.started(summary);
  running->accept();
  threads::with_signals_blocked([&running] {
    running->workers.emplace(running->settings.worker_threads);
    for (std::size_t i = 0; i < running->settings.io_threads; ++i)
      running->io_threads.emplace_back([&io = running->io] { io.run(); });
  });
  return std::unique_ptr<Server>(new Server(std::move(running)));
}

}  // namespace zvhpga::soap
