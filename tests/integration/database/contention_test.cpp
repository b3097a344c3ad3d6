// Ordinary load from several partners at once, as a region's partners send it: eight clients
// calling through the public ABI, each registering signals, contributing to the signals the
// others registered and reading them back, for a bounded time; once on one instance, once on two
// instances sharing one store (the deployment for a large region). No request may fail for
// contention: transactions that must wait for each other wait, and what still conflicts is
// retried inside the plugin (docs/storage.md, "Concurrent writers"). Afterwards every
// acknowledged write is in the database, nothing unacknowledged is, and the audit trail holds
// exactly one record per answer, its chain intact.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "database_fixture.h"
#include "odbc/handles.h"
#include "odbc/statement.h"
#include "odbc/transaction_scope.h"

namespace zvhpga::database_testing {
namespace {

constexpr std::size_t kClients = 8;
// Long enough for several hundred requests to meet in the store, short enough for every build.
constexpr std::chrono::milliseconds kLoadTime{2000};

const std::array<std::pair<Caller, const char*>, 3> kPartners{
    {{kGemeente, "contribution-gemeente.xml"},
     {kPolitie, "contribution-politie.xml"},
     {kOm, "contribution-om.xml"}}};

struct Contribution {
  std::string signal_id;
  std::size_t partner;  // index into kPartners
  auto operator<=>(const Contribution&) const = default;
};

// What the clients were told, shared between them.
class Ledger {
 public:
  void registered(const std::string& signal_id) {
    const std::lock_guard lock(mutex_);
    signals_.push_back(signal_id);
    // Each partner contributes once: a signal's three contributions are taken by the next
    // three clients that contribute, so they reach the store at about the same moment.
    for (std::size_t partner = 0; partner < kPartners.size(); ++partner)
      pending_.push_back({signal_id, partner});
  }
  std::optional<Contribution> next_contribution() {
    const std::lock_guard lock(mutex_);
    if (pending_.empty()) return std::nullopt;
    Contribution next = pending_.front();
    pending_.pop_front();
    return next;
  }
  void contributed(const Contribution& contribution) {
    const std::lock_guard lock(mutex_);
    contributions_.insert(contribution);
  }
  // One of the last signals registered: the ones contributions are arriving for.
  std::optional<std::string> signal_to_read(std::size_t step) {
    const std::lock_guard lock(mutex_);
    if (signals_.empty()) return std::nullopt;
    return signals_[signals_.size() - 1 - step % std::min<std::size_t>(signals_.size(), 4)];
  }
  void read() {
    const std::lock_guard lock(mutex_);
    ++reads_;
  }
  void failed(const std::string& operation, const Reply& reply) {
    const std::lock_guard lock(mutex_);
    failures_.push_back(operation + " answered " + std::to_string(reply.status) + " " +
                        reply.text_of("code") + ": " + reply.text_of("message"));
  }

  // Read once the clients have stopped.
  const std::vector<std::string>& signals() const { return signals_; }
  const std::multiset<Contribution>& contributions() const { return contributions_; }
  long reads() const { return reads_; }
  const std::vector<std::string>& failures() const { return failures_; }

 private:
  std::mutex mutex_;
  std::vector<std::string> signals_;
  std::deque<Contribution> pending_;
  std::multiset<Contribution> contributions_;
  long reads_ = 0;
  std::vector<std::string> failures_;
};

class ContentionTest : public DatabaseTest {
 protected:
  // kClients clients spread over the instances, each going round register, contribute, read
  // from its own starting point until the load time is over.
  void run_load(const std::vector<const Plugin*>& instances) {
    const auto deadline = std::chrono::steady_clock::now() + kLoadTime;
    std::vector<std::jthread> clients;
    for (std::size_t client = 0; client < kClients; ++client)
      clients.emplace_back([&, client] {
        const Plugin& plugin = *instances[client % instances.size()];
        for (std::size_t step = client; std::chrono::steady_clock::now() < deadline; ++step)
          take_step(plugin, step);
      });
  }

