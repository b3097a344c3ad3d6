// Health and metrics on the monitoring address, end to end: the plugin opened and its service
// started through the C ABI with <soap><monitoring> on 127.0.0.1, asked over plain HTTP as an
// administrator's monitoring would ask it. Each test starts its own service, as several of them
// break what the service depends on.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zvhpga/zvhpga.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "soap_messages.h"
#include "tls_client.h"

namespace zvhpga::e2e {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// How long a test waits for a counter the service bumps after it answered.
constexpr auto kCounterWait = 3s;

struct PlainResponse {
  int status = 0;
  std::string body;
};

// A port on 127.0.0.1 that was free a moment ago: the monitoring address is configured, not
// reported through the C ABI, so the test picks one.
int free_port() {
  const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(socket, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(socket, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(socket);
  return ntohs(address.sin_port);
}

// GET over plain HTTP/1.1, the connection closed after the answer; status 0 when it failed.
PlainResponse http_get(int port, const std::string& target) {
  const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval timeout{5, 0};
  ::setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  PlainResponse response;
  if (::connect(socket, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    const std::string request =
        "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    ::send(socket, request.data(), request.size(), MSG_NOSIGNAL);
    std::string received;
    char buffer[4096];
    for (ssize_t n = 0; (n = ::recv(socket, buffer, sizeof buffer, 0)) > 0;)
      received.append(buffer, static_cast<std::size_t>(n));
    if (received.starts_with("HTTP/1.1 ")) {
      response.status = std::stoi(received.substr(9, 3));
      const auto body = received.find("\r\n\r\n");
      if (body != std::string::npos) response.body = received.substr(body + 4);
    }
  }
  ::close(socket);
  return response;
}

class Monitoring : public ::testing::Test {
 protected:
  void SetUp() override { std::signal(SIGPIPE, SIG_IGN); }

  void TearDown() override {
    if (instance_ != nullptr) zvhpga_close(instance_);
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }

  // The configuration of the other end-to-end tests, with monitoring on a free port.
  std::string configuration_text(ServiceOptions options = {}) {
    monitoring_port_ = free_port();
    options.monitoring_port = monitoring_port_;
    return configuration(root_ / "data", pki_, options);
  }

  // Opens the plugin on this configuration; the error message when it refuses.
  std::optional<std::string> open(const std::string& text) {
    fs::create_directories(root_);
    const fs::path config = root_ / "zvhpga.xml";
    std::ofstream(config) << text;
    zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
    const std::string& path = config.native();
    std::optional<std::string> refusal;
    if (zvhpga_open(path.data(), path.size(), &instance_, &error) != ZVHPGA_OK)
      refusal = error.data != nullptr ? error.data : "";
    zvhpga_free(&error);
    return refusal;
  }

  void serve(const ServiceOptions& options = {}) {
    const auto refusal = open(configuration_text(options));
    ASSERT_FALSE(refusal) << *refusal;
    zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
    ASSERT_EQ(zvhpga_start_service(instance_, &soap_port_, &error), ZVHPGA_OK)
        << (error.data != nullptr ? error.data : "");
    zvhpga_free(&error);
  }

  PlainResponse get(const std::string& target) const { return http_get(monitoring_port_, target); }

  // The value of one sample line of the exposition as it stands; "(absent)" without the line.
  std::string sample(const std::string& series) const {
    const std::string body = get("/metrics").body;
    const auto at = body.find("\n" + series + " ");
    if (at == std::string::npos) return "(absent)";
    const auto start = at + series.size() + 2;
    return body.substr(start, body.find('\n', start) - start);
  }

  // The same once it reaches `expected` or the wait is over: the service counts a request as
  // it answers it, after the client may have read the answer.
  std::string sample_reaching(const std::string& series, const std::string& expected) const {
    std::string value = sample(series);
    for (const auto deadline = std::chrono::steady_clock::now() + kCounterWait;
         value != expected && std::chrono::steady_clock::now() < deadline; value = sample(series))
      std::this_thread::sleep_for(20ms);
    return value;
  }

  std::optional<HttpResponse> call_as(std::string_view partner, const Message& message) const {
    const TlsOptions options{(pki_ / (std::string(partner) + ".pem")).string(),
                             (pki_ / (std::string(partner) + ".key")).string(), TLS1_3_VERSION, {}, false};
    auto connection = TlsConnection::open(soap_port_, (pki_ / "ca.pem").string(), options);
    if (!connection || !connection->send(soap_post(message.envelope(), "\"" + message.action + "\"")))
      return std::nullopt;
    return connection->receive();
  }

  std::string register_signal() const {
    const auto registered = call_as(
        "gemeente-utrecht",
        operation("RegisterSignal", request_document("register-signal.xml", "ina", "intake-officer")));
    return registered ? between(registered->body, "<signalId>", "</signalId>") : "";
  }

  // Rows written into the store behind the plugin's back, as a test's given.
  void store(const std::string& sql) {
    ASSERT_EQ(sqlite3_exec(database(), sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(database());
  }

  sqlite3* database() {
    if (database_ == nullptr)
      sqlite3_open((root_ / "data" / "zvhpga.sqlite").c_str(), &database_);
    return database_;
  }

  ~Monitoring() override {
    if (database_ != nullptr) sqlite3_close(database_);
  }

  const fs::path root_ = fs::temp_directory_path() /
                         ("zvhpga-monitoring-" + std::to_string(::getpid()) + "-" +
                          ::testing::UnitTest::GetInstance()->current_test_info()->name());
  const fs::path pki_ = ZVHPGA_E2E_PKI;
  zvhpga_instance* instance_ = nullptr;
  std::uint16_t soap_port_ = 0;
  int monitoring_port_ = 0;
  sqlite3* database_ = nullptr;
};

TEST_F(Monitoring, LivenessAnswersOverPlainHttp) {
  serve();
  const PlainResponse live = get("/health/live");
  EXPECT_EQ(live.status, 200);
  EXPECT_EQ(live.body, "live\n");
}

TEST_F(Monitoring, ReadyWhenEveryCheckPasses) {
  serve();
  const PlainResponse ready = get("/health/ready");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_TRUE(ready.body.starts_with("ready\n")) << ready.body;
  for (const char* line : {"store: ok", "audit-trail: ok", "criteria-catalogue: ok - 2026.1",
                           "retention-policy: ok - 2026.2", "certificates: ok"})
    EXPECT_NE(ready.body.find(line), std::string::npos) << line << " in\n" << ready.body;
}

TEST_F(Monitoring, NotReadyWhileTheStoreDoesNotAnswerButStillLive) {
  serve();
  ASSERT_EQ(sqlite3_exec(database(), "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  const PlainResponse ready = get("/health/ready");
  const PlainResponse live = get("/health/live");
  sqlite3_exec(database(), "ROLLBACK", nullptr, nullptr, nullptr);
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_TRUE(ready.body.starts_with("not ready\n")) << ready.body;
  EXPECT_NE(ready.body.find("store: failing"), std::string::npos) << ready.body;
  EXPECT_EQ(live.status, 200);
}

TEST_F(Monitoring, LivenessDoesNotWaitForAReadinessCheckThatWaitsForTheStore) {
  constexpr auto kStoreTimeout = 2000ms;
  ServiceOptions options;
  options.store_timeout_ms = static_cast<int>(kStoreTimeout.count());
  serve(options);
  ASSERT_EQ(sqlite3_exec(database(), "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::thread readiness([this] { EXPECT_EQ(get("/health/ready").status, 503); });
  std::this_thread::sleep_for(200ms);  // the check is waiting for the store by now
  const auto asked = std::chrono::steady_clock::now();
  const PlainResponse live = get("/health/live");
  const auto waited = std::chrono::steady_clock::now() - asked;
  readiness.join();
  sqlite3_exec(database(), "ROLLBACK", nullptr, nullptr, nullptr);
  EXPECT_EQ(live.status, 200);
  EXPECT_LT(waited, kStoreTimeout / 2);
}

TEST_F(Monitoring, NotReadyWhenTheAuditTrailsEndWasChangedOutsideThePlugin) {
  serve();
  ASSERT_EQ(sqlite3_exec(database(),
                         "DELETE FROM pga_audit_record WHERE seq = (SELECT MAX(seq) FROM pga_audit_record)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  const PlainResponse ready = get("/health/ready");
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_NE(ready.body.find("store: ok"), std::string::npos) << ready.body;
  EXPECT_NE(ready.body.find("audit-trail: failing"), std::string::npos) << ready.body;
}

TEST_F(Monitoring, NotReadyWithAnExpiredCertificate) {
  ServiceOptions options;
  options.server_certificate = "expired-server";
  serve(options);
  const PlainResponse ready = get("/health/ready");
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_NE(ready.body.find("certificates: failing - web-service expired"), std::string::npos)
      << ready.body;
  EXPECT_NE(get("/metrics").body.find("zvhpga_certificate_expiry_seconds{certificate=\"web-service\"} -"),
            std::string::npos);
}

TEST_F(Monitoring, CountsAnsweredRequestsByOperationAndResult) {
  serve();
  const auto answer = call_as("gemeente-utrecht",
                              operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair")));
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  EXPECT_EQ(sample_reaching("zvhpga_requests_total{operation=\"ListWorklist\",result=\"ok\"}", "1"), "1");
  EXPECT_EQ(sample_reaching("zvhpga_request_duration_seconds_count", "1"), "1");
}

TEST_F(Monitoring, CountsAFailedTlsHandshakeByItsReason) {
  serve();
  // Under TLS 1.3 the client learns of the refusal only when it reads.
  auto connection = TlsConnection::open(soap_port_, (pki_ / "ca.pem").string(), TlsOptions{});
  if (connection && connection->send("GET /zvh-pga?wsdl HTTP/1.1\r\nHost: x\r\n\r\n")) {
    EXPECT_FALSE(connection->receive());
  }
  EXPECT_EQ(sample_reaching("zvhpga_tls_handshake_failures_total{reason=\"no_client_certificate\"}", "1"), "1");
}

TEST_F(Monitoring, AuditRecordsWrittenFollowTheTrailsHead) {
  serve();
  const std::string series = "zvhpga_audit_records_written_total";
  const std::string before = sample(series);
  ASSERT_NE(before, "(absent)");
  const auto answer = call_as("gemeente-utrecht",
                              operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair")));
  ASSERT_TRUE(answer);
  const std::string after = std::to_string(std::stoll(before) + 1);
  EXPECT_EQ(sample_reaching(series, after), after);
}

TEST_F(Monitoring, OutboxGaugesCountUnacknowledgedPushesAndTheOldestAge) {
  serve();
  const std::string signal_id = register_signal();
  ASSERT_FALSE(signal_id.empty());
  // An hour-old push the host has not acknowledged, as the decision's transaction writes it.
  store("INSERT INTO pga_host_outbox (push_id, message_id, signal_id, decision_id, outcome, "
        "decided_on, region, created_at) VALUES ('p1', 'urn:uuid:m1', '" + signal_id + "', 'd1', "
        "'no-further-action', '2026-01-01', 'midden-nederland', "
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour'))");
  EXPECT_EQ(sample_reaching("zvhpga_outbox_pending_pushes", "1"), "1");
  const std::string age = sample("zvhpga_outbox_oldest_pending_age_seconds");
  EXPECT_GE(std::stoll(age), 3600);
  EXPECT_LT(std::stoll(age), 3700);
  EXPECT_EQ(sample("zvhpga_store_up"), "1");
}

TEST_F(Monitoring, RetentionGaugesCountDueOverdueAndHeldSignals) {
  serve();
  // Clocks as the state changes start them: one due a minute ago, one a day ago (beyond two
  // run intervals of an hour), and one a day ago under a legal hold.
  const std::pair<std::string, const char*> clocks[] = {
      {register_signal(), "-1 minute"}, {register_signal(), "-1 day"}, {register_signal(), "-1 day"}};
  for (const auto& [signal_id, ago] : clocks) {
    ASSERT_FALSE(signal_id.empty());
    store("INSERT OR REPLACE INTO pga_retention_clock (signal_id, rule_id, policy_version, "
          "trigger_event, triggered_at, due_at) VALUES ('" + signal_id + "', 'r', '2026.1', 'closed', "
          "'2020-01-01T00:00:00.000Z', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '" + ago + "'))");
  }
  store("INSERT INTO pga_retention_hold (hold_id, signal_id, reason, review_on, placed_by_partner_id, "
        "placed_by_user, placed_at) VALUES ('h1', '" + clocks[2].first + "', 'r', '2027-01-01', "
        "'zvh-utrecht', 'u', '2026-01-01T00:00:00.000Z')");
  EXPECT_EQ(sample_reaching("zvhpga_retention_due_signals", "2"), "2");
  EXPECT_EQ(sample("zvhpga_retention_overdue_signals"), "1");
  EXPECT_EQ(sample("zvhpga_retention_held_signals"), "1");
}

TEST_F(Monitoring, AnswersOnlyGetOnItsThreeTargets) {
  serve();
  EXPECT_EQ(get("/").status, 404);
  EXPECT_EQ(get("/health").status, 404);
  EXPECT_EQ(get("/metrics").status, 200);
}

TEST_F(Monitoring, RefusesAMonitoringAddressThatIsNotLoopback) {
  std::string text = configuration_text();
  const std::string loopback = "<monitoring><address>127.0.0.1</address>";
  text.replace(text.find(loopback), loopback.size(), "<monitoring><address>0.0.0.0</address>");
  const auto refusal = open(text);
  ASSERT_TRUE(refusal);
  EXPECT_NE(refusal->find("The monitoring address '0.0.0.0' is not a loopback address"), std::string::npos)
      << *refusal;
}

}  // namespace
}  // namespace zvhpga::e2e
