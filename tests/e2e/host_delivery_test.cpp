// The push of weegploeg outcomes to the host platform's web service, end to end: a plugin
// instance on a real SQLite store through ODBC, its outbox delivered by the real client over
// mutual TLS on 127.0.0.1 to a test host (test_host.h). The delivery runs on a clock the tests
// move and a pause that only records, so no test waits for a backoff.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "odbc/handles.h"
#include "odbc/transaction_scope.h"
#include "ports/clock.h"
#include "runtime/instance.h"
#include "service/outcome_delivery.h"
#include "soap/host_client.h"
#include "soap_messages.h"
#include "test_host.h"

namespace zvhpga::e2e {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr auto kRetryBackoff = 30s;

fs::path pki() { return ZVHPGA_E2E_PKI; }

config::TlsFiles host_certificate(const std::string& name) {
  return {pki() / (name + ".pem"), pki() / (name + ".key"), pki() / "ca.pem", std::nullopt};
}

// The real time, which the instance records decisions at, moved ahead by hand, so that a test
// reaches a push's next attempt without waiting for it.
class TestClock final : public ports::Clock {
 public:
  std::chrono::system_clock::time_point now() override {
    const std::lock_guard lock(mutex_);
    return std::chrono::system_clock::now() + offset_;
  }
  void advance(std::chrono::milliseconds by) {
    const std::lock_guard lock(mutex_);
    offset_ += by;
  }

