// The retention benchmark (docs/retention.md): a sweep of N signals of which half are due,
// auto-approved so that it destroys them, next to a raw set-based DELETE of the same rows in
// the same database, in the same run. PostgreSQL when ZVHPGA_TEST_PG_CONNECTION names a
// throwaway database (its zvhpga schema is dropped).
//   build/bin/retention_bench [SIGNALS [sqlite|postgresql|both]]   (1000000 both)
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>

#include "core/retention.h"
#include "crypto/random_id.h"
#include "odbc/handles.h"
#include "odbc/key_store.h"
#include "odbc/odbc_store.h"
#include "odbc/statement.h"
#include "odbc/transaction_scope.h"
#include "ports/clock.h"
#include "retention/policy_reader.h"
#include "service/retention_sweep.h"

namespace zvhpga::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kDecidedEarly = "2024-01-01T00:00:00.000Z";  // due 2025: destroyed
constexpr const char* kDecidedLate = "2026-06-01T00:00:00.000Z";   // due 2027: kept
constexpr const char* kSweepAt = "2026-11-28T12:00:00.000Z";
constexpr int kSignalsPerTransaction = 5000;

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class FixedClock final : public ports::Clock {
 public:
  std::chrono::system_clock::time_point now() override {
    using namespace std::chrono;
    return sys_days{2026y / 11 / 28} + 12h;
  }
};

core::Actor chair() {
  return {"gemeente-utrecht", core::PartnerKind::Gemeente, "chair", core::Role::WeegploegChair};
}

// A registered and decided signal: the rows a real one has (signal, two phenomena, two
// transitions, a contribution, a decision with three participants, a clock).
void seed(odbc::OdbcStore& store, const core::RetentionPolicy& policy, int signals) {
  {
    // Clocks name their policy version, which an opening instance records first.
    auto tx = store.begin(ports::TransactionMode::ReadWrite);
    tx->retention_register().adopt({policy.version, policy.issued_on, "(benchmark)", kDecidedEarly});
    tx->commit();
  }
  for (int first = 0; first < signals; first += kSignalsPerTransaction) {
    auto tx = store.begin(ports::TransactionMode::ReadWrite);
    for (int number = first; number < std::min(signals, first + kSignalsPerTransaction); ++number) {
      const std::string id = "signal-" + std::to_string(number);
      core::Dossier dossier;
      dossier.signal_id = id;
      dossier.intake.receiving_partner = core::PartnerKind::Gemeente;
      dossier.intake.reporter_organisation = "Wijkteam";
      dossier.intake.received_on = "2023-12-01";
      dossier.intake.subject = {"J. Jansen", "2001-05-17", "123456782", "Utrecht"};
      dossier.intake.observed_facts = "Deelt propaganda in een groepsapp.";
      dossier.intake.phenomenon_hypothesis = {core::Phenomenon::RechtsExtremisme,
                                              core::Phenomenon::Unclear};
      dossier.intake.municipality = "Utrecht";
      dossier.intake.region = "Utrecht";
      dossier.state = core::SignalState::Decided;
      dossier.registered_by = chair();
      dossier.registered_at = "2023-12-01T09:00:00.000Z";
      tx->insert_signal(dossier);
      const bool due = number % 2 == 0;
      const std::string decided = due ? kDecidedEarly : kDecidedLate;
      tx->append_transition(id, {std::nullopt, core::SignalState::Received, chair(),
                                 dossier.registered_at, "registered"});
      tx->append_transition(id, {core::SignalState::ReadyForWeighing, core::SignalState::Decided,
                                 chair(), decided, "decided"});
      core::Contribution contribution;
      contribution.id = "c-" + id;
      contribution.contributor = chair();
      contribution.legal_basis = "art. 20 Wpg";
      contribution.reasoning = "Zorgen.";
      contribution.submitted_at = dossier.registered_at;
      tx->insert_contribution(id, contribution);
      core::Decision decision;
      decision.id = "d-" + id;
      decision.outcome = core::Course::NoFurtherAction;
      decision.reasoning = "Integrale afweging.";
      decision.participants = {{core::PartnerKind::Gemeente, "A"}, {core::PartnerKind::Politie, "B"},
                               {core::PartnerKind::Om, "C"}};
      decision.catalogue_version = "2026.1";
      decision.decided_on = decided.substr(0, 10);
      decision.recorded_by = chair();
      decision.recorded_at = decided;
      tx->insert_decision(id, decision);
      tx->retention_register().start_clock(*core::start_clock(
          policy, id, core::RetentionTrigger::Decision, core::Course::NoFurtherAction, decided));
    }
    tx->commit();
  }
}

