#include "soap/monitoring.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <optional>
#include <thread>

#include "soap/listener.h"
#include "threads/signal_mask.h"

namespace zvhpga::soap {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

// A monitoring request is a request line and a few headers: anything larger is not one.
constexpr std::uint32_t kMaxHeaderBytes = 4096;
constexpr unsigned kHttpOk = 200;
constexpr unsigned kHttpNotFound = 404;
constexpr unsigned kHttpMethodNotAllowed = 405;
constexpr unsigned kHttpServiceUnavailable = 503;
// The content type of the text exposition format, version 0.0.4.
constexpr std::string_view kExpositionType = "text/plain; version=0.0.4; charset=utf-8";
constexpr std::string_view kTextType = "text/plain; charset=utf-8";

struct Reply {
  unsigned status = kHttpOk;
  std::string_view content_type = kTextType;
  std::string body;
};

}  // namespace

struct MonitoringServer::Running {
  Running(const config::MonitoringSettings& configured, const Metrics& counted,
          MonitoringSources looked_up)
      : settings(configured), metrics(counted), sources(std::move(looked_up)) {}
  ~Running() {
    io.stop();
    if (io_thread.joinable()) io_thread.join();
    if (lookups) lookups->join();
  }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

  void accept();

  // Whether the answer for this target needs the sources, which may wait for the store.
  static bool looks_up(std::string_view target) {
    return target == "/health/ready" || target == "/metrics";
  }

  // What GET on this target answers; on the lookup thread when looks_up says so.
  Reply answer(std::string_view target) const {
    if (target == "/health/live") return {kHttpOk, kTextType, "live\n"};
    if (target == "/health/ready") {
      const auto checks = sources.readiness();
      return {all_passed(checks) ? kHttpOk : kHttpServiceUnavailable, kTextType,
              readiness_text(checks)};
    }
    if (target == "/metrics") {
      auto families = metrics.families();
      for (MetricFamily& family : sources.gauges()) families.push_back(std::move(family));
      return {kHttpOk, kExpositionType, exposition(families)};
    }
    return {kHttpNotFound, kTextType, "Not found: GET /health/live, /health/ready or /metrics.\n"};
  }

  const config::MonitoringSettings settings;
  const Metrics& metrics;
  const MonitoringSources sources;
  std::atomic<std::size_t> connections{0};
  net::io_context io{1};
  tcp::acceptor acceptor{net::make_strand(io)};
  // One thread, so that the sources are called one at a time, as they expect.
  std::optional<net::thread_pool> lookups;
  std::thread io_thread;
  std::uint16_t port = 0;
};

namespace {

// One monitoring client's connection: requests one at a time, each read and each answer under
// the configured deadline; the connection stays open between them (Prometheus keeps it) for no
// longer than that deadline either.
class MonitoringSession : public std::enable_shared_from_this<MonitoringSession> {
 public:
  MonitoringSession(tcp::socket socket, MonitoringServer::Running& server)
      : stream_(std::move(socket)), server_(server) {
    ++server_.connections;
  }
  ~MonitoringSession() { --server_.connections; }
  MonitoringSession(const MonitoringSession&) = delete;
  MonitoringSession& operator=(const MonitoringSession&) = delete;

  void start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&MonitoringSession::read, shared_from_this()));
  }

 private:
  void read() {
    parser_.emplace();
    parser_->header_limit(kMaxHeaderBytes);
    // empty_body: a request that carries a body is refused by the parser.
    stream_.expires_after(server_.settings.timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&MonitoringSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code error, std::size_t /*size*/) {
    if (error) return close();
    request_ = parser_->release();
    if (request_.method() != http::verb::get)
      return reply({kHttpMethodNotAllowed, kTextType, "Use GET.\n"});
    // Liveness (and a wrong target) is answered here, so that it never waits behind a lookup.
    if (!server_.looks_up(request_.target())) return reply(server_.answer(request_.target()));
    // The answer may wait for the store: it is looked up off the I/O thread.
    net::post(*server_.lookups, [self = shared_from_this()] {
      Reply answer = self->server_.answer(self->request_.target());
      net::post(self->stream_.get_executor(), [self, answer = std::move(answer)]() mutable {
        self->reply(std::move(answer));
      });
    });
  }

  void reply(Reply answer) {
    response_ = {};
    response_.version(request_.version());
    response_.result(answer.status);
    response_.set(http::field::content_type, answer.content_type);
    response_.set(http::field::cache_control, "no-store");
    if (answer.status == kHttpMethodNotAllowed) response_.set(http::field::allow, "GET");
    response_.body() = std::move(answer.body);
    response_.keep_alive(request_.keep_alive());
    response_.prepare_payload();
    stream_.expires_after(server_.settings.timeout);
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&MonitoringSession::on_write, shared_from_this()));
  }

  void on_write(beast::error_code error, std::size_t /*size*/) {
    if (error || !response_.keep_alive()) return close();
    read();
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  MonitoringServer::Running& server_;
  beast::flat_buffer buffer_{kMaxHeaderBytes};
  std::optional<http::request_parser<http::empty_body>> parser_;
  http::request<http::empty_body> request_;
  http::response<http::string_body> response_;
};

}  // namespace

void MonitoringServer::Running::accept() {
  acceptor.async_accept(net::make_strand(io), [this](beast::error_code error, tcp::socket socket) {
    if (error == net::error::operation_aborted) return;
    // Beyond the limit a newcomer is closed at once; so is a failed accept's socket.
    if (!error && connections.load() < settings.max_connections)
      std::make_shared<MonitoringSession>(std::move(socket), *this)->start();
    accept();
  });
}

std::string readiness_text(const std::vector<ReadinessCheck>& checks) {
  std::string text = all_passed(checks) ? "ready\n" : "not ready\n";
  for (const ReadinessCheck& check : checks)
    text += check.name + ": " + (check.passed ? "ok" : "failing") +
            (check.detail.empty() ? "" : " - " + check.detail) + "\n";
  return text;
}

bool all_passed(const std::vector<ReadinessCheck>& checks) {
  for (const ReadinessCheck& check : checks)
    if (!check.passed) return false;
  return true;
}

MonitoringServer::MonitoringServer(std::unique_ptr<Running> running) : running_(std::move(running)) {}

MonitoringServer::~MonitoringServer() = default;

std::uint16_t MonitoringServer::port() const { return running_->port; }

core::Result<std::unique_ptr<MonitoringServer>> MonitoringServer::start(
    const config::MonitoringSettings& settings, const Metrics& metrics, MonitoringSources sources) {
  auto running = std::make_unique<Running>(settings, metrics, std::move(sources));
  beast::error_code error;
  const auto address = net::ip::make_address(settings.listen_address, error);
  // The configuration reader refused every address that is not a loopback one already.
  if (error || !address.is_loopback())
    return core::configuration_error("The monitoring address '" + settings.listen_address +
                                     "' is not a loopback IP address.");
  const tcp::endpoint endpoint(address, settings.port);
  tcp::acceptor& acceptor = running->acceptor;
  error = listen_on(acceptor, endpoint);
  if (error)
    return core::configuration_error("Cannot listen for monitoring on " + settings.listen_address +
                                     " port " + std::to_string(settings.port) + ": " +
                                     error.message() + ".");
  running->port = acceptor.local_endpoint().port();
  running->accept();
  threads::with_signals_blocked([&running] {
    running->lookups.emplace(1);
    running->io_thread = std::thread([&io = running->io] { io.run(); });
  });
  return std::unique_ptr<MonitoringServer>(new MonitoringServer(std::move(running)));
}

}  // namespace zvhpga::soap
