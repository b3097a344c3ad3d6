// The retention sweep on real databases (SQLite and PostgreSQL), on an injected clock: nothing
// destroyed a second early or kept a second late, holds and policy versions respected, every
// destruction whole with its audit record, a failure in the middle rolled back for that signal
// only, and a sweep killed at random points finishing as an uninterrupted one would.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <random>
#include <sstream>
#include <thread>

#include "core/retention.h"
#include "core/workflow.h"
#include "crypto/random_id.h"
#include "crypto/statement_signer.h"
#include "odbc/handles.h"
#include "odbc/key_store.h"
#include "odbc/statement.h"
#include "odbc/transaction_scope.h"
#include "ports/clock.h"
#include "retention/adoption.h"
#include "retention/policy_reader.h"
#include "xml/document.h"
#include "service/retention_sweep.h"
#include "store_fixture.h"

namespace zvhpga::odbc::testing {
namespace {

using TimePoint = std::chrono::system_clock::time_point;

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const xml::Schema& retention_schema() {
  static const xml::Schema schema(
      read(std::filesystem::path(ZVHPGA_SCHEMAS_DIR) / "zvhpga-retention-v1.xsd"));
  return schema;
}

core::RetentionPolicy policy_from(const std::string& text) {
  auto policy = retention::read_policy(text, retention_schema());
  if (!policy) throw std::runtime_error(policy.error().message);
  return policy.value();
}

std::string shipped_policy_text() {
  return read(std::filesystem::path(ZVHPGA_CONFIG_DIR) / "retention" / "pga-retention-2026-1.xml");
}

// "2026-01-01T00:00:00.000Z" as a clock reading.
TimePoint at(const std::string& timestamp) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
  std::sscanf(timestamp.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &year, &month, &day, &hour, &minute,
              &second, &millis);
  using namespace std::chrono;
  return sys_days{std::chrono::year{year} / month / day} + hours{hour} + minutes{minute} +
         seconds{second} + milliseconds{millis};
}

class InjectedClock final : public ports::Clock {
 public:
  TimePoint now() override { return now_; }
  void set(const std::string& timestamp) { now_ = at(timestamp); }

 private:
  TimePoint now_{};
};

constexpr const char* kDecidedAt = "2026-01-01T00:00:00.000Z";
// R2 of the shipped policy: one year after the decision.
constexpr const char* kDueAt = "2027-01-01T00:00:00.000Z";

class RetentionSweep : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    store_ = open();
    adopt(shipped_policy_text());
    config_.data_directory = scratch_.path() / "data";
    clock_.set(kDecidedAt);
  }

  // Records a policy version as an instance opening on it does: clocks name their version.
  void adopt(const std::string& policy) {
    auto tx = store_->begin(ports::TransactionMode::ReadWrite);
    ASSERT_TRUE(retention::adopt(tx->retention_register(), retention_schema(), policy, kDecidedAt).ok());
    tx->commit();
  }

  std::string seed(int number, core::Course outcome = core::Course::NoFurtherAction,
                   const retention::PolicySet* policies = nullptr) {
    const std::string id = "signal-" + std::to_string(1000 + number);
    auto tx = store_->begin(ports::TransactionMode::ReadWrite);
    tx->insert_signal(sample_dossier(id, number % 2 == 0 ? "Utrecht" : "Midden"));
    tx->append_transition(id, sample_transition(std::nullopt, core::SignalState::Received, "registered"));
    tx->insert_contribution(id, sample_contribution("c-" + id, core::PartnerKind::Gemeente));
    tx->insert_decision(id, sample_decision("d-" + id, outcome));
    const auto clock = core::start_clock((policies != nullptr ? *policies : policies_).in_force(),
                                         id, core::RetentionTrigger::Decision, outcome, kDecidedAt);
    if (clock) tx->retention_register().start_clock(*clock);
    tx->commit();
    return id;
  }

  service::SweepReport sweep(bool auto_approve = true, const retention::PolicySet* policies = nullptr,
                             const crypto::StatementSigner* signer = nullptr) {
    config_.retention_auto_approve = auto_approve;
    return service::sweep({*store_, clock_, ids_, audit_trail_, config_, statement_key_, signer,
                           policies != nullptr ? *policies : policies_, keys()});
  }

  bool exists(const std::string& signal_id) {
    auto tx = store_->begin(ports::TransactionMode::ReadOnly);
    return tx->load_dossier(signal_id).has_value();
  }

  std::int64_t count(const std::string& sql) const {
    Connection connection(std::make_shared<Environment>(), connection_string_);
    TransactionScope transaction(connection, connection.dialect().begin_read_only);
    Statement statement(connection, sql);
    statement.execute({});
    const std::int64_t value = statement.fetch() ? statement.integer(1).value_or(-1) : -1;
    statement.close();
    transaction.commit();
    return value;
  }

  void execute(const std::string& sql) const {
    Connection connection(std::make_shared<Environment>(), connection_string_);
    TransactionScope transaction(connection, connection.dialect().begin_locking_write);
    connection.execute(sql);
    transaction.commit();
  }

  // The host keeps a copy of each case, and a note of its own still refers to the poisoned
  // one, so the configured host statement fails for it after the plugin's own tables were
  // emptied: a database error in the middle of its destruction.
  void poison_host_copy(const std::string& poisoned, const std::vector<std::string>& fine) {
    execute("DROP TABLE IF EXISTS host_retention_note");
    execute("DROP TABLE IF EXISTS host_retention_case");
    execute("CREATE TABLE host_retention_case (signal_id VARCHAR(64) PRIMARY KEY)");
    execute("CREATE TABLE host_retention_note (signal_id VARCHAR(64) REFERENCES "
            "host_retention_case (signal_id))");
    for (const std::string& id : fine)
      execute("INSERT INTO host_retention_case (signal_id) VALUES ('" + id + "')");
    execute("INSERT INTO host_retention_case (signal_id) VALUES ('" + poisoned + "')");
    execute("INSERT INTO host_retention_note (signal_id) VALUES ('" + poisoned + "')");
    store_ = open_store(StoreOptions{
        .connection_string = connection_string_,
        .max_connections = 4,
        .host_statements = {{"destroy-signal", "DELETE FROM host_retention_case WHERE signal_id = ?"}}});
    config_.host_statements = {{"destroy-signal", "DELETE FROM host_retention_case WHERE signal_id = ?"}};
  }

  // Every row any pga_ table holds about the signal, table by table.
  std::map<std::string, std::int64_t> rows_about(const std::string& id) const {
    std::map<std::string, std::int64_t> rows;
    for (const char* table : {"pga_signal", "pga_signal_phenomenon", "pga_contribution",
                              "pga_decision", "pga_closure", "pga_transition",
                              "pga_criteria_answer", "pga_withheld_item", "pga_host_outbox",
                              "pga_retention_clock", "pga_retention_hold"})
      rows[table] = count(std::string("SELECT COUNT(*) FROM ") + table + " WHERE signal_id = '" + id + "'");
    rows["pga_decision_participant"] = count("SELECT COUNT(*) FROM pga_decision_participant WHERE decision_id = 'd-" + id + "'");
    return rows;
  }

  bool audit_trail_intact() {
    auto tx = store_->begin(ports::TransactionMode::ReadOnly);
    return audit_trail_.verify(tx->audit_journal(), {}).intact();
  }

  static core::Actor privacy_officer() {
    return actor(core::PartnerKind::Gemeente, "fg", core::Role::PrivacyOfficer);
  }

  void approve(const std::string& proposal_id) {
    auto tx = store_->begin(ports::TransactionMode::ReadWrite);
    tx->retention_register().approve_proposal(proposal_id, privacy_officer(), kDueAt);
    tx->commit();
  }

  void place_hold(const std::string& id) {
    auto tx = store_->begin(ports::TransactionMode::ReadWrite);
    tx->retention_register().place_hold(
        {"hold-" + id, id, "bezwaar loopt", "2027-06-01", privacy_officer(), kDecidedAt});
    tx->commit();
  }

  void release_hold(const std::string& id, const std::string& at) {
    auto tx = store_->begin(ports::TransactionMode::ReadWrite);
    ASSERT_TRUE(tx->retention_register().release_hold(id, "hold-" + id, privacy_officer(), at));
    tx->commit();
  }

  std::optional<ports::DestructionProposal> proposal(const std::string& id) {
    auto tx = store_->begin(ports::TransactionMode::ReadOnly);
    return tx->retention_register().proposal(id);
  }

  // The data keys live in a database of their own, as in an instance (docs/crypto-shredding.md).
  std::string key_store_connection() const {
    return "Driver=SQLite3;Database=" + (scratch_.path() / "keys.sqlite").string();
  }
  ports::KeyStore& keys() {
    if (!keys_) keys_ = odbc::open_key_store(key_store_connection());
    return *keys_;
  }

  retention::PolicySet policies_{{policy_from(shipped_policy_text())}};
  std::unique_ptr<ports::KeyStore> keys_;
  std::unique_ptr<OdbcStore> store_;
  ScratchDirectory second_scratch_;
  InjectedClock clock_;
  crypto::RandomIdGenerator ids_;
  service::AuditTrail audit_trail_{crypto::Key(32, 0x5a)};
  crypto::Key statement_key_ = crypto::Key(32, 0x33);
  config::Configuration config_;
};