 private:
  std::mutex mutex_;
  std::chrono::milliseconds offset_{0};
};

struct Reply {
  bool ok;
  std::string document;
};

class HostDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "zvhpga-host-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    directory_ = pattern;
  }
  void TearDown() override {
    deliveries_.clear();
    instances_.clear();
    fs::remove_all(directory_);
  }

  // An instance whose host endpoint is 127.0.0.1:port under the name host_name.
  runtime::Instance& open_instance(std::uint16_t port, const std::string& host_name = "localhost") {
    const fs::path file = directory_ / "zvhpga.xml";
    std::ofstream(file) << configuration(port, host_name);
    auto opened = runtime::Instance::open(file);
    EXPECT_TRUE(opened) << (opened ? "" : opened.error().message);
    instances_.push_back(std::move(opened.value()));
    return *instances_.back();
  }

  service::OutcomeDelivery& delivery_for(runtime::Instance& instance) {
    const config::HostEndpoint& endpoint = *instance.configuration().host_endpoint;
    auto client = soap::HostClient::create(endpoint, [this](std::chrono::milliseconds pause) {
      const std::lock_guard lock(pauses_mutex_);
      pauses_.push_back(pause);
    });
    EXPECT_TRUE(client) << (client ? "" : client.error().message);
    deliveries_.push_back(std::make_unique<service::OutcomeDelivery>(
        service::DeliveryContext{endpoint, instance.sealed_store(), instance.work_queue(),
                                 instance.audit_trail(), clock_, instance.ids()},
        std::move(client.value())));
    return *deliveries_.back();
  }

  std::string configuration(std::uint16_t port, const std::string& host_name) const {
    const char* postgres = std::getenv("ZVHPGA_TEST_PG_CONNECTION");
    const std::string store = use_postgres_ && postgres != nullptr
                                  ? std::string(postgres)
                                  : "Driver=SQLite3;Database=${dataDirectory}/zvhpga.sqlite";
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<configuration xmlns="urn:nl:zvh-pga:config:1">
  <dataDirectory>)" + (directory_ / "data").string() + R"(</dataDirectory>
  <store><odbc><connectionString>)" + store + R"(</connectionString></odbc></store>
  <partners>
    <partner><id>gemeente-utrecht</id><oin>00000099002220647000</oin><kind>gemeente</kind><name>G</name><region>midden-nederland</region></partner>
    <partner><id>politie-midden-nederland</id><oin>00000099003214345000</oin><kind>politie</kind><name>P</name><region>midden-nederland</region></partner>
    <partner><id>om-midden-nederland</id><oin>00000099003214370000</oin><kind>om</kind><name>O</name><region>midden-nederland</region></partner>
    <partner><id>zvh-utrecht</id><oin>00000099823288444000</oin><kind>zvh</kind><name>Z</name><region>midden-nederland</region></partner>
  </partners>
  <hostEndpoint>
    <url>https://)" + host_name + ":" + std::to_string(port) + R"(/zvh/outcomes</url>
    <tls>
      <certificate>)" + (pki() / "zvh-utrecht.pem").string() + R"(</certificate>
      <privateKey>)" + (pki() / "zvh-utrecht.key").string() + R"(</privateKey>
      <trustStore>)" + (pki() / "ca.pem").string() + R"(</trustStore>
    </tls>
    <limits><connectTimeoutMs>5000</connectTimeoutMs><readTimeoutMs>5000</readTimeoutMs></limits>
    <retry>
      <callAttempts>3</callAttempts>
      <callBackoffMs>200</callBackoffMs>
      <retryBackoffMs>)" + std::to_string(std::chrono::milliseconds(kRetryBackoff).count()) + R"(</retryBackoffMs>
    </retry>
  </hostEndpoint>
</configuration>
)";
  }

  Reply call(runtime::Instance& instance, const std::string& organisation, const std::string& role,
             const std::string& document) {
    // Each call a message of its own: a MessageID used again names a retry.
    const std::string message_id = fresh_message_id();
    const service::Answer answer = instance.pipeline().handle(
        {organisation, "test-user", role, message_id, core::Door::Abi, {}}, document);
    return {!answer.error.has_value(), answer.document};
  }

  static std::string example(const std::string& file, const std::string& signal_id = {}) {
    std::string text = read_file(fs::path(ZVHPGA_E2E_EXAMPLES) / file);
    if (!signal_id.empty())
      for (auto at = text.find(kExampleSignalId); at != std::string::npos; at = text.find(kExampleSignalId))
        text.replace(at, kExampleSignalId.size(), signal_id);
    return text;
  }

  std::string registered_signal(runtime::Instance& instance) {
    const Reply registered =
        call(instance, "gemeente-utrecht", "intake-officer", example("register-signal.xml"));
    EXPECT_TRUE(registered.ok) << registered.document;
    return between(registered.document, "<signalId>", "</signalId>");
  }

  // A signal taken through intake and pre-weighing; returns the decision's id.
  std::string decided_signal(runtime::Instance& instance) {
    const std::string signal_id = registered_signal(instance);
    for (const auto& [organisation, file] :
         {std::pair{"gemeente-utrecht", "contribution-gemeente.xml"},
          std::pair{"politie-midden-nederland", "contribution-politie.xml"},
          std::pair{"om-midden-nederland", "contribution-om.xml"}}) {
      const Reply contributed =
          call(instance, organisation, "weegploeg-member", example(file, signal_id));
      EXPECT_TRUE(contributed.ok) << contributed.document;
    }
    const Reply decided = call(instance, "gemeente-utrecht", "weegploeg-chair",
                               example("record-decision.xml", signal_id));
    EXPECT_TRUE(decided.ok) << decided.document;
    return between(decided.document, "<decisionId>", "</decisionId>");
  }

  // Rows of a query on the SQLite store file, read directly; NULL reads as "".
  std::vector<std::vector<std::string>> query(const std::string& sql) const {
    sqlite3* raw = nullptr;
    const std::string path = (directory_ / "data" / "zvhpga.sqlite").string();
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    const std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, sqlite3_close);
    std::vector<std::vector<std::string>> rows;
    sqlite3_exec(db.get(), sql.c_str(),
                 [](void* out, int columns, char** values, char**) {
                   auto& row = static_cast<std::vector<std::vector<std::string>>*>(out)->emplace_back();
                   for (int i = 0; i < columns; ++i) row.emplace_back(values[i] != nullptr ? values[i] : "");
                   return 0;
                 },
                 &rows, nullptr);
    return rows;
  }

  // attempts, last_error, delivered_at, message_id of the push for this decision.
  std::vector<std::string> push_row(const std::string& decision_id) const {
    const auto rows = query("SELECT attempts, last_error, delivered_at, message_id FROM "
                            "pga_host_outbox WHERE decision_id = '" + decision_id + "'");
    return rows.size() == 1 ? rows[0] : std::vector<std::string>{};
  }

  std::vector<std::string> last_audit_record() const {
    const auto rows = query("SELECT action, result, message_id FROM pga_audit_record "
                            "ORDER BY seq DESC LIMIT 1");
    return rows.empty() ? std::vector<std::string>{} : rows[0];
  }

  // Decisions on both instances, then both deliver at once until nothing is due: the host
  // receives every push exactly once.
  void run_two_workers(TestHost& host, runtime::Instance& first, runtime::Instance& second) {
    constexpr int kDecisions = 6;
    std::vector<std::string> decisions;
    for (int i = 0; i < kDecisions; ++i) decisions.push_back(decided_signal(i % 2 ? first : second));
    service::OutcomeDelivery& one = delivery_for(first);
    service::OutcomeDelivery& other = delivery_for(second);

    std::atomic<std::size_t> attempted{0};
    auto work = [&attempted](service::OutcomeDelivery& delivery) {
      while (const std::size_t done = delivery.deliver_due()) attempted += done;
    };
    std::thread a(work, std::ref(one));
    std::thread b(work, std::ref(other));
    a.join();
    b.join();

    const auto calls = host.calls();
    EXPECT_EQ(attempted.load(), calls.size());
    std::map<std::string, int> received;
    for (const ReceivedCall& call : calls) ++received[call.decision_id];
    for (const std::string& decision_id : decisions) EXPECT_EQ(received[decision_id], 1) << decision_id;
  }

  fs::path directory_;
  bool use_postgres_ = false;
  TestClock clock_;
  std::mutex pauses_mutex_;
  std::vector<std::chrono::milliseconds> pauses_;
  std::vector<std::unique_ptr<runtime::Instance>> instances_;
  std::vector<std::unique_ptr<service::OutcomeDelivery>> deliveries_;
};