// The same rows as seed() gives, made set-based on the server: the first two signals (one due,
// one kept) through the store, then each of their rows copied with its identifiers renamed.
// Through the store PostgreSQL takes about an hour for a million signals (a round trip per
// row); seeding is not what is measured, the rows are.
void seed_set_based_on_postgresql(odbc::OdbcStore& store, const std::string& connection_string,
                                  const core::RetentionPolicy& policy, int signals) {
  seed(store, policy, std::min(signals, 2));
  odbc::Connection connection(std::make_shared<odbc::Environment>(), connection_string);
  odbc::TransactionScope transaction(connection, connection.dialect().begin_locking_write);
  // Parents before children, for the foreign keys. A template row names its signal's id
  // ('signal-0' or 'signal-1', closed by the JSON quote) in one or more of its columns.
  for (const std::string table : {"pga_signal", "pga_signal_phenomenon", "pga_transition",
                                  "pga_contribution", "pga_decision", "pga_decision_participant",
                                  "pga_retention_clock"})
    connection.execute(
        "INSERT INTO " + table + " SELECT copy.* FROM " + table +
        " template CROSS JOIN generate_series(2, " + std::to_string(signals - 1) +
        ") n CROSS JOIN LATERAL jsonb_populate_record(NULL::" + table +
        ", replace(to_jsonb(template)::text, 'signal-' || n % 2 || '\"', 'signal-' || n || "
        "'\"')::jsonb) copy WHERE to_jsonb(template)::text LIKE '%signal-' || n % 2 || '\"%'");
  transaction.commit();
}

// One wrapped key per seeded signal, made in bulk: its bytes are random, never opened here.
void seed_keys(const std::string& connection_string, int signals) {
  odbc::Connection connection(std::make_shared<odbc::Environment>(), connection_string);
  odbc::TransactionScope transaction(connection, connection.dialect().begin_locking_write);
  connection.execute("WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < " +
                     std::to_string(signals - 1) +
                     ") INSERT INTO pga_signal_key SELECT 'signal-' || x, 1, hex(randomblob(60)) FROM n");
  transaction.commit();
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The floor: the same rows gone with one set-based DELETE per table, in one transaction, no
// audit record, no tombstone, no statement. Timed up to its last statement and then rolled
// back, so that the sweep runs on the very same rows and seeding is paid once: its commit
// (one synced write) is the only part of a real DELETE the figure leaves out.
double raw_delete_seconds(const std::string& connection_string) {
  odbc::Connection connection(std::make_shared<odbc::Environment>(), connection_string);
  odbc::TransactionScope transaction(connection, connection.dialect().begin_locking_write);
  const auto start = Clock::now();
  const std::string due =
      std::string("(SELECT signal_id FROM pga_retention_clock WHERE due_at <= '") + kSweepAt + "')";
  for (const std::string table : {"pga_criteria_answer", "pga_contribution", "pga_closure",
                                  "pga_transition", "pga_signal_phenomenon", "pga_withheld_item",
                                  "pga_host_outbox", "pga_retention_hold"})
    connection.execute("DELETE FROM " + table + " WHERE signal_id IN " + due);
  connection.execute("DELETE FROM pga_decision_participant WHERE decision_id IN (SELECT "
                     "decision_id FROM pga_decision WHERE signal_id IN " + due + ")");
  connection.execute("DELETE FROM pga_decision WHERE signal_id IN " + due);
  connection.execute("CREATE TABLE bench_due AS SELECT signal_id FROM pga_retention_clock WHERE "
                     "due_at <= '" + std::string(kSweepAt) + "'");
  connection.execute("DELETE FROM pga_retention_clock WHERE signal_id IN (SELECT signal_id FROM bench_due)");
  connection.execute("DELETE FROM pga_signal WHERE signal_id IN (SELECT signal_id FROM bench_due)");
  connection.execute("DROP TABLE bench_due");
  return seconds_since(start);
}

void drop_postgresql_schema(const std::string& connection_string) {
  odbc::Connection connection(std::make_shared<odbc::Environment>(), connection_string);
  odbc::TransactionScope transaction(connection, connection.dialect().begin_locking_write);
  connection.execute("DROP SCHEMA IF EXISTS zvhpga CASCADE");
  transaction.commit();
}

using Seeding = std::function<void(odbc::OdbcStore&, const std::string& connection_string,
                                    const core::RetentionPolicy&, int signals)>;

void run(const std::string& name, const std::function<std::string()>& fresh_database,
         const Seeding& seeding_of, int signals, const core::RetentionPolicy& policy) {
  const std::filesystem::path data =
      std::filesystem::temp_directory_path() / ("zvhpga-retention-bench-" + name);
  std::filesystem::remove_all(data);
  std::filesystem::create_directories(data);

  const std::string connection_string = fresh_database();
  auto store = odbc::open_store({.connection_string = connection_string, .max_connections = 2});
  auto start = Clock::now();
  seeding_of(*store, connection_string, policy, signals);
  const double seeding = seconds_since(start);
  const double deleting = raw_delete_seconds(connection_string);

  // The data keys in their own SQLite file, as an instance keeps them by default, one per
  // signal so that the sweep's erasure deletes (and overwrites) a real row each time.
  const std::string keys_connection =
      "Driver=SQLite3;Database=" + (data / "keys.sqlite").string() + ";Timeout=5000;SyncPragma=FULL";
  const auto keys = odbc::open_key_store(keys_connection);
  seed_keys(keys_connection, signals);
  FixedClock clock;
  crypto::RandomIdGenerator ids;
  const service::AuditTrail audit_trail(crypto::Key(32, 1));
  config::Configuration config;
  config.data_directory = data;
  config.retention_auto_approve = true;
  const crypto::Key statement_key(32, 2);
  const retention::PolicySet policies({policy});
  const std::uint64_t statements_before = odbc::statements_executed();
  start = Clock::now();
  const service::SweepReport report = service::sweep(
      {*store, clock, ids, audit_trail, config, statement_key, nullptr, policies, *keys});
  const double sweeping = seconds_since(start);
  // Every statement the sweep executed, the key store's included, per signal it destroyed.
  const auto statements = static_cast<double>(odbc::statements_executed() - statements_before);
  std::size_t destroyed = 0;
  for (const auto& executed : report.executed) destroyed += executed.destroyed;
  store.reset();

  std::printf("%-10s signals %8d  seeded in %7.1f s  destroyed %7zu by the sweep in %8.1f s "
              "(%7.0f/s)  raw DELETE %6.2f s  sweep/raw %6.1f x  statements/destroyed %5.1f\n",
              name.c_str(), signals, seeding, destroyed, sweeping, static_cast<double>(destroyed) / sweeping, deleting,
              sweeping / deleting, destroyed > 0 ? statements / static_cast<double>(destroyed) : 0.0);
  std::fflush(stdout);
  std::filesystem::remove_all(data);
}

}  // namespace
}  // namespace zvhpga::bench