TEST_P(RetentionSweep, NothingIsProposedASecondBeforeTheTermEnds) {
  const std::string id = seed(1);
  clock_.set("2026-12-31T23:59:59.000Z");
  const auto report = sweep();
  EXPECT_TRUE(report.proposed.empty());
  EXPECT_TRUE(report.executed.empty());
  EXPECT_TRUE(exists(id));
}

TEST_P(RetentionSweep, NothingIsKeptPastTheInstantTheTermEnds) {
  const std::string id = seed(1);
  clock_.set(kDueAt);
  const auto report = sweep();
  ASSERT_EQ(report.executed.size(), 1u);
  EXPECT_EQ(report.executed[0].destroyed, 1u);
  EXPECT_FALSE(exists(id));
}

TEST_P(RetentionSweep, DueSignalWaitsForApprovalUnlessAutoApproved) {
  const std::string id = seed(1);
  clock_.set(kDueAt);
  const auto report = sweep(false);
  ASSERT_EQ(report.proposed.size(), 1u);
  EXPECT_TRUE(report.executed.empty());
  EXPECT_TRUE(exists(id));
  EXPECT_TRUE(sweep(false).proposed.empty()) << "a signal in an open proposal is proposed once";
}

TEST_P(RetentionSweep, ApprovedProposalDestroysTheSignalInEveryTableAndLeavesATombstone) {
  const std::string id = seed(2);
  const std::string other = seed(4, core::Course::IncludeInCasusoverleg);
  clock_.set(kDueAt);
  const auto proposed = sweep(false).proposed;
  ASSERT_EQ(proposed.size(), 1u);
  approve(proposed[0].proposal_id);
  const auto before = rows_about(id);
  EXPECT_GT(before.at("pga_signal"), 0);
  EXPECT_GT(before.at("pga_decision_participant"), 0);
  const auto report = sweep(false);
  ASSERT_EQ(report.executed.size(), 1u);
  for (const auto& [table, rows] : rows_about(id)) EXPECT_EQ(rows, 0) << table;
  EXPECT_TRUE(exists(other)) << "a signal with no term running is kept";
  auto tx = store_->begin(ports::TransactionMode::ReadOnly);
  const auto tombstone = tx->retention_register().tombstone(id);
  ASSERT_TRUE(tombstone);
  EXPECT_EQ(tombstone->rule_id, "R2");
  EXPECT_EQ(tombstone->due_at, kDueAt);
  EXPECT_EQ(tombstone->region, "Utrecht");
}

TEST_P(RetentionSweep, AuditTrailStillVerifiesAfterDestruction) {
  seed(1);
  seed(2);
  clock_.set(kDueAt);
  sweep();
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_audit_record WHERE action = 'DestroySignal'"), 2);
  EXPECT_TRUE(audit_trail_intact());
}

TEST_P(RetentionSweep, StatementOfDestructionIsSignedAndFailsOnAnyChangedByte) {
  const std::string id = seed(1);
  clock_.set(kDueAt);
  const auto report = sweep();
  ASSERT_EQ(report.executed.size(), 1u);
  const std::string statement = read(report.executed[0].statement_file);
  EXPECT_NE(statement.find(id), std::string::npos);
  EXPECT_NE(statement.find("rule=\"R2\""), std::string::npos);
  EXPECT_NE(statement.find("<recordsFrom>"), std::string::npos);
  EXPECT_TRUE(service::statement_is_authentic(statement, statement_key_));
  const xml::Schema statement_schema(
      read(std::filesystem::path(ZVHPGA_SCHEMAS_DIR) / "zvhpga-statement-v1.xsd"));
  auto parsed = xml::parse_untrusted(statement, statement.size());
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(statement_schema.validate(*parsed.value()).ok());
  for (std::size_t at : {std::size_t{0}, statement.size() / 2, statement.size() - 3}) {
    std::string changed = statement;
    changed[at] = static_cast<char>(changed[at] ^ 0x01);
    EXPECT_FALSE(service::statement_is_authentic(changed, statement_key_)) << "byte " << at;
  }
  EXPECT_FALSE(service::statement_is_authentic(statement, crypto::Key(32, 0x34)));
  EXPECT_TRUE(report.executed[0].signature_file.empty()) << "no signer configured, no signature";
  auto tx = store_->begin(ports::TransactionMode::ReadOnly);
  EXPECT_EQ(tx->retention_register().statement(report.executed[0].proposal_id), statement);
}

// The exit status of `openssl cms -verify`, as an archive inspector would run it: the
// statement, its detached signature and the issuing CA, nothing of zvh-pga.
int openssl_cms_verify(const std::filesystem::path& content, const std::filesystem::path& signature,
                       const std::filesystem::path& ca) {
  const std::string command = "openssl cms -verify -binary -content '" + content.string() +
                              "' -in '" + signature.string() + "' -inform PEM -CAfile '" +
                              ca.string() + "' -out /dev/null 2>/dev/null";
  return std::system(command.c_str());
}

