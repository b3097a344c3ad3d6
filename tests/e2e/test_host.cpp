#include "test_host.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "soap/tls.h"

namespace zvhpga::e2e {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

// Long enough for a loaded sanitizer build; only a broken client ever waits this long.
constexpr timeval kSocketTimeout{10, 0};

std::string between(std::string_view text, std::string_view open, std::string_view close) {
  const auto start = text.find(open);
  if (start == std::string_view::npos) return {};
  const auto end = text.find(close, start + open.size());
  if (end == std::string_view::npos) return {};
  return std::string(text.substr(start + open.size(), end - start - open.size()));
}

std::string envelope(std::string_view relates_to, std::string_view body) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "xmlns:wsa=\"http://www.w3.org/2005/08/addressing\"><soap:Header>"
      "<wsa:Action>urn:nl:zvh-pga:host:1/RecordOutcomeAcknowledgement</wsa:Action>"
      "<wsa:MessageID>urn:uuid:6f1c2d3e-0000-4000-8000-000000000001</wsa:MessageID>";
  if (!relates_to.empty()) out += "<wsa:RelatesTo>" + std::string(relates_to) + "</wsa:RelatesTo>";
  out += "</soap:Header><soap:Body>" + std::string(body) + "</soap:Body></soap:Envelope>";
  return out;
}

}  // namespace

struct TestHost::Running {
  net::io_context io;
  ssl::context tls{ssl::context::tls_server};
  tcp::acceptor acceptor{io};
  std::uint16_t port = 0;
  std::atomic<bool> stopping{false};
  mutable std::mutex mutex;
  int failures_left = 0;
  // What wsa:RelatesTo says: the call's MessageID, nothing (left out), or another message.
  enum class Relation { Call, Missing, Other } relation = Relation::Call;
  std::vector<ReceivedCall> calls;
  std::thread thread;

  void serve() {
    while (true) {
      tcp::socket socket(io);
      beast::error_code error;
      acceptor.accept(socket, error);
      if (stopping) return;
      if (error) continue;
      setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &kSocketTimeout, sizeof kSocketTimeout);
      setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &kSocketTimeout, sizeof kSocketTimeout);
      answer(socket);
    }
  }

  void answer(tcp::socket& socket) {
    ssl::stream<tcp::socket&> stream(socket, tls);
    beast::error_code error;
    stream.handshake(ssl::stream_base::server, error);
    if (error) return;
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::read(stream, buffer, request, error);
    if (error) return;

    ReceivedCall call{between(request.body(), "<wsa:Action>", "</wsa:Action>"),
                      between(request.body(), "<wsa:To>", "</wsa:To>"),
                      between(request.body(), "<wsa:MessageID>", "</wsa:MessageID>"),
                      between(request.body(), "<decisionId>", "</decisionId>"), request.body()};
    bool fail = false;
    Relation relate = Relation::Call;
    {
      const std::lock_guard lock(mutex);
      calls.push_back(call);
      fail = failures_left > 0;
      if (fail) --failures_left;
      relate = relation;
    }
    http::response<http::string_body> response;
    response.version(11);
    response.set(http::field::content_type, "text/xml; charset=utf-8");
    response.keep_alive(false);
    if (fail) {
      response.result(http::status::internal_server_error);
      response.body() = envelope(
          call.message_id,
          "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>0051: The service is "
          "temporarily unavailable.</faultstring></soap:Fault>");
    } else {
      response.result(http::status::ok);
      const std::string relates_to =
          relate == Relation::Call    ? call.message_id
          : relate == Relation::Other ? "urn:uuid:6f1c2d3e-0000-4000-8000-0000000000ff"
                                      : "";
      response.body() = envelope(relates_to,
                                 "<RecordOutcomeAcknowledgement xmlns=\"urn:nl:zvh-pga:host:1\">"
                                 "<decisionId>" + call.decision_id +
                                     "</decisionId></RecordOutcomeAcknowledgement>");
    }
    response.prepare_payload();
    http::write(stream, response, error);
  }
};

TestHost::TestHost(const config::TlsFiles& tls, std::uint16_t port)
    : running_(std::make_unique<Running>()) {
  if (!soap::apply_tls_policy(*running_->tls.native_handle(), tls, soap::TlsRole::Server))
    throw std::runtime_error("test host: unusable TLS files");
  const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
  running_->acceptor.open(endpoint.protocol());
  running_->acceptor.set_option(net::socket_base::reuse_address(true));
  running_->acceptor.bind(endpoint);
  running_->acceptor.listen();
  running_->port = running_->acceptor.local_endpoint().port();
  running_->thread = std::thread([running = running_.get()] { running->serve(); });
}

TestHost::~TestHost() {
  running_->stopping = true;
  // A connection of our own wakes the blocking accept, which then sees it is stopping.
  tcp::socket wake(running_->io);
  beast::error_code ignored;
  wake.connect({net::ip::make_address("127.0.0.1"), running_->port}, ignored);
  running_->thread.join();
}

std::uint16_t TestHost::port() const { return running_->port; }

void TestHost::fail_first_calls(int count) {
  const std::lock_guard lock(running_->mutex);
  running_->failures_left = count;
}

void TestHost::omit_relates_to() {
  const std::lock_guard lock(running_->mutex);
  running_->relation = Running::Relation::Missing;
}

void TestHost::relate_to_another_message() {
  const std::lock_guard lock(running_->mutex);
  running_->relation = Running::Relation::Other;
}

std::vector<ReceivedCall> TestHost::calls() const {
  const std::lock_guard lock(running_->mutex);
  return running_->calls;
}

}  // namespace zvhpga::e2e