int main(int argc, char** argv) {
  using namespace zvhpga;
  const int signals = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
  const std::string databases = argc > 2 ? argv[2] : "both";
  if (signals <= 0 || (databases != "sqlite" && databases != "postgresql" && databases != "both")) {
    std::cerr << "usage: retention_bench [SIGNALS [sqlite|postgresql|both]]\n";
    return 2;
  }
  const xml::Schema schema(
      bench::read(std::filesystem::path(ZVHPGA_SCHEMAS_DIR) / "zvhpga-retention-v1.xsd"));
  const auto policy = retention::read_policy(
      bench::read(std::filesystem::path(ZVHPGA_CONFIG_DIR) / "retention" / "pga-retention-2026-1.xml"),
      schema);
  if (!policy) {
    std::cerr << policy.error().message << "\n";
    return 1;
  }
  // Each database apart, in files of its own, so that the two can run side by side.
  if (databases != "postgresql") {
    const std::filesystem::path sqlite_file =
        std::filesystem::temp_directory_path() / "zvhpga-retention-bench.sqlite";
    bench::run("SQLite",
               [&] {
                 std::filesystem::remove(sqlite_file);
                 return "Driver=SQLite3;Database=" + sqlite_file.string() +
                        ";Timeout=5000;JournalMode=WAL;SyncPragma=FULL";
               },
               [](odbc::OdbcStore& store, const std::string&, const core::RetentionPolicy& rules,
                  int count) { bench::seed(store, rules, count); },
               signals, *policy);
    std::filesystem::remove(sqlite_file);
  }
  const char* pg = std::getenv("ZVHPGA_TEST_PG_CONNECTION");
  if (databases != "sqlite" && pg != nullptr && *pg != '\0')
    bench::run("PostgreSQL",
               [&] {
                 bench::drop_postgresql_schema(pg);
                 return std::string(pg);
               },
               bench::seed_set_based_on_postgresql, signals, *policy);
  return 0;
}