TEST_P(RetentionSweep, StatementSignedByTheZvhVerifiesWithOpensslAloneAndNotOnceAByteChanged) {
  // A test CA and the ZVH's signing certificate, made as installer/dev-pki.sh makes its own.
  const std::filesystem::path pki = scratch_.path() / "pki";
  std::filesystem::create_directories(pki);
  const std::string make_pki =
      "bash -c 'set -e; source \"" ZVHPGA_INSTALLER_DIR "/pki-common.sh\"; new_ca \"$0\" ca "
      "\"/CN=Test CA\" 30; issue \"$0\" ca zvh \"/C=NL/O=ZVH/CN=statements\" 30 "
      "\"$STATEMENT_SIGNING_EXTENSIONS\"' '" + pki.string() + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(make_pki.c_str()), 0) << make_pki;
  auto signer = crypto::StatementSigner::load(pki / "zvh.pem", pki / "zvh.key");
  ASSERT_TRUE(signer) << signer.error().message;
  seed(1);
  clock_.set(kDueAt);
  const auto report = sweep(true, nullptr, &signer.value());
  ASSERT_EQ(report.executed.size(), 1u);
  const auto& executed = report.executed[0];
  EXPECT_EQ(executed.signature_file, executed.statement_file.string() + ".p7s");
  EXPECT_EQ(openssl_cms_verify(executed.statement_file, executed.signature_file, pki / "ca.pem"), 0);
  EXPECT_TRUE(service::statement_is_authentic(read(executed.statement_file), statement_key_))
      << "the HMAC seal stays for the plugin's own check";

  std::string tampered = read(executed.statement_file);
  tampered[tampered.size() / 2] ^= 0x01;
  const std::filesystem::path tampered_file = scratch_.path() / "tampered.xml";
  std::ofstream(tampered_file, std::ios::binary) << tampered;
  EXPECT_NE(openssl_cms_verify(tampered_file, executed.signature_file, pki / "ca.pem"), 0);
}

TEST_P(RetentionSweep, HeldSignalIsNeverDestroyed) {
  const std::string id = seed(1);
  place_hold(id);
  clock_.set("2040-01-01T00:00:00.000Z");
  const auto report = sweep();
  EXPECT_TRUE(report.proposed.empty());
  EXPECT_TRUE(exists(id));
}

TEST_P(RetentionSweep, HoldPlacedAfterTheProposalStillStopsTheDestruction) {
  const std::string id = seed(1);
  clock_.set(kDueAt);
  const auto proposed = sweep(false).proposed;
  ASSERT_EQ(proposed.size(), 1u);
  place_hold(id);
  approve(proposed[0].proposal_id);
  const auto report = sweep(false);
  ASSERT_EQ(report.executed.size(), 1u);
  EXPECT_EQ(report.executed[0].held, 1u);
  EXPECT_TRUE(exists(id));
  EXPECT_NE(read(report.executed[0].statement_file).find("reason=\"held\""), std::string::npos);
}

TEST_P(RetentionSweep, HoldCommittedWhileTheSweepWaitsForTheAuditHeadKeepsTheSignalAndItsKey) {
  const std::string id = seed(1);
  keys().add_generation(1, "check value of master key generation 1");
  keys().insert({id, 1, "wrapped key of the signal"});
  clock_.set(kDueAt);
  const auto proposed = sweep(false).proposed;
  ASSERT_EQ(proposed.size(), 1u);
  approve(proposed[0].proposal_id);
  // A hold being placed as the service places one: the hold and its audit record, which holds
  // the audit head until the commit. The sweep starts meanwhile and must not read the holds
  // (and erase the key) before that commit.
  auto hold = store_->begin(ports::TransactionMode::ReadWrite);
  hold->retention_register().place_hold(
      {"hold-" + id, id, "klacht", "2027-06-01", privacy_officer(), kDueAt});
  audit_trail_.record(hold->audit_journal(),
                      service::system_event(kDueAt, {.action = "PlaceLegalHold", .object = "signal/" + id,
                                                     .result = "success", .purpose = "retention",
                                                     .origin = "abi"},
                                            ids_));
  service::SweepReport report;
  std::thread sweeping([&] { report = sweep(false); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  hold->commit();
  sweeping.join();
  ASSERT_EQ(report.executed.size(), 1u);
  EXPECT_EQ(report.executed[0].held, 1u);
  EXPECT_TRUE(exists(id));
  EXPECT_TRUE(keys().find(id).has_value());
}

TEST_P(RetentionSweep, DestructionErasesTheSignalsDataKeyAndAHoldKeepsIt) {
  const std::string destroyed = seed(1);
  const std::string held = seed(3);
  // The key store takes keys only under a master key generation it knows.
  keys().add_generation(1, "check value of master key generation 1");
  keys().insert({destroyed, 1, "wrapped key of the destroyed signal"});
  keys().insert({held, 1, "wrapped key of the held signal"});
  place_hold(held);
  clock_.set(kDueAt);
  sweep();
  EXPECT_FALSE(exists(destroyed));
  EXPECT_FALSE(keys().find(destroyed).has_value());
  EXPECT_TRUE(exists(held));
  EXPECT_TRUE(keys().find(held).has_value());
}

TEST_P(RetentionSweep, KeyOfADestroyedSignalBroughtBackByARestoredKeyStoreIsErasedAndAudited) {
  const std::string destroyed = seed(1);
  const std::string living = seed(3, core::Course::IncludeInCasusoverleg);
  keys().add_generation(1, "check value of master key generation 1");
  keys().insert({destroyed, 1, "wrapped key of the destroyed signal"});
  keys().insert({living, 1, "wrapped key of a signal still in its term"});
  clock_.set(kDueAt);
  sweep();
  ASSERT_FALSE(exists(destroyed));
  // The key store restored from a backup taken before the destruction.
  keys().insert({destroyed, 1, "wrapped key of the destroyed signal"});

  const auto report = sweep();

  EXPECT_EQ(report.restored_keys_erased, 1u);
  EXPECT_FALSE(keys().find(destroyed).has_value());
  EXPECT_TRUE(keys().find(living).has_value());
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_audit_record WHERE action = 'EraseRestoredKey' "
                  "AND object = 'signal/" + destroyed + "'"), 1);
  EXPECT_TRUE(audit_trail_intact());
}

TEST_P(RetentionSweep, ReleasedHoldLetsTheNextRunDestroy) {
  const std::string id = seed(1);
  place_hold(id);
  clock_.set(kDueAt);
  EXPECT_TRUE(sweep().proposed.empty());
  release_hold(id, kDueAt);
  sweep();
  EXPECT_FALSE(exists(id));
}