TEST_F(HostDeliveryTest, DecisionWritesItsOutcomePushInTheSameTransaction) {
  TestHost host(host_certificate("server"));
  runtime::Instance& instance = open_instance(host.port());
  const std::string decision_id = decided_signal(instance);

  const auto rows = query("SELECT d.decision_id, o.outcome, o.region, o.attempts, o.delivered_at "
                          "FROM pga_decision d JOIN pga_host_outbox o ON o.decision_id = d.decision_id");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{decision_id, "include-in-casusoverleg",
                                               "midden-nederland", "0", ""}));
  EXPECT_TRUE(host.calls().empty());  // written, not yet pushed
}

TEST_F(HostDeliveryTest, RefusedDecisionLeavesNoPush) {
  TestHost host(host_certificate("server"));
  runtime::Instance& instance = open_instance(host.port());
  const std::string signal_id = registered_signal(instance);  // not ready for weighing

  const Reply refused = call(instance, "gemeente-utrecht", "weegploeg-chair",
                             example("record-decision.xml", signal_id));
  ASSERT_FALSE(refused.ok);
  EXPECT_EQ(query("SELECT count(*) FROM pga_host_outbox")[0][0], "0");
  EXPECT_EQ(query("SELECT count(*) FROM pga_work_item")[0][0], "0");
}

TEST_F(HostDeliveryTest, AcknowledgedPushIsDeliveredAndAudited) {
  TestHost host(host_certificate("server"));
  runtime::Instance& instance = open_instance(host.port());
  const std::string decision_id = decided_signal(instance);

  EXPECT_EQ(delivery_for(instance).deliver_due(), 1u);

  const auto calls = host.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].action, "urn:nl:zvh-pga:host:1/RecordOutcomeRequest");
  EXPECT_EQ(calls[0].to, "https://localhost:" + std::to_string(host.port()) + "/zvh/outcomes");
  EXPECT_EQ(calls[0].decision_id, decision_id);
  const auto row = push_row(decision_id);
  ASSERT_EQ(row.size(), 4u);
  EXPECT_EQ(row[0], "1");
  EXPECT_NE(row[2], "");  // delivered
  EXPECT_EQ(calls[0].message_id, row[3]);
  EXPECT_EQ(last_audit_record(),
            (std::vector<std::string>{"PushOutcome", "success", row[3]}));
  EXPECT_EQ(delivery_for(instance).deliver_due(), 0u);  // done: never pushed again
}