  void take_step(const Plugin& plugin, std::size_t step) {
    if (step % 3 == 1) {
      if (const auto contribution = ledger_.next_contribution()) {
        const auto& [caller, file] = kPartners[contribution->partner];
        const Reply reply = plugin.call(caller, example(file, contribution->signal_id));
        if (reply.status == ZVHPGA_OK) ledger_.contributed(*contribution);
        else ledger_.failed("SubmitContribution", reply);
        return;
      }
    }
    if (step % 3 == 2) {
      if (const auto signal = ledger_.signal_to_read(step)) {
        const Reply reply = plugin.call(kChair, example("get-signal.xml", *signal));
        if (reply.status == ZVHPGA_OK) ledger_.read();
        else ledger_.failed("GetSignal", reply);
        return;
      }
    }
    const Reply reply = plugin.call(kIntake, example("register-signal.xml"));
    if (reply.status == ZVHPGA_OK) ledger_.registered(reply.text_of("signalId"));
    else ledger_.failed("RegisterSignal", reply);
  }

  void expect_every_request_answered() const {
    EXPECT_TRUE(ledger_.failures().empty())
        << ledger_.failures().size() << " requests failed, the first: " << ledger_.failures().front();
    const auto internal = std::ranges::count_if(ledger_.failures(), [](const std::string& failure) {
      return failure.find("internal-error") != std::string::npos;
    });
    EXPECT_EQ(internal, 0);
    // The load did reach the store with every kind of request.
    EXPECT_GT(ledger_.signals().size(), kClients);
    EXPECT_GT(ledger_.contributions().size(), kClients);
    EXPECT_GT(ledger_.reads(), 0);
  }

  // Every acknowledged registration and contribution is stored, once, and nothing else is;
  // each signal is in the state its contributions put it in, entered once.
  void expect_every_acknowledged_write_present() const {
    std::set<std::string> stored;
    for (const auto& row : query("SELECT signal_id FROM pga_signal")) stored.insert(*row[0]);
    EXPECT_EQ(stored, std::set<std::string>(ledger_.signals().begin(), ledger_.signals().end()));

    std::map<std::string, std::size_t> partner_of;
    for (std::size_t partner = 0; partner < kPartners.size(); ++partner)
      partner_of[kPartners[partner].first.organisation] = partner;
    std::multiset<Contribution> contributions;
    for (const auto& row : query("SELECT signal_id, contributor_partner_id FROM pga_contribution"))
      contributions.insert({*row[0], partner_of.at(*row[1])});
    EXPECT_EQ(contributions, ledger_.contributions());

    std::map<std::string, long> contributed;
    for (const Contribution& contribution : ledger_.contributions())
      ++contributed[contribution.signal_id];
    const Rows states = query(
        "SELECT s.signal_id, s.state, (SELECT COUNT(*) FROM pga_transition t "
        "WHERE t.signal_id = s.signal_id) FROM pga_signal s");
    for (const auto& row : states) {
      const long count = contributed[*row[0]];
      const char* expected = count == 0   ? "received"
                             : count == 3 ? "ready-for-weighing"
                                          : "awaiting-contributions";
      EXPECT_EQ(*row[1], expected) << "signal " << *row[0] << " with " << count << " contributions";
      // Registered, then awaiting with the first contribution, then ready with the third.
      EXPECT_EQ(std::stol(*row[2]), 1 + (count > 0 ? 1 : 0) + (count == 3 ? 1 : 0))
          << "signal " << *row[0];
    }
  }

  // One audit record for every answer given, none for a retried attempt, the chain unbroken.
  void expect_audit_trail_intact(const Plugin& plugin) const {
    std::map<std::string, long> records;
    for (const auto& row : query("SELECT action, result, COUNT(*) FROM pga_audit_record "
                                 "GROUP BY action, result"))
      records[*row[0] + " " + *row[1]] = std::stol(*row[2]);
    EXPECT_EQ(records["RegisterSignal success"], static_cast<long>(ledger_.signals().size()));
    EXPECT_EQ(records["SubmitContribution success"],
              static_cast<long>(ledger_.contributions().size()));
    EXPECT_EQ(records["GetSignal success"], ledger_.reads());
    for (const auto& [kind, count] : records)
      EXPECT_TRUE(kind.ends_with(" success")) << count << " records " << kind;

    const Rows sequence = query("SELECT COUNT(*), MIN(seq), MAX(seq) FROM pga_audit_record");
    EXPECT_EQ(sequence[0][1], "1");
    EXPECT_EQ(sequence[0][0], sequence[0][2]) << "the records' numbers have gaps";

    const Reply verified =
        plugin.call(Caller{"gemeente-utrecht", "auditor"},
                    "<VerifyAuditTrailRequest xmlns='urn:nl:zvh-pga:contract:1'/>");
    ASSERT_EQ(verified.status, ZVHPGA_OK) << verified.document;
    EXPECT_EQ(verified.text_of("intact"), "true") << verified.document;
    EXPECT_EQ(std::stol(verified.text_of("recordsChecked")), std::stol(*sequence[0][0]));
  }