TEST_P(RetentionSweep, RunningTermKeepsThePolicyVersionItStartedUnder) {
  const std::string early = seed(1);
  std::string longer = shipped_policy_text();
  longer.replace(longer.find("version=\"2026.1\""), 16, "version=\"2027.1\"");
  longer.replace(longer.find("period=\"P1Y\""), 12, "period=\"P2Y\"");
  adopt(longer);
  const retention::PolicySet both{{policy_from(shipped_policy_text()), policy_from(longer)}};
  const std::string late = seed(2, core::Course::NoFurtherAction, &both);
  clock_.set(kDueAt);
  const auto report = sweep(true, &both);
  EXPECT_FALSE(exists(early)) << "the 2026.1 term of one year ran out";
  EXPECT_TRUE(exists(late)) << "the 2027.1 term of two years runs on";
  clock_.set("2028-01-01T00:00:00.000Z");
  sweep(true, &both);
  EXPECT_FALSE(exists(late));
}

TEST_P(RetentionSweep, RerunAfterACompleteRunChangesNothing) {
  seed(1);
  seed(2);
  clock_.set(kDueAt);
  sweep();
  const auto records = count("SELECT COUNT(*) FROM pga_audit_record");
  const auto report = sweep();
  EXPECT_TRUE(report.executed.empty());
  EXPECT_TRUE(report.proposed.empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_retention_tombstone"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_audit_record"), records);
}

TEST_P(RetentionSweep, DatabaseErrorInTheMiddleRollsBackThatSignalOnlyAndTheStatementSaysSo) {
  const std::string poisoned = seed(1);
  const std::string fine = seed(2);
  poison_host_copy(poisoned, {fine});
  const auto before = rows_about(poisoned);

  clock_.set(kDueAt);
  const auto report = sweep();
  ASSERT_EQ(report.executed.size(), 2u);  // one proposal per region
  EXPECT_EQ(rows_about(poisoned), before);
  EXPECT_FALSE(exists(fine));
  EXPECT_EQ(count("SELECT COUNT(*) FROM host_retention_case WHERE signal_id = '" + fine + "'"), 0);
  std::size_t failed = 0;
  for (const auto& executed : report.executed) {
    failed += executed.failed;
    if (executed.failed == 1) {
      EXPECT_NE(read(executed.statement_file).find("reason=\"failed\""), std::string::npos);
    }
  }
  EXPECT_EQ(failed, 1u);
  EXPECT_TRUE(audit_trail_intact());
  EXPECT_EQ(sweep().proposed.size(), 1u) << "the failed signal is proposed again";
}

TEST_P(RetentionSweep, DatabaseErrorForOneSignalStillDestroysTheOthersDestroyedWithIt) {
  // One region, so one proposal whose signals are destroyed in one transaction together.
  const std::string first = seed(2);
  const std::string poisoned = seed(4);
  const std::string last = seed(6);
  poison_host_copy(poisoned, {first, last});
  const auto before = rows_about(poisoned);

  clock_.set(kDueAt);
  const auto report = sweep();
  ASSERT_EQ(report.executed.size(), 1u);
  EXPECT_EQ(report.executed[0].destroyed, 2u);
  EXPECT_EQ(report.executed[0].failed, 1u);
  EXPECT_FALSE(exists(first));
  EXPECT_FALSE(exists(last));
  EXPECT_EQ(rows_about(poisoned), before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_retention_tombstone"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_retention_proposal_item WHERE outcome = 'failed' "
                  "AND signal_id = '" + poisoned + "'"), 1);
  EXPECT_TRUE(audit_trail_intact());
}

TEST_P(RetentionSweep, ABatchDestroysExactlyTheDueAndUnheldSignalsAndKeepsTheHeldAndTheNotDue) {
  // One region, so one proposal, destroyed in one transaction.
  const std::vector<std::string> due{seed(2), seed(4), seed(6), seed(8)};
  const std::string not_due = seed(10);
  {
    auto tx = store_->begin(ports::TransactionMode::ReadWrite);
    tx->retention_register().start_clock(
        *core::start_clock(policies_.in_force(), not_due, core::RetentionTrigger::Decision,
                           core::Course::NoFurtherAction, "2026-06-01T00:00:00.000Z"));
    tx->commit();
  }
  clock_.set(kDueAt);
  const auto proposed = sweep(false).proposed;
  ASSERT_EQ(proposed.size(), 1u);
  EXPECT_EQ(proposed[0].items.size(), due.size()) << "the one not due is not proposed";
  const std::string& held = due[1];
  place_hold(held);
  approve(proposed[0].proposal_id);

  const auto report = sweep(false);
  ASSERT_EQ(report.executed.size(), 1u);
  EXPECT_EQ(report.executed[0].destroyed, 3u);
  EXPECT_EQ(report.executed[0].held, 1u);
  EXPECT_EQ(report.executed[0].failed, 0u);
  for (const std::string& id : due) EXPECT_EQ(exists(id), id == held) << id;
  EXPECT_TRUE(exists(not_due));
  EXPECT_GT(rows_about(held).at("pga_retention_hold"), 0) << "the hold stays with its signal";
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_retention_tombstone"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_retention_tombstone WHERE signal_id = '" + held + "'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_audit_record WHERE action = 'DestroySignal' AND "
                  "object = 'signal/" + held + "' AND result = 'refused:legal-hold'"), 1);
  EXPECT_TRUE(audit_trail_intact());
}

TEST_P(RetentionSweep, ABatchShorterThanAStatementsChunkDestroysAndAuditsEachSignalOnce) {
  const std::vector<std::string> ids{seed(2), seed(4), seed(6)};
  ASSERT_LT(ids.size(), ports::kSignalsPerStatement);
  clock_.set(kDueAt);
  const auto report = sweep();
  ASSERT_EQ(report.executed.size(), 1u);
  EXPECT_EQ(report.executed[0].destroyed, ids.size());
  for (const std::string& id : ids) {
    EXPECT_FALSE(exists(id)) << id;
    EXPECT_EQ(count("SELECT COUNT(*) FROM pga_audit_record WHERE action = 'DestroySignal' AND "
                    "object = 'signal/" + id + "'"), 1) << id;
    EXPECT_EQ(count("SELECT COUNT(*) FROM pga_retention_tombstone WHERE signal_id = '" + id + "'"), 1)
        << id;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_audit_record WHERE action = 'DestroySignal'"),
            static_cast<std::int64_t>(ids.size()));
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_retention_proposal_item WHERE outcome = 'destroyed'"),
            static_cast<std::int64_t>(ids.size()));
  EXPECT_TRUE(audit_trail_intact());
}

TEST_P(RetentionSweep, AProposalLargerThanOneChunkIsDestroyedChunkByChunkEachSignalOnce) {
  const std::size_t signals = 2 * ports::kSignalsPerStatement + 5;
  std::vector<std::string> ids;
  // Even numbers: all of Utrecht, one proposal.
  for (std::size_t i = 0; i < signals; ++i) ids.push_back(seed(static_cast<int>(2 * i)));
  clock_.set(kDueAt);
  const auto proposed = sweep(false).proposed;
  ASSERT_EQ(proposed.size(), 1u);
  ASSERT_EQ(proposed[0].items.size(), signals);
  // In the second chunk, whichever order the proposal lists its items in.
  const std::string& held = proposed[0].items[ports::kSignalsPerStatement + 3].signal_id;
  place_hold(held);
  approve(proposed[0].proposal_id);

  const auto report = sweep(false);
  ASSERT_EQ(report.executed.size(), 1u);
  EXPECT_EQ(report.executed[0].destroyed, signals - 1);
  EXPECT_EQ(report.executed[0].held, 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_signal"), 1);
  EXPECT_TRUE(exists(held));
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_retention_tombstone"),
            static_cast<std::int64_t>(signals - 1));
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_audit_record WHERE action = 'DestroySignal'"),
            static_cast<std::int64_t>(signals));
  EXPECT_EQ(count("SELECT COUNT(DISTINCT object) FROM pga_audit_record WHERE action = 'DestroySignal'"),
            static_cast<std::int64_t>(signals));
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_retention_proposal_item WHERE outcome IS NULL"), 0);
  EXPECT_TRUE(audit_trail_intact());
}