TEST_F(HostDeliveryTest, PushSendsOnlyTheMinimalOutcome) {
  TestHost host(host_certificate("server"));
  runtime::Instance& instance = open_instance(host.port());
  decided_signal(instance);
  delivery_for(instance).deliver_due();

  const auto calls = host.calls();
  ASSERT_EQ(calls.size(), 1u);
  const std::string body = between(calls[0].body, "<soap:Body>", "</soap:Body>");
  for (const char* element : {"<signalId>", "<decisionId>", "<outcome>", "<decidedOn>", "<region>"})
    EXPECT_NE(body.find(element), std::string::npos) << element;
  for (const char* kept_back : {"reasoning", "participant", "dissent", "subject", "bsn"})
    EXPECT_EQ(body.find(kept_back), std::string::npos) << kept_back;
}

TEST_F(HostDeliveryTest, HostFailingTwiceReceivesThreeCallsWithOneMessageId) {
  TestHost host(host_certificate("server"));
  host.fail_first_calls(2);
  runtime::Instance& instance = open_instance(host.port());
  const std::string decision_id = decided_signal(instance);

  EXPECT_EQ(delivery_for(instance).deliver_due(), 1u);

  const auto calls = host.calls();
  ASSERT_EQ(calls.size(), 3u);
  const auto row = push_row(decision_id);
  ASSERT_EQ(row.size(), 4u);
  for (const ReceivedCall& received : calls) EXPECT_EQ(received.message_id, row[3]);
  EXPECT_NE(row[2], "");  // delivered
  EXPECT_EQ(pauses_, (std::vector<std::chrono::milliseconds>{200ms, 400ms}));
}

TEST_F(HostDeliveryTest, PushToADownHostStaysPendingInTheWorklistUntilTheHostIsUp) {
  std::uint16_t port = 0;
  {
    TestHost probe(host_certificate("server"));
    port = probe.port();
  }  // nothing listens there now
  runtime::Instance& instance = open_instance(port);
  const std::string decision_id = decided_signal(instance);
  service::OutcomeDelivery& delivery = delivery_for(instance);

  EXPECT_EQ(delivery.deliver_due(), 1u);
  auto row = push_row(decision_id);
  ASSERT_EQ(row.size(), 4u);
  EXPECT_EQ(row[0], "1");
  EXPECT_EQ(row[1].rfind("host-unreachable: ", 0), 0u) << row[1];
  EXPECT_EQ(row[2], "");
  EXPECT_EQ(last_audit_record()[1], "failed:host-unreachable");

  const Reply worklist = call(instance, "zvh-utrecht", "process-director", example("list-worklist.xml"));
  ASSERT_TRUE(worklist.ok) << worklist.document;
  const std::string pending = between(worklist.document, "<undeliveredOutcomePush>", "</undeliveredOutcomePush>");
  EXPECT_EQ(between(pending, "<decisionId>", "</decisionId>"), decision_id);
  EXPECT_EQ(between(pending, "<attempts>", "</attempts>"), "1");
  EXPECT_EQ(between(pending, "<lastError>", "</lastError>"), row[1]);
  EXPECT_EQ(pending.find("<outcome>"), std::string::npos);

  EXPECT_EQ(delivery.deliver_due(), 0u);  // not due before its backoff
  TestHost host(host_certificate("server"), port);
  clock_.advance(kRetryBackoff);
  EXPECT_EQ(delivery.deliver_due(), 1u);
  row = push_row(decision_id);
  EXPECT_EQ(row[0], "2");
  EXPECT_NE(row[2], "");
  EXPECT_EQ(host.calls().size(), 1u);
  const Reply after = call(instance, "zvh-utrecht", "process-director", example("list-worklist.xml"));
  EXPECT_EQ(after.document.find("undeliveredOutcomePush"), std::string::npos);
}

TEST_F(HostDeliveryTest, WorklistOfOtherRolesShowsNoPushes) {
  std::uint16_t port = 0;
  {
    TestHost probe(host_certificate("server"));
    port = probe.port();
  }
  runtime::Instance& instance = open_instance(port);
  decided_signal(instance);
  delivery_for(instance).deliver_due();

  const Reply worklist =
      call(instance, "gemeente-utrecht", "weegploeg-chair", example("list-worklist.xml"));
  ASSERT_TRUE(worklist.ok) << worklist.document;
  EXPECT_EQ(worklist.document.find("undeliveredOutcomePush"), std::string::npos);
}

