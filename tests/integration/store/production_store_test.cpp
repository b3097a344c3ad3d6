// What production deployments rely on, run against every driver in driver_cases.cpp: schema
// versions, host statements, hostile input, work shared by several instances, a server that
// goes away mid-stream.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "dossier_text.h"
#include "odbc/dialect.h"
#include "odbc/statement.h"
#include "odbc/transaction_scope.h"
#include "store_fixture.h"

namespace zvhpga::odbc::testing {
namespace {

using ports::StoreFailure;
using ports::TransactionMode;

using ProductionStoreTest = StoreTest;

void execute_committed(const std::string& connection_string, std::string_view sql) {
  Connection connection(std::make_shared<Environment>(), connection_string);
  TransactionScope transaction(connection, connection.dialect().begin_locking_write);
  connection.execute(sql);
  transaction.commit();
}

// A build that knows one migration more than this one: the database it opened is older.
std::optional<std::string_view> script_with_one_more(std::string_view file_name) {
  if (file_name == "9000_test_extra.sql") return "CREATE TABLE pga_test_extra (x INTEGER);\n";
  return std::nullopt;
}

TEST_P(ProductionStoreTest, OlderSchemaIsUpgradedOnlyWhenTold) {
  open();
  Connection connection(std::make_shared<Environment>(), connection_string_);
  Dialect newer = connection.dialect();
  std::vector<std::string_view> files(newer.migrations.begin(), newer.migrations.end());
  files.push_back("9000_test_extra.sql");
  newer.migrations = files;
  static const Dialect* current = nullptr;
  current = &connection.dialect();
  newer.migration_script = [](std::string_view file_name) {
    if (auto script = script_with_one_more(file_name)) return script;
    return current->migration_script(file_name);
  };

  EXPECT_THROW(apply_migrations(connection, newer, SchemaUpgrade::Refuse), StoreFailure);
  EXPECT_EQ(apply_migrations(connection, newer, SchemaUpgrade::Apply),
            std::vector<std::int64_t>{9000});
  EXPECT_TRUE(apply_migrations(connection, newer, SchemaUpgrade::Refuse).empty());
  // And this build, which lacks 9000, now refuses the database as newer.
  EXPECT_THROW(open(), StoreFailure);
}

TEST_P(ProductionStoreTest, MigrateSchemaReportsWhatItApplied) {
  const StoreOptions options{.connection_string = connection_string_};
  EXPECT_FALSE(migrate_schema(options).empty());
  EXPECT_TRUE(migrate_schema(options).empty());
}

TEST_P(ProductionStoreTest, HostStatementsAreCheckedAtStartAndReportedByName) {
  execute_committed(connection_string_,
                    "CREATE TABLE host_person (bsn VARCHAR(20), name VARCHAR(100))");
  execute_committed(connection_string_,
                    "INSERT INTO host_person (bsn, name) VALUES ('123456782', 'J. Jansen')");
  const HostStatement person_by_bsn{"person-by-bsn", "SELECT name FROM host_person WHERE bsn = ?"};
  try {
    open_store({.connection_string = connection_string_,
                .host_statements = {person_by_bsn,
                                    {"case-outcome", "UPDATE host_case SET outcome = ? WHERE id = ?"}}});
    FAIL() << "a statement on a table that does not exist was accepted";
  } catch (const StoreFailure& failure) {
    EXPECT_FALSE(failure.retryable());
    EXPECT_NE(std::string(failure.what()).find("'case-outcome'"), std::string::npos)
        << failure.what();
  }

  auto store = open_store({.connection_string = connection_string_,
                           .host_statements = {person_by_bsn}});
  const Parameter found[] = {std::string_view("123456782")};
  const auto person = store->run_host_statement("person-by-bsn", found);
  ASSERT_EQ(person.rows.size(), 1u);
  EXPECT_EQ(person.rows[0][0], std::optional<std::string>("J. Jansen"));
  // A value that would widen the query if it were spliced into the SQL matches nothing.
  const Parameter hostile[] = {std::string_view("x' OR '1'='1")};
  EXPECT_TRUE(store->run_host_statement("person-by-bsn", hostile).rows.empty());
  EXPECT_THROW(store->run_host_statement("no-such-statement", {}), StoreFailure);
}

// Every text field that reaches SQL, filled with what would break spliced SQL.
TEST_P(ProductionStoreTest, HostileValuesAreStoredAndReadBackUnchanged) {
  auto store = open();
  std::string very_long(70 * 1024, '\'');
  very_long += "'); DROP TABLE pga_signal; --";
  const std::vector<std::string> hostile{
      "'; DROP TABLE pga_signal; --", "\" OR \"1\"=\"1", "/* comment */ -- line comment",
      "a;b;c;", "\\'\\\\ backslashes \\", "$1 ? :name %s {fn NOW()}", very_long};
  int round = 0;
  for (const auto& value : hostile) {
    auto dossier = sample_dossier(value.substr(0, 150) + std::to_string(round++));
    auto& intake = dossier.intake;
    intake.reporter_organisation = intake.received_on = intake.subject.name =
        intake.subject.birth_date = intake.subject.municipality = intake.observed_facts =
            intake.municipality = intake.region = dossier.registered_at = value;
    intake.subject.bsn = value;
    dossier.registered_by.partner_id = dossier.registered_by.user = value;
    auto contribution = sample_contribution(dossier.signal_id + "-c", core::PartnerKind::Om);
    contribution.information_held = contribution.legal_basis = contribution.reasoning =
        contribution.submitted_at = contribution.contributor.user = value;
    auto decision = sample_decision(dossier.signal_id + "-d", core::Course::CriminalRoute);
    decision.reasoning = decision.catalogue_version = decision.decided_on = value;
    decision.proportionality_note = decision.dissent = value;
    decision.participants[0].name = value;
    auto transition = sample_transition(std::nullopt, core::SignalState::Received, value);
    transition.at = value;
    core::Closure closure{.closed_on = value,
                          .reason = value,
                          .closed_by = dossier.registered_by,
                          .recorded_at = value};
    dossier.contributions = {contribution};
    dossier.decisions = {decision};
    dossier.transitions = {transition};
    dossier.closure = closure;
    {
      auto transaction = store->begin(TransactionMode::ReadWrite);
      transaction->insert_signal(dossier);
      transaction->insert_contribution(dossier.signal_id, contribution);
      transaction->insert_decision(dossier.signal_id, decision);
      transaction->append_transition(dossier.signal_id, transition);
      transaction->insert_closure(dossier.signal_id, closure);
      transaction->commit();
    }
    auto loaded = store->begin(TransactionMode::ReadOnly)->load_dossier(dossier.signal_id);
    ASSERT_TRUE(loaded.has_value()) << value.substr(0, 80);
    EXPECT_EQ(as_text(*loaded), as_text(dossier)) << value.substr(0, 80);
  }
}

// XML cannot carry U+0000, so no request brings one; should one reach the store anyway, it is
// kept whole or refused, never cut short silently.
TEST_P(ProductionStoreTest, TextWithNulIsKeptWholeOrRefused) {
  auto store = open();
  auto dossier = sample_dossier("signal-nul");
  dossier.intake.observed_facts = std::string("before\0after", 12);
  try {
    auto transaction = store->begin(TransactionMode::ReadWrite);
    transaction->insert_signal(dossier);
    transaction->commit();
  } catch (const StoreFailure& failure) {
    EXPECT_FALSE(failure.retryable()) << failure.what();
    return;
  }
  const auto loaded = store->begin(TransactionMode::ReadOnly)->load_dossier("signal-nul");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->intake.observed_facts, dossier.intake.observed_facts);
}

// Two instances (two stores, two pools) with two workers each drain one queue: every item is
// handled exactly once.
TEST_P(ProductionStoreTest, TwoInstancesHandleEachWorkItemExactlyOnce) {
  constexpr int kItems = 120;
  auto first_instance = open();
  auto second_instance = open();
  for (int item = 0; item < kItems; ++item) {
    first_instance->enqueue_work("retention", "item-" + std::to_string(item),
                                 "2024-01-01T00:00:00.000Z");
  }
  first_instance->enqueue_work("retention", "not-yet-due", "2999-01-01T00:00:00.000Z");

  std::mutex handled_mutex;
  std::map<std::string, int> handled;
  std::atomic<int> failures{0};
  auto worker = [&](OdbcStore& store, const std::string& owner) {
    try {
      for (;;) {
        const auto claimed = store.claim_work({.queue = "retention",
                                               .owner = owner,
                                               .now = "2024-06-01T00:00:00.000Z",
                                               .claimed_until = "2024-06-01T00:05:00.000Z",
                                               .limit = 3});
        if (claimed.empty()) return;
        for (const auto& id : claimed) {
          {
            std::lock_guard lock(handled_mutex);
            ++handled[id];
          }
          if (!store.complete_work("retention", id, owner, "2024-06-01T00:00:01.000Z")) ++failures;
        }
      }
    } catch (const StoreFailure& failure) {
      ADD_FAILURE() << owner << ": " << failure.what();
    }
  };
  std::vector<std::thread> workers;
  workers.emplace_back(worker, std::ref(*first_instance), "instance-1/a");
  workers.emplace_back(worker, std::ref(*first_instance), "instance-1/b");
  workers.emplace_back(worker, std::ref(*second_instance), "instance-2/a");
  workers.emplace_back(worker, std::ref(*second_instance), "instance-2/b");
  for (auto& thread : workers) thread.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(handled.size(), static_cast<std::size_t>(kItems));
  for (const auto& [id, times] : handled) EXPECT_EQ(times, 1) << id;
  EXPECT_FALSE(handled.contains("not-yet-due"));
}

TEST_P(ProductionStoreTest, ExpiredClaimIsTakenOverAndTheLateOwnerCannotComplete) {
  auto store = open();
  store->enqueue_work("push", "item", "2024-01-01T00:00:00.000Z");
  const auto first = store->claim_work({.queue = "push", .owner = "dead-instance",
                                        .now = "2024-06-01T00:00:00.000Z",
                                        .claimed_until = "2024-06-01T00:01:00.000Z"});
  ASSERT_EQ(first, std::vector<std::string>{"item"});
  EXPECT_TRUE(store->claim_work({.queue = "push", .owner = "other",
                                 .now = "2024-06-01T00:00:30.000Z",
                                 .claimed_until = "2024-06-01T00:01:30.000Z"})
                  .empty());
  EXPECT_EQ(store->claim_work({.queue = "push", .owner = "other",
                               .now = "2024-06-01T00:02:00.000Z",
                               .claimed_until = "2024-06-01T00:03:00.000Z"}),
            std::vector<std::string>{"item"});
  EXPECT_FALSE(store->complete_work("push", "item", "dead-instance", "2024-06-01T00:02:10.000Z"));
  EXPECT_TRUE(store->complete_work("push", "item", "other", "2024-06-01T00:02:20.000Z"));
}

TEST(ProductionModeTest, RefusesConnectionStringsThatDoNotVerifyTheServer) {
  for (const char* unverified :
       {"Driver=PostgreSQL Unicode;Server=db;Database=zvh;",
        "Driver=PostgreSQL Unicode;Server=db;sslmode=disable;",
        "Driver=PostgreSQL Unicode;Server=db;SSLmode=prefer;",
        "Driver=PostgreSQL Unicode;Server=db;sslmode=require;",
        "Driver={PostgreSQL Unicode};Server=db;sslmode=verify-full;pqopt={sslmode=allow};",
        "Driver={ODBC Driver 18 for SQL Server};Server=db;Encrypt=no;",
        "Driver={ODBC Driver 18 for SQL Server};Server=db;Encrypt=yes;TrustServerCertificate=yes;",
        "DSN=production;"}) {
    try {
      open_store({.connection_string = unverified, .production = true});
      ADD_FAILURE() << "accepted " << unverified;
    } catch (const StoreFailure& failure) {
      EXPECT_FALSE(failure.retryable()) << unverified;
      EXPECT_NE(std::string(failure.what()).find("production mode"), std::string::npos)
          << failure.what();
    }
  }
}

TEST(ProductionModeTest, VerifiedConnectionStringsPassTheCheck) {
  for (const char* verified :
       {"Driver=PostgreSQL Unicode;Server=db;sslmode=verify-full;",
        "Driver={PostgreSQL ANSI};Server=db;SSLMODE = verify-ca;",
        "Driver={ODBC Driver 18 for SQL Server};Server=db;Encrypt=strict;"}) {
    const Dialect* dialect = dialect_for_connection_string(verified);
    ASSERT_NE(dialect, nullptr) << verified;
    EXPECT_EQ(dialect->unverified_tls(verified), std::nullopt) << verified;
  }
  EXPECT_EQ(dialect_for_connection_string("Driver=SQLite3;Database=/tmp/x.db")
                ->unverified_tls("Driver=SQLite3;Database=/tmp/x.db"),
            std::nullopt);
}

// Stops the server under a stream of writes and starts it again. Needs the throwaway cluster of
// installer/test.sh, which says how to stop and start it.
TEST(PostgreSqlOutageTest, InFlightWritesFailRetryablyWholeAndServiceResumes) {
  const char* connection_string = std::getenv("ZVHPGA_TEST_PG_CONNECTION");
  const char* stop = std::getenv("ZVHPGA_TEST_PG_STOP");
  const char* start = std::getenv("ZVHPGA_TEST_PG_START");
  if (connection_string == nullptr || stop == nullptr || start == nullptr) {
    GTEST_SKIP() << "no throwaway PostgreSQL cluster to stop and start";
  }
  ScratchDirectory scratch;
  ASSERT_TRUE(driver_cases()[1].fresh_database(scratch.path()).has_value());
  auto store = open_store({.connection_string = connection_string});

  std::atomic<bool> running{true};
  std::atomic<int> retryable_failures{0};
  std::mutex committed_mutex;
  std::vector<std::string> committed;
  std::thread writer([&] {
    for (int n = 0; running; ++n) {
      const std::string id = "stream-" + std::to_string(n);
      try {
        auto transaction = store->begin(TransactionMode::ReadWrite);
        transaction->insert_signal(sample_dossier(id));
        transaction->append_transition(
            id, sample_transition(std::nullopt, core::SignalState::Received, "registered"));
        transaction->commit();
        std::lock_guard lock(committed_mutex);
        committed.push_back(id);
      } catch (const StoreFailure& failure) {
        if (failure.retryable()) {
          ++retryable_failures;
        } else {
          ADD_FAILURE() << "not retryable: " << failure.what();
        }
      }
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(std::system(stop), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(std::system(start), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  running = false;
  writer.join();

  EXPECT_GT(retryable_failures.load(), 0);
  std::size_t committed_before_outage = 0;
  {
    std::lock_guard lock(committed_mutex);
    committed_before_outage = committed.size();
  }
  // Service resumed: the stream went on committing after the restart, and a new request works.
  {
    auto transaction = store->begin(TransactionMode::ReadWrite);
    transaction->insert_signal(sample_dossier("after-restart"));
    transaction->commit();
  }
  ASSERT_GT(committed_before_outage, 0u);
  // Nothing half-written: every signal has its transition, and every committed one is there.
  Connection connection(std::make_shared<Environment>(), connection_string);
  TransactionScope transaction(connection, connection.dialect().begin_read_only);
  Statement orphans(connection,
                    "SELECT COUNT(*) FROM pga_signal s WHERE s.signal_id LIKE 'stream-%' AND "
                    "NOT EXISTS (SELECT 1 FROM pga_transition t WHERE t.signal_id = s.signal_id)");
  orphans.execute({});
  ASSERT_TRUE(orphans.fetch());
  EXPECT_EQ(orphans.integer(1), 0);
  Statement stored(connection, "SELECT COUNT(*) FROM pga_signal WHERE signal_id LIKE 'stream-%'");
  stored.execute({});
  ASSERT_TRUE(stored.fetch());
  // A commit whose reply the outage swallowed may be stored without being counted.
  EXPECT_GE(stored.integer(1).value_or(0), static_cast<std::int64_t>(committed_before_outage));
}

INSTANTIATE_TEST_SUITE_P(Drivers, ProductionStoreTest, ::testing::ValuesIn(driver_cases()),
                         [](const ::testing::TestParamInfo<DriverCase>& driver) {
                           return driver.param.name;
                         });

}  // namespace
}  // namespace zvhpga::odbc::testing