TEST_P(RetentionSweep, SweepKilledAtRandomPointsFinishesAsAnUninterruptedOneWould) {
  constexpr int kSignals = 48;
  constexpr int kKills = 6;
  std::vector<std::string> ids;
  auto seed_all = [&] {
    ids.clear();
    // Every third signal was included and has no term running: it must survive every run.
    for (int number = 0; number < kSignals; ++number)
      ids.push_back(seed(number, number % 3 == 0 ? core::Course::IncludeInCasusoverleg
                                                 : core::Course::NoFurtherAction));
  };
  // What a finished sweep leaves, without what differs from run to run (times, identifiers
  // of proposals and audit records).
  auto final_state = [&] {
    std::string state;
    for (const std::string& id : ids) {
      state += id + (exists(id) ? " kept" : " destroyed");
      for (const auto& [table, rows] : rows_about(id)) state += " " + std::to_string(rows);
      state += count("SELECT COUNT(*) FROM pga_retention_tombstone WHERE signal_id = '" + id + "'") == 1
                   ? " tombstone\n" : "\n";
    }
    for (const char* outcome : {"destroyed", "held", "failed"})
      state += std::string(outcome) + ": " +
               std::to_string(count(std::string("SELECT COUNT(*) FROM pga_retention_proposal_item "
                                                "WHERE outcome = '") + outcome + "'")) + "\n";
    state += "unfinished items: " +
             std::to_string(count("SELECT COUNT(*) FROM pga_retention_proposal_item WHERE outcome IS NULL")) +
             "\nopen proposals: " +
             std::to_string(count("SELECT COUNT(*) FROM pga_retention_proposal WHERE completed_at IS NULL")) +
             "\nproposals without statement: " +
             std::to_string(count("SELECT COUNT(*) FROM pga_retention_proposal p WHERE NOT EXISTS "
                                  "(SELECT 1 FROM pga_retention_statement s WHERE s.proposal_id = p.proposal_id)")) +
             "\n";
    return state;
  };

  seed_all();
  clock_.set(kDueAt);
  sweep();
  const std::string uninterrupted = final_state();
  ASSERT_NE(uninterrupted.find("destroyed: 32"), std::string::npos) << uninterrupted;

  // The same signals again, on an empty database, swept by children killed at random points.
  store_.reset();
  const auto database = GetParam().fresh_database(second_scratch_.path());
  ASSERT_TRUE(database);
  connection_string_ = *database;
  store_ = open();
  adopt(shipped_policy_text());
  clock_.set(kDecidedAt);
  seed_all();
  clock_.set(kDueAt);
  std::mt19937 random(20261128);
  for (int kill = 0; kill < kKills; ++kill) {
    const pid_t child = fork();
    ASSERT_NE(child, -1);
    if (child == 0) {
      try {
        auto store = open();
        auto child_keys = odbc::open_key_store(key_store_connection());
        config_.retention_auto_approve = true;
        service::sweep({*store, clock_, ids_, audit_trail_, config_, statement_key_, nullptr,
                        policies_, *child_keys});
      } catch (...) {
      }
      _exit(0);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 400));
    ::kill(child, SIGKILL);
    ASSERT_EQ(waitpid(child, nullptr, 0), child);
  }
  sweep();
  EXPECT_EQ(final_state(), uninterrupted);
  EXPECT_TRUE(audit_trail_intact());
  EXPECT_TRUE(sweep().executed.empty()) << "a rerun finds nothing left to do";
}

INSTANTIATE_TEST_SUITE_P(Drivers, RetentionSweep, ::testing::ValuesIn(driver_cases()),
                         [](const ::testing::TestParamInfo<DriverCase>& driver) {
                           return driver.param.name;
                         });

// Rule R7: audit records end their own term, ten years after they were written under the
// shipped policy, and the trail keeps verifying from a sealed anchor.
class AuditRecordTerm : public RetentionSweep {
 protected:
  // An audit record written at `at`, with a processing-log line linked to it; its seq.
  std::int64_t record_at(const std::string& at, const std::string& object = "worklist") {
    auto tx = store_->begin(ports::TransactionMode::ReadWrite);
    ports::AuditEvent event = service::system_event(at, {.action = "GetWorklist", .object = object,
                                                           .result = "success", .purpose = "weging",
                                                           .origin = "abi"},
                                                      ids_);
    audit_trail_.record(tx->audit_journal(), event);
    tx->processing_log().append({.trace_id = event.trace_id, .span_id = "00f067aa0ba902b7",
                                 .name = "GetWorklist", .status_code = 1, .start_time = at,
                                 .end_time = at, .processing_activity_id = "urn:test",
                                 .data_subject_pseudonym = "p", .data_subject_id_sealed = "s",
                                 .data_subject_id_type = "BSN", .resource = "zvh-pga"});
    const std::int64_t seq = tx->audit_journal().read_head().seq;
    tx->commit();
    return seq;
  }

  bool audit_record_exists(std::int64_t seq) const {
    return count("SELECT COUNT(*) FROM pga_audit_record WHERE seq = " + std::to_string(seq)) == 1;
  }

  ports::Verification verify(std::span<const ports::Checkpoint> checkpoints = {}) {
    auto tx = store_->begin(ports::TransactionMode::ReadOnly);
    return audit_trail_.verify(tx->audit_journal(), checkpoints);
  }

  static constexpr const char* kWrittenAt = "2026-03-01T10:00:00.000Z";
  static constexpr const char* kTermEndsAt = "2036-03-01T10:00:00.000Z";
};

TEST_P(AuditRecordTerm, AuditRecordIsKeptUntilTheLastMillisecondOfItsTerm) {
  const std::int64_t seq = record_at(kWrittenAt);
  clock_.set("2036-03-01T09:59:59.999Z");
  EXPECT_EQ(sweep().audit_expiry.records_removed, 0);
  EXPECT_TRUE(audit_record_exists(seq));
}

TEST_P(AuditRecordTerm, AuditRecordIsRemovedWithItsProcessingLogLinesWhenItsTermEnds) {
  const std::int64_t seq = record_at(kWrittenAt);
  clock_.set(kTermEndsAt);
  const auto report = sweep();
  EXPECT_EQ(report.audit_expiry.records_removed, 1);
  EXPECT_EQ(report.audit_expiry.chain_starts_after, seq);
  EXPECT_FALSE(audit_record_exists(seq));
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_processing_log"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_audit_record WHERE action = 'ExpireAuditRecords' AND "
                  "object = 'audit-records/1-1'"), 1);
}