TEST_F(HostDeliveryTest, HostCertificateForAnotherNameIsRefused) {
  TestHost host(host_certificate("wrong-host"));
  runtime::Instance& instance = open_instance(host.port());
  const std::string decision_id = decided_signal(instance);

  delivery_for(instance).deliver_due();

  EXPECT_TRUE(host.calls().empty());
  const auto row = push_row(decision_id);
  ASSERT_EQ(row.size(), 4u);
  EXPECT_EQ(row[1].rfind("host-certificate-refused: ", 0), 0u) << row[1];
  EXPECT_EQ(row[2], "");
}

TEST_F(HostDeliveryTest, HostCertificateFromAnUntrustedAuthorityIsRefused) {
  config::TlsFiles untrusted = host_certificate("untrusted-host");
  TestHost host(untrusted);
  runtime::Instance& instance = open_instance(host.port());
  const std::string decision_id = decided_signal(instance);

  delivery_for(instance).deliver_due();

  EXPECT_TRUE(host.calls().empty());
  const auto row = push_row(decision_id);
  ASSERT_EQ(row.size(), 4u);
  EXPECT_EQ(row[1].rfind("host-certificate-refused: ", 0), 0u) << row[1];
  EXPECT_EQ(row[2], "");
}

TEST_F(HostDeliveryTest, AnswerWithoutRelatesToIsAFailure) {
  TestHost host(host_certificate("server"));
  host.omit_relates_to();
  runtime::Instance& instance = open_instance(host.port());
  const std::string decision_id = decided_signal(instance);

  delivery_for(instance).deliver_due();

  EXPECT_EQ(host.calls().size(), 1u);  // not a transient failure: not repeated at once
  const auto row = push_row(decision_id);
  ASSERT_EQ(row.size(), 4u);
  EXPECT_EQ(row[1].rfind("missing-relates-to: 0008", 0), 0u) << row[1];
  EXPECT_EQ(row[2], "");
  EXPECT_EQ(last_audit_record()[1], "failed:missing-relates-to");
}

TEST_F(HostDeliveryTest, AnswerRelatingToAnotherMessageIsAFailure) {
  TestHost host(host_certificate("server"));
  host.relate_to_another_message();
  runtime::Instance& instance = open_instance(host.port());
  const std::string decision_id = decided_signal(instance);

  delivery_for(instance).deliver_due();

  EXPECT_EQ(host.calls().size(), 1u);
  const auto row = push_row(decision_id);
  ASSERT_EQ(row.size(), 4u);
  EXPECT_EQ(row[1].rfind("relates-to-mismatch: ", 0), 0u) << row[1];
  EXPECT_EQ(row[2], "");
}

// Two instances on one database, each delivering on a thread of its own: every push reaches
// the host exactly once.
TEST_F(HostDeliveryTest, ConcurrentWorkersOnOneDatabaseDeliverEachPushOnce) {
  TestHost host(host_certificate("server"));
  runtime::Instance& first = open_instance(host.port());
  runtime::Instance& second = open_instance(host.port());
  run_two_workers(host, first, second);
}

TEST_F(HostDeliveryTest, ConcurrentWorkersOnOnePostgreSqlDatabaseDeliverEachPushOnce) {
  const char* postgres = std::getenv("ZVHPGA_TEST_PG_CONNECTION");
  if (postgres == nullptr) GTEST_SKIP() << "ZVHPGA_TEST_PG_CONNECTION is not set";
  // The database is shared with the other PostgreSQL tests: start without the plugin's schema,
  // whose audit trail another test's instances left under another audit key.
  {
    odbc::Connection connection(std::make_shared<odbc::Environment>(), postgres);
    odbc::TransactionScope transaction(connection, connection.dialect().begin_locking_write);
    connection.execute("DROP SCHEMA IF EXISTS zvhpga CASCADE");
    transaction.commit();
  }
  use_postgres_ = true;
  TestHost host(host_certificate("server"));
  runtime::Instance& first = open_instance(host.port());
  runtime::Instance& second = open_instance(host.port());
  run_two_workers(host, first, second);
}

}  // namespace
}  // namespace zvhpga::e2e