  Ledger ledger_;
};

TEST_P(ContentionTest, EightClientsOfOneInstanceAreAllAnsweredAndEveryWriteIsKept) {
  const Plugin plugin(write_config());
  run_load({&plugin});
  expect_every_request_answered();
  expect_every_acknowledged_write_present();
  expect_audit_trail_intact(plugin);
}

TEST_P(ContentionTest, EightClientsOfTwoInstancesOnOneStoreAreAllAnsweredAndEveryWriteIsKept) {
  const auto config = write_config();
  const Plugin first(config);
  const Plugin second(config);
  run_load({&first, &second});
  expect_every_request_answered();
  expect_every_acknowledged_write_present();
  expect_audit_trail_intact(second);
}

INSTANTIATE_TEST_SUITE_P(Drivers, ContentionTest, ::testing::ValuesIn(drivers()),
                         [](const auto& driver) { return driver.param; });

// What still conflicts is run again inside the plugin. A deadlock is one: the host holds a
// signal's row (as a host statement or a report of its own may) while a contribution to that
// signal, holding the audit head since its start, waits for the row; then the host asks for the
// head. PostgreSQL cancels the contribution, which waited first.
using RetryTest = DatabaseTest;

TEST_P(RetryTest, ADeadlockVictimIsRunAgainUnseenAndAnsweredAsOnce) {
  const Plugin plugin(write_config());
  const std::string id = register_signal(plugin);
  std::string contribution = example("contribution-om.xml", id);
  contribution.insert(contribution.find("SubmitContributionRequest xmlns=") +
                          std::string_view("SubmitContributionRequest").size(),
                      " requestId=\"om-contribution-1\"");

  odbc::Connection host(std::make_shared<odbc::Environment>(), connection_string_);
  std::optional<odbc::TransactionScope> host_transaction;
  host_transaction.emplace(host, host.dialect().begin_locking_write);
  const auto lock = [&](const std::string& sql) {
    odbc::Statement statement(host, sql);
    statement.execute({});
    while (statement.fetch()) {
    }
  };
  lock("SELECT signal_id FROM pga_signal WHERE signal_id = '" + id + "' FOR UPDATE");

  std::atomic<bool> answered{false};
  Reply reply;
  std::jthread contributor([&] {
    reply = plugin.call(kOm, contribution);
    answered = true;
  });
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (count("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
               "AND wait_event_type = 'Lock'") == 0) {
    ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "the contribution never waited";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // Granted only once the contribution's first attempt gave the head up, rolled back.
  lock("SELECT last_seq FROM pga_audit_head WHERE id = 1 FOR UPDATE");
  EXPECT_FALSE(answered);
  host_transaction.reset();
  contributor.join();

  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  const std::string where = " WHERE signal_id = '" + id + "'";
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_contribution" + where), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_audit_record WHERE action = 'SubmitContribution'"), 1);
  // The request id's rule holds across the retry: the same request again gets the same answer.
  const Reply again = plugin.call(kOm, contribution);
  EXPECT_EQ(again.document, reply.document);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_contribution" + where), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_audit_record WHERE action = 'SubmitContribution' "
                  "AND result = 'replayed'"), 1);
}

// SQLite lets one writer in at a time: no transaction waits for another while holding a lock.
INSTANTIATE_TEST_SUITE_P(Drivers, RetryTest, ::testing::Values("PostgreSQL"),
                         [](const auto& driver) { return driver.param; });

}  // namespace
}  // namespace zvhpga::database_testing