TEST_P(AuditRecordTerm, TrailVerifiesFromItsAnchorAfterItsStartIsRemoved) {
  record_at(kWrittenAt);
  const std::int64_t kept = record_at("2027-01-01T00:00:00.000Z");
  clock_.set(kTermEndsAt);
  sweep();
  const ports::Verification verification = verify();
  EXPECT_TRUE(verification.intact()) << verification.problem;
  EXPECT_EQ(verification.starts_after, kept - 1);
  EXPECT_EQ(verification.records_checked, 2) << "the record kept and the removal's own";
}

TEST_P(AuditRecordTerm, RemovalStopsAtTheFirstRecordStillWithinItsTerm) {
  const std::int64_t first = record_at(kWrittenAt);
  const std::int64_t young = record_at("2030-01-01T00:00:00.000Z");
  // Written after a younger one (a clock set back): a chain only loses its start, so it waits.
  const std::int64_t old = record_at("2025-01-01T00:00:00.000Z");
  clock_.set(kTermEndsAt);
  EXPECT_EQ(sweep().audit_expiry.records_removed, 1);
  EXPECT_FALSE(audit_record_exists(first));
  EXPECT_TRUE(audit_record_exists(young));
  EXPECT_TRUE(audit_record_exists(old));
}

TEST_P(AuditRecordTerm, RecordAboutAHeldSignalStaysUntilTheHoldIsReleased) {
  const std::string id = seed(1);
  place_hold(id);
  const std::int64_t about_held = record_at(kWrittenAt, "signal/" + id);
  clock_.set(kTermEndsAt);
  EXPECT_EQ(sweep().audit_expiry.records_removed, 0);
  EXPECT_TRUE(audit_record_exists(about_held));
  release_hold(id, kTermEndsAt);
  EXPECT_EQ(sweep().audit_expiry.records_removed, 1);
  EXPECT_FALSE(audit_record_exists(about_held));
}

TEST_P(AuditRecordTerm, RecordKeepsTheTermOfThePolicyVersionInForceWhenItWasWritten) {
  std::string shorter = shipped_policy_text();
  shorter.replace(shorter.find("version=\"2026.1\""), 16, "version=\"2027.1\"");
  shorter.replace(shorter.find("period=\"P10Y\""), 13, "period=\"P5Y\"");
  const std::int64_t under_first = record_at(kWrittenAt);
  {
    auto tx = store_->begin(ports::TransactionMode::ReadWrite);
    ASSERT_TRUE(retention::adopt(tx->retention_register(), retention_schema(), shorter,
                                 "2027-01-01T00:00:00.000Z")
                    .ok());
    tx->commit();
  }
  const retention::PolicySet both{{policy_from(shipped_policy_text()), policy_from(shorter)}};
  clock_.set("2032-01-01T00:00:00.000Z");
  EXPECT_EQ(sweep(true, &both).audit_expiry.records_removed, 0)
      << "2027.1's five years do not shorten the ten that 2026.1 gave";
  EXPECT_TRUE(audit_record_exists(under_first));
  const std::int64_t under_second = record_at("2027-06-01T00:00:00.000Z");
  clock_.set(kTermEndsAt);
  EXPECT_EQ(sweep(true, &both).audit_expiry.records_removed, under_second)
      << "the ten years ran out, and so did 2027.1's five for the record written under it";
}

TEST_P(AuditRecordTerm, RemovalSpansTransactionsOfAThousandRecords) {
  for (int record = 0; record < 2100; ++record) record_at(kWrittenAt);
  clock_.set(kTermEndsAt);
  EXPECT_EQ(sweep().audit_expiry.records_removed, 2100);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_audit_record WHERE action = 'ExpireAuditRecords'"), 3);
  EXPECT_TRUE(verify().intact());
}

TEST_P(AuditRecordTerm, RerunRemovesNothingMore) {
  record_at(kWrittenAt);
  clock_.set(kTermEndsAt);
  sweep();
  const auto records = count("SELECT COUNT(*) FROM pga_audit_record");
  EXPECT_EQ(sweep().audit_expiry.records_removed, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_audit_record"), records);
}

TEST_P(AuditRecordTerm, StartMovedOutsideThePluginFailsVerification) {
  record_at(kWrittenAt);
  const std::int64_t hidden = record_at("2027-01-01T00:00:00.000Z");
  record_at("2027-01-02T00:00:00.000Z");
  clock_.set(kTermEndsAt);
  sweep();
  // Record `hidden` removed before its term, the start moved past it so the chain still links.
  execute("UPDATE pga_audit_anchor SET through_seq = " + std::to_string(hidden) + ", through_mac = "
          "(SELECT mac FROM pga_audit_record WHERE seq = " + std::to_string(hidden) + ")");
  execute("DELETE FROM pga_audit_record WHERE seq = " + std::to_string(hidden));
  const ports::Verification verification = verify();
  EXPECT_FALSE(verification.intact());
  EXPECT_EQ(verification.broken_at, hidden + 1);
}

TEST_P(AuditRecordTerm, AnchorDeletedOutsideThePluginFailsVerification) {
  record_at(kWrittenAt);
  clock_.set(kTermEndsAt);
  sweep();
  execute("DELETE FROM pga_audit_anchor");
  const ports::Verification verification = verify();
  EXPECT_FALSE(verification.intact());
  EXPECT_EQ(verification.broken_at, 1);
}

TEST_P(AuditRecordTerm, CheckpointAtTheAnchorStillProvesTheTrailUpToIt) {
  const std::int64_t seq = record_at(kWrittenAt);
  std::string mac;
  {
    auto tx = store_->begin(ports::TransactionMode::ReadOnly);
    mac = tx->audit_journal().read_head().mac;
  }
  clock_.set(kTermEndsAt);
  sweep();
  const ports::Checkpoint genuine[] = {{seq, mac}};
  EXPECT_TRUE(verify(genuine).intact());
  const ports::Checkpoint forged[] = {{seq, std::string(64, '0')}};
  EXPECT_FALSE(verify(forged).intact());
}

TEST_P(AuditRecordTerm, UpgradedStoreKeepsEachAdoptionAndTheLatestReturnToForce) {
  std::string second = shipped_policy_text();
  second.replace(second.find("version=\"2026.1\""), 16, "version=\"2027.1\"");
  {
    auto tx = store_->begin(ports::TransactionMode::ReadWrite);
    ASSERT_TRUE(retention::adopt(tx->retention_register(), retention_schema(), second,
                                 "2027-01-01T00:00:00.000Z")
                    .ok());
    tx->retention_register().put_in_force("2026.1", "2028-01-01T00:00:00.000Z");
    tx->commit();
  }
  // Back to schema version 10, which kept only the latest moment per version in force.
  execute("DROP TABLE pga_audit_anchor");
  execute("DROP TABLE pga_retention_in_force");
  execute("DELETE FROM pga_schema_version WHERE version = 11");
  EXPECT_EQ(migrate_schema({.connection_string = connection_string_}),
            std::vector<std::int64_t>{11});
  auto tx = store_->begin(ports::TransactionMode::ReadOnly);
  const auto history = tx->retention_register().in_force_history();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].since, kDecidedAt);
  EXPECT_EQ(history[0].version, "2026.1");
  EXPECT_EQ(history[1].version, "2027.1");
  EXPECT_EQ(history[2].since, "2028-01-01T00:00:00.000Z");
  EXPECT_EQ(history[2].version, "2026.1");
}

