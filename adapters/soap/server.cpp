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

#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include "threads/signal_mask.h"
#include "soap/soap_endpoint.h"
#include "soap/tls.h"

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
constexpr unsigned kHttpNotFound = 404;
constexpr unsigned kHttpMethodNotAllowed = 405;
constexpr unsigned kHttpTooLarge = 413;

bool asks_for_wsdl(std::string_view target) {
  const auto query = target.find('?');
  return query != std::string_view::npos &&
         (target.substr(query + 1) == "wsdl" || target.substr(query + 1) == "WSDL");
}

HttpReply plain_reply(unsigned status, std::string text) {
  return {status, "text/plain; charset=utf-8", std::move(text)};
}

}  // namespace

struct Server::Running {
  Running(const config::Configuration& config, service::RequestPipeline& pipeline,
          ssl::context tls_context)
      : settings(*config.soap),
        tls(std::move(tls_context)),
        endpoint(config, pipeline, own_oin(*tls.native_handle())) {}

  ~Running() {
    io.stop();
    for (std::thread& thread : io_threads) thread.join();
    // Requests already in the pipeline finish; their replies are dropped with the io_context.
    if (workers) workers->join();
  }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

  void accept();

  // Declared so that what sessions use outlives the io_context that destroys them.
  const config::SoapSettings settings;
  ssl::context tls;
  SoapEndpoint endpoint;
  std::atomic<std::size_t> connections{0};
  net::io_context io{static_cast<int>(settings.io_threads)};
  tcp::acceptor acceptor{net::make_strand(io)};
  net::steady_timer accept_retry{acceptor.get_executor()};
  std::optional<net::thread_pool> workers;
  std::vector<std::thread> io_threads;
  std::uint16_t port = 0;
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
  ~Session() { --server_.connections; }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::handshake, shared_from_this()));
  }

 private:
  beast::tcp_stream& transport() { return beast::get_lowest_layer(stream_); }

  void handshake() {
    transport().expires_after(server_.settings.read_timeout);
    stream_.async_handshake(ssl::stream_base::server,
                            beast::bind_front_handler(&Session::on_handshake, shared_from_this()));
  }

  // A failed handshake (no certificate, an untrusted or revoked one, an old protocol or a suite
  // outside the policy) just ends the connection: transport errors stay at the TLS level.
  void on_handshake(beast::error_code error) {
    if (error) return;
    beast::error_code ignored;
    origin_ = "soap:" + transport().socket().remote_endpoint(ignored).address().to_string();
    if (auto oin = peer_oin(*stream_.native_handle());
        oin && server_.endpoint.partner_with_oin(*oin) != nullptr)
      partner_oin_ = std::move(*oin);
    await_request();
  }

  // Between requests the idle timeout applies; once a request's first bytes arrived, the read
  // timeout covers the whole request, however slowly it trickles in.
  void await_request() {
    if (buffer_.size() > 0) return read_request();
    transport().expires_after(server_.settings.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                            beast::bind_front_handler(&Session::on_first_bytes, shared_from_this()));
  }

  void on_first_bytes(beast::error_code error, std::size_t size) {
    if (error) return;
    buffer_.commit(size);
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
        {partner_oin_, origin_,
         soap_action == request_.end() ? std::nullopt : std::optional<std::string_view>(soap_action->value()),
         request_[http::field::content_type], request_.body()});
    net::post(stream_.get_executor(), [self = shared_from_this(), answer = std::move(answer)]() mutable {
      self->reply(std::move(answer));
    });
  }

  static HttpReply wsdl(std::string_view target) {
    const auto text = resources::embedded_wsdl("zvhpga-v1.wsdl");
    if (!asks_for_wsdl(target) || !text) return plain_reply(kHttpNotFound, "Not found.\n");
    return {200, "text/xml; charset=utf-8", std::string(*text)};
  }

  void reply(HttpReply answer) {
    response_ = {};
    response_.version(11);
    response_.result(answer.status);
    response_.set(http::field::content_type, answer.content_type);
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
  std::string origin_;
  std::string partner_oin_;  // empty: no certificate OIN that the partner table knows
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
    if (connections.load() < settings.max_connections)
      std::make_shared<Session>(std::move(socket), *this)->start();
    // else: the socket closes as it goes out of scope; the connections already admitted keep
    // their share.
    accept();
  });
}

Server::Server(std::unique_ptr<Running> running) : running_(std::move(running)) {}

Server::~Server() = default;

std::uint16_t Server::port() const { return running_->port; }

core::Result<std::unique_ptr<Server>> Server::start(const config::Configuration& config,
                                                    service::RequestPipeline& pipeline) {
  if (!config.soap)
    return core::configuration_error("The configuration has no <soap> section to start the service from.");
  ssl::context tls(ssl::context::tls_server);
  if (auto policy = apply_tls_policy(*tls.native_handle(), config.soap->tls, TlsRole::Server);
      !policy)
    return policy.error();
  auto running = std::make_unique<Running>(config, pipeline, std::move(tls));
  const config::SoapSettings& settings = running->settings;

  beast::error_code error;
  const auto address = net::ip::make_address(settings.listen_address, error);
  if (error)
    return core::configuration_error("The listen address '" + settings.listen_address +
                               "' is not an IP address.");
  const tcp::endpoint endpoint(address, settings.port);
  tcp::acceptor& acceptor = running->acceptor;
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(net::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(net::socket_base::max_listen_connections, error);
  if (error)
    return core::configuration_error("Cannot listen on " + settings.listen_address + " port " +
                               std::to_string(settings.port) + ": " + error.message() + ".");
  running->port = acceptor.local_endpoint().port();

  running->accept();
  threads::with_signals_blocked([&running] {
    running->workers.emplace(running->settings.worker_threads);
    for (std::size_t i = 0; i < running->settings.io_threads; ++i)
      running->io_threads.emplace_back([&io = running->io] { io.run(); });
  });
  return std::unique_ptr<Server>(new Server(std::move(running)));
}

}  // namespace zvhpga::soap