INSTANTIATE_TEST_SUITE_P(Drivers, AuditRecordTerm, ::testing::ValuesIn(driver_cases()),
                         [](const ::testing::TestParamInfo<DriverCase>& driver) {
                           return driver.param.name;
                         });

// Issue 23: every signal has a term. Policy 2026.2 gives a signal withdrawn or triaged out
// before a decision, and one left without a state change, a rule of its own; the clock is
// started as the handlers start it (core::clock_for on the dossier's last state change).
class TermsBeforeDecision : public RetentionSweep {
 protected:
  void SetUp() override {
    RetentionSweep::SetUp();
    if (IsSkipped()) return;
    adopt(policy_2026_2_text());
  }

  static std::string policy_2026_2_text() {
    return read(std::filesystem::path(ZVHPGA_CONFIG_DIR) / "retention" / "pga-retention-2026-2.xml");
  }

  // A signal registered at `registered_at`, changed by `change` (a core command, or none), and
  // written with the clock its last state change calls for, as the handlers write it.
  template <typename Change>
  std::string seed_undecided(int number, const std::string& registered_at, Change change) {
    const std::string id = "signal-" + std::to_string(2000 + number);
    core::Dossier dossier = sample_dossier(id, "Utrecht", registered_at);
    dossier.transitions.push_back({std::nullopt, core::SignalState::Received,
                                   dossier.registered_by, registered_at, "signal registered"});
    change(dossier);
    auto tx = store_->begin(ports::TransactionMode::ReadWrite);
    tx->insert_signal(dossier);
    for (const core::Transition& transition : dossier.transitions)
      tx->append_transition(id, transition);
    for (const core::Contribution& contribution : dossier.contributions)
      tx->insert_contribution(id, contribution);
    if (const auto clock = core::clock_for(policies_2026_2_.in_force(), dossier))
      tx->retention_register().start_clock(*clock);
    tx->commit();
    return id;
  }

  std::string seed_withdrawn(int number, const std::string& at) {
    return seed_undecided(number, kDecidedAt, [&](core::Dossier& dossier) {
      ASSERT_TRUE(core::withdraw_signal(dossier, dossier.registered_by, at, "dubbel gemeld").ok());
    });
  }
  std::string seed_triaged_out(int number, const std::string& at) {
    return seed_undecided(number, kDecidedAt, [&](core::Dossier& dossier) {
      ASSERT_TRUE(core::triage_out_signal(dossier, actor(core::PartnerKind::Gemeente, "chair",
                                                         core::Role::WeegploegChair),
                                          at, "geen radicaliseringselement").ok());
    });
  }
  std::string seed_stalled(int number, const std::string& registered_at) {
    return seed_undecided(number, registered_at, [](core::Dossier&) {});
  }

  std::string rule_of_tombstone(const std::string& id) {
    auto tx = store_->begin(ports::TransactionMode::ReadOnly);
    const auto tombstone = tx->retention_register().tombstone(id);
    return tombstone ? tombstone->rule_id : "";
  }

  std::optional<core::RetentionClock> clock_of(const std::string& id) {
    auto tx = store_->begin(ports::TransactionMode::ReadOnly);
    return tx->retention_register().clock_of(id);
  }

  // Kept a millisecond before `due`, destroyed at it, under `rule`.
  void expect_destroyed_exactly_at(const std::string& id, const std::string& before,
                                   const std::string& due, const std::string& rule) {
    const auto clock = clock_of(id);
    ASSERT_TRUE(clock);
    EXPECT_EQ(clock->rule_id, rule);
    EXPECT_EQ(clock->policy_version, "2026.2");
    EXPECT_EQ(clock->due_at, due);
    clock_.set(before);
    sweep(true, &policies_2026_2_);
    EXPECT_TRUE(exists(id)) << "kept until " << due;
    clock_.set(due);
    sweep(true, &policies_2026_2_);
    EXPECT_FALSE(exists(id)) << "destroyed at " << due;
    EXPECT_EQ(rule_of_tombstone(id), rule);
  }

  // A signal as a store from before schema version 16 holds it: no clock.
  std::string unclocked(int number, core::SignalState state, std::optional<core::Course> outcome) {
    const std::string id = "signal-" + std::to_string(3000 + number);
    auto tx = store_->begin(ports::TransactionMode::ReadWrite);
    tx->insert_signal(sample_dossier(id, "Utrecht", kDecidedAt, state));
    tx->append_transition(id, sample_transition(std::nullopt, core::SignalState::Received, "registered"));
    tx->insert_contribution(id, sample_contribution("c-" + id, core::PartnerKind::Gemeente));
    if (outcome) tx->insert_decision(id, sample_decision("d-" + id, *outcome));
    tx->commit();
    return id;
  }

  std::vector<std::string> texts(const std::string& sql) const {
    Connection connection(std::make_shared<Environment>(), connection_string_);
    TransactionScope transaction(connection, connection.dialect().begin_read_only);
    Statement statement(connection, sql);
    statement.execute({});
    std::vector<std::string> values;
    while (statement.fetch()) values.push_back(statement.text(1).value_or(""));
    statement.close();
    transaction.commit();
    return values;
  }

  std::vector<std::string> pga_tables() const {
    const bool sqlite = GetParam().name.find("SQLite") != std::string::npos;
    return texts(sqlite ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE "
                          "'pga_%' ORDER BY name"
                        : "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                          "current_schema() AND table_name LIKE 'pga_%' ORDER BY table_name");
  }

  retention::PolicySet policies_2026_2_{{policy_from(policy_2026_2_text())}};
};

TEST_P(TermsBeforeDecision, WithdrawnSignalIsDestroyedWhenItsOwnRuleEnds) {
  const std::string id = seed_withdrawn(1, "2026-02-01T08:00:00.000Z");
  expect_destroyed_exactly_at(id, "2027-02-01T07:59:59.999Z", "2027-02-01T08:00:00.000Z",
                              "R1-withdrawn");
}

TEST_P(TermsBeforeDecision, TriagedOutSignalIsDestroyedWhenItsOwnRuleEnds) {
  const std::string id = seed_triaged_out(1, "2026-01-02T10:00:00.000Z");
  expect_destroyed_exactly_at(id, "2027-01-02T09:59:59.999Z", "2027-01-02T10:00:00.000Z",
                              "R1-triage-out");
}

TEST_P(TermsBeforeDecision, StalledSignalIsDestroyedAYearAfterItCountsAsStalled) {
  const std::string id = seed_stalled(1, kDecidedAt);
  expect_destroyed_exactly_at(id, "2027-12-31T23:59:59.999Z", "2028-01-01T00:00:00.000Z",
                              "R1-stalled");
}

TEST_P(TermsBeforeDecision, StateChangeRestartsTheStalledTerm) {
  const std::string id = seed_undecided(1, kDecidedAt, [](core::Dossier& dossier) {
    core::Contribution contribution = sample_contribution("c-late", core::PartnerKind::Politie);
    contribution.submitted_at = "2026-07-01T00:00:00.000Z";
    ASSERT_TRUE(core::submit_contribution(dossier, contribution).ok());
  });
  EXPECT_EQ(clock_of(id)->trigger_event, "stalled:awaiting-contributions");
  expect_destroyed_exactly_at(id, "2028-06-30T23:59:59.999Z", "2028-07-01T00:00:00.000Z",
                              "R1-stalled");
}

TEST_P(TermsBeforeDecision, ForecastListsExactlyWhatALaterSweepProposesAndTheHeldBeside) {
  const std::string decided = seed(1);                                          // R2, 2027-01-01
  const std::string held = seed(3);                                             // R2, held
  const std::string withdrawn = seed_withdrawn(5, "2026-02-01T08:00:00.000Z");  // 2027-02-01
  const std::string triaged = seed_triaged_out(7, "2026-01-02T10:00:00.000Z");  // 2027-01-02
  const std::string stalled = seed_stalled(9, kDecidedAt);                      // 2028-01-01, later
  place_hold(held);

  std::vector<ports::ForecastItem> forecast;
  {
    auto tx = store_->begin(ports::TransactionMode::ReadOnly);
    forecast = service::forecast(tx->retention_register(), "2027-02-01", std::nullopt);
  }
  std::vector<std::string> forecast_free, forecast_held;
  for (const auto& item : forecast)
    (item.held ? forecast_held : forecast_free).push_back(item.clock.signal_id);
  EXPECT_EQ(forecast_held, std::vector<std::string>{held});
  EXPECT_EQ(forecast_free, (std::vector<std::string>{decided, triaged, withdrawn}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_retention_proposal"), 0) << "the forecast changes nothing";

  clock_.set("2027-02-01T23:59:59.999Z");
  std::vector<std::string> proposed;
  for (const auto& proposal : sweep(false, &policies_2026_2_).proposed)
    for (const auto& item : proposal.items) proposed.push_back(item.signal_id);
  std::ranges::sort(proposed);
  std::ranges::sort(forecast_free);
  EXPECT_EQ(proposed, forecast_free);
  EXPECT_TRUE(exists(stalled));
}

TEST_P(TermsBeforeDecision, NoRecordOfAnyTableIsWithoutATermOnceTheMissingClocksAreStarted) {
  // A store from before every state change started a clock: undecided signals, and an
  // inclusion not yet closed, without any.
  unclocked(1, core::SignalState::Received, std::nullopt);
  unclocked(2, core::SignalState::AwaitingContributions, std::nullopt);
  unclocked(3, core::SignalState::Decided, core::Course::IncludeInCasusoverleg);
  seed(4);
  ASSERT_EQ(count("SELECT COUNT(*) FROM pga_signal s WHERE NOT EXISTS (SELECT 1 FROM "
                  "pga_retention_clock c WHERE c.signal_id = s.signal_id)"), 3);

  EXPECT_EQ(service::start_missing_clocks({*store_, clock_, ids_, audit_trail_, config_,
                                           statement_key_, nullptr, policies_2026_2_, keys()}),
            3u);

  // How the records of every table end (docs/retention.md). A table not listed here fails the
  // test: whoever adds one says how its records end.
  const std::map<std::string, std::string> signal_bound = {
      // table -> the SQL that reaches the signal id of each of its rows
      {"pga_signal", "signal_id"}, {"pga_signal_phenomenon", "signal_id"},
      {"pga_contribution", "signal_id"}, {"pga_decision", "signal_id"},
      {"pga_closure", "signal_id"}, {"pga_transition", "signal_id"},
      {"pga_criteria_answer", "signal_id"}, {"pga_withheld_item", "signal_id"},
      {"pga_host_outbox", "signal_id"}, {"pga_retention_hold", "signal_id"},
      {"pga_transfer", "signal_id"}, {"pga_retention_clock", "signal_id"},
      {"pga_informing", "signal_id"}, {"pga_inclusion_review", "signal_id"},
      {"pga_decision_participant",
       "(SELECT d.signal_id FROM pga_decision d WHERE d.decision_id = t.decision_id)"}};
  const std::set<std::string> own_term = {
      "pga_audit_record",    // R7, from when it was recorded
      "pga_processing_log",  // with its audit record
      "pga_audit_anchor",    // moves with the audit records' removal
      "pga_request_reply",   // the retry window (docs/contract.md)
      "pga_assertion_replay",  // the assertion's validity
      "pga_work_item"};      // a push's items go with its signal, the sweep's claim is no record
  const std::set<std::string> no_personal_data = {
      // identifiers, rules, dates and versions: the proof that terms were kept
      "pga_retention_tombstone", "pga_retention_statement", "pga_retention_proposal",
      "pga_retention_proposal_item", "pga_retention_policy", "pga_retention_in_force",
      "pga_criteria_catalogue", "pga_audit_head", "pga_schema_version"};
  const std::vector<std::string> tables = pga_tables();
  ASSERT_EQ(std::ranges::count(tables, "pga_signal"), 1) << "the walk reads the schema";
  for (const std::string& table : tables) {
    if (const auto bound = signal_bound.find(table); bound != signal_bound.end()) {
      EXPECT_EQ(count("SELECT COUNT(*) FROM " + table + " t WHERE NOT EXISTS (SELECT 1 FROM "
                      "pga_retention_clock c WHERE c.signal_id = " + bound->second + ")"), 0)
          << table << " has rows of a signal without a term";
    } else {
      EXPECT_TRUE(own_term.contains(table) || no_personal_data.contains(table))
          << table << " is not classified: say how its records end";
    }
  }
  EXPECT_NE(policies_2026_2_.in_force().audit_record_rule(), nullptr);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_audit_record WHERE action = 'StartRetentionClock'"), 3);
}

TEST_P(TermsBeforeDecision, RunReportsTheSignalsItsPolicyHasNoRuleForAndStartsTheRestUnderANewOne) {
  const std::string id = unclocked(1, core::SignalState::Received, std::nullopt);
  const auto under_2026_1 = sweep(false);
  EXPECT_EQ(under_2026_1.clocks_started, 0u);
  EXPECT_EQ(under_2026_1.signals_without_term, 1) << "2026.1 has no rule for an undecided signal";
  const auto under_2026_2 = sweep(false, &policies_2026_2_);
  EXPECT_EQ(under_2026_2.clocks_started, 1u);
  EXPECT_EQ(under_2026_2.signals_without_term, 0);
  EXPECT_EQ(clock_of(id)->rule_id, "R1-stalled");
  EXPECT_EQ(clock_of(id)->triggered_at, "2024-03-03T08:00:00.000Z") << "from its last state change";
}

INSTANTIATE_TEST_SUITE_P(Drivers, TermsBeforeDecision, ::testing::ValuesIn(driver_cases()),
                         [](const ::testing::TestParamInfo<DriverCase>& driver) {
                           return driver.param.name;
                         });

}  // namespace
}  // namespace zvhpga::odbc::testing
