// The retention register's set-based calls on every driver: each takes its signals in chunks of
// ports::kSignalsPerStatement, a short chunk padded with its last identifier, and names each
// signal once in what it answers and changes, however many times the padding repeats it.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "odbc/handles.h"
#include "odbc/statement.h"
#include "store_fixture.h"

namespace zvhpga::odbc::testing {
namespace {

using ports::TransactionMode;

class RetentionRegisterStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    store_ = open();
  }

  // Signals signal-0 .. signal-(count - 1), each with a transition, a contribution and a
  // decision with its participants, so that destruction has rows in the child tables to take.
  std::vector<std::string> seed(int count) {
    std::vector<std::string> ids;
    auto tx = store_->begin(TransactionMode::ReadWrite);
    for (int number = 0; number < count; ++number) {
      const std::string id = "signal-" + std::to_string(number);
      tx->insert_signal(sample_dossier(id, number % 2 == 0 ? "Utrecht" : "Midden"));
      tx->append_transition(
          id, sample_transition(std::nullopt, core::SignalState::Received, "registered"));
      tx->insert_contribution(id, sample_contribution("c-" + id, core::PartnerKind::Gemeente));
      tx->insert_decision(id, sample_decision("d-" + id, core::Course::NoFurtherAction));
      ids.push_back(id);
    }
    tx->commit();
    return ids;
  }

  void place_hold(const std::string& id) {
    auto tx = store_->begin(TransactionMode::ReadWrite);
    tx->retention_register().place_hold(
        {"hold-" + id, id, "bezwaar loopt", "2027-06-01",
         actor(core::PartnerKind::Gemeente, "fg", core::Role::PrivacyOfficer),
         "2026-01-01T00:00:00.000Z"});
    tx->commit();
  }

  std::int64_t count(const std::string& sql) const {
    Connection connection(std::make_shared<Environment>(), connection_string_);
    Statement statement(connection, sql);
    statement.execute({});
    const std::int64_t value = statement.fetch() ? statement.integer(1).value_or(-1) : -1;
    statement.close();
    return value;
  }

  // Rows of the signal's own and child tables that still name it.
  std::int64_t rows_about(const std::string& id) const {
    std::int64_t rows = 0;
    for (const char* table : {"pga_signal", "pga_transition", "pga_contribution", "pga_decision",
                              "pga_signal_phenomenon", "pga_retention_hold"})
      rows += count(std::string("SELECT COUNT(*) FROM ") + table + " WHERE signal_id = '" + id + "'");
    rows += count("SELECT COUNT(*) FROM pga_decision_participant WHERE decision_id = 'd-" + id + "'");
    return rows;
  }

  static std::vector<std::string> sorted(std::vector<std::string> ids) {
    std::ranges::sort(ids);
    return ids;
  }

  static std::vector<std::string> ids_of(const std::vector<ports::Tombstone>& tombstones) {
    std::vector<std::string> ids;
    for (const ports::Tombstone& tombstone : tombstones) ids.push_back(tombstone.signal_id);
    return sorted(std::move(ids));
  }

  std::unique_ptr<OdbcStore> store_;
};

TEST_P(RetentionRegisterStoreTest, DestroyingFewerSignalsThanAChunkTakesExactlyThoseAndLeavesTheRest) {
  const auto ids = seed(5);
  const std::vector<std::string> doomed{ids[0], ids[2], ids[3]};
  ASSERT_LT(doomed.size(), ports::kSignalsPerStatement);
  {
    auto tx = store_->begin(TransactionMode::ReadWrite);
    tx->retention_register().destroy_signals(doomed);
    tx->commit();
  }
  for (const std::string& id : doomed) EXPECT_EQ(rows_about(id), 0) << id;
  for (const std::string& id : {ids[1], ids[4]}) {
    EXPECT_GT(rows_about(id), 0) << id;
    auto tx = store_->begin(TransactionMode::ReadOnly);
    EXPECT_TRUE(tx->load_dossier(id)) << id;
  }
}

TEST_P(RetentionRegisterStoreTest, DescribingAShortChunkAnswersEachSignalOnceAndLeavesOutTheMissing) {
  const auto ids = seed(3);
  // The missing one last, so that the padding repeats it.
  const std::vector<std::string> asked{ids[0], ids[1], "signal-gone"};
  auto tx = store_->begin(TransactionMode::ReadOnly);
  const auto tombstones = tx->retention_register().describe_all(asked);
  EXPECT_EQ(ids_of(tombstones), sorted({ids[0], ids[1]}));
  for (const ports::Tombstone& tombstone : tombstones) {
    EXPECT_EQ(tombstone.region, tombstone.signal_id == ids[0] ? "Utrecht" : "Midden");
    EXPECT_EQ(tombstone.registered_at, "2024-03-01T09:00:00.000Z");
    EXPECT_EQ(tombstone.last_change_at, "2024-03-03T08:00:00.000Z") << "its last transition";
  }
}

TEST_P(RetentionRegisterStoreTest, HeldAmongNamesEachSignalWithAHoldInForceOnce) {
  const auto ids = seed(4);
  place_hold(ids[1]);
  place_hold(ids[3]);
  {
    auto tx = store_->begin(TransactionMode::ReadWrite);
    ASSERT_TRUE(tx->retention_register().release_hold(
        ids[3], "hold-" + ids[3], actor(core::PartnerKind::Gemeente, "fg", core::Role::PrivacyOfficer),
        "2026-02-01T00:00:00.000Z"));
    tx->commit();
  }
  auto tx = store_->begin(TransactionMode::ReadOnly);
  // ids[1] last, so that the padding repeats the held one.
  const std::vector<std::string> asked{ids[0], ids[3], ids[2], ids[1]};
  EXPECT_EQ(tx->retention_register().held_among(asked), std::vector<std::string>{ids[1]});
}

TEST_P(RetentionRegisterStoreTest, ListsLongerThanAChunkAreTakenWhole) {
  const int signals = static_cast<int>(2 * ports::kSignalsPerStatement + 7);
  const auto ids = seed(signals + 2);
  const std::vector<std::string> doomed(ids.begin(), ids.begin() + signals);
  // One hold in each of the three chunks: the first, the middle and the short last one.
  const std::vector<std::string> held{ids[3], ids[ports::kSignalsPerStatement + 5], ids[signals - 1]};
  for (const std::string& id : held) place_hold(id);
  {
    auto tx = store_->begin(TransactionMode::ReadOnly);
    EXPECT_EQ(sorted(tx->retention_register().held_among(doomed)), sorted(held));
    EXPECT_EQ(ids_of(tx->retention_register().describe_all(doomed)), sorted(doomed));
  }
  {
    auto tx = store_->begin(TransactionMode::ReadWrite);
    tx->retention_register().destroy_signals(doomed);
    tx->commit();
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_signal"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_decision_participant"), 2 * 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_retention_hold"), 0);
  for (const std::string& id : {ids[signals], ids[signals + 1]}) EXPECT_GT(rows_about(id), 0) << id;
}

TEST_P(RetentionRegisterStoreTest, FinishingItemsRecordsEachItemsOwnOutcomeAcrossChunks) {
  const std::size_t items = ports::kSignalsPerStatement + 3;
  ports::DestructionProposal proposal;
  proposal.proposal_id = "proposal-1";
  proposal.region = "Utrecht";
  proposal.created_at = "2027-01-01T00:00:00.000Z";
  for (std::size_t i = 0; i < items; ++i)
    proposal.items.push_back({"signal-" + std::to_string(i), "R2", "2026.1",
                              "2027-01-01T00:00:00.000Z", std::nullopt, std::nullopt});
  {
    auto tx = store_->begin(TransactionMode::ReadWrite);
    tx->retention_register().insert_proposal(proposal);
    tx->commit();
  }
  std::vector<ports::ProposalItem> finished;
  for (std::size_t i = 0; i < items; ++i) {
    ports::ProposalItem item = proposal.items[i];
    if (i == 1) {
      item.outcome = "held";
    } else if (i == items - 2) {
      item.outcome = "failed";
      item.failure = "the signal was no longer in the store";
    } else {
      item.outcome = "destroyed";
    }
    finished.push_back(std::move(item));
  }
  {
    auto tx = store_->begin(TransactionMode::ReadWrite);
    tx->retention_register().finish_items(proposal.proposal_id, finished);
    tx->commit();
  }
  auto tx = store_->begin(TransactionMode::ReadOnly);
  const auto stored = tx->retention_register().proposal(proposal.proposal_id);
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->items.size(), items);
  std::size_t destroyed = 0;
  for (const ports::ProposalItem& item : stored->items) {
    if (item.signal_id == "signal-1") {
      EXPECT_EQ(item.outcome, "held");
      EXPECT_FALSE(item.failure);
    } else if (item.signal_id == "signal-" + std::to_string(items - 2)) {
      EXPECT_EQ(item.outcome, "failed");
      EXPECT_EQ(item.failure, "the signal was no longer in the store");
    } else {
      EXPECT_EQ(item.outcome, "destroyed") << item.signal_id;
      EXPECT_FALSE(item.failure) << item.signal_id;
      ++destroyed;
    }
  }
  EXPECT_EQ(destroyed, items - 2);
}

TEST_P(RetentionRegisterStoreTest, TombstonesOfAShortChunkKeepTheRowsFactsAndTheProposalLineOnceEach) {
  const auto ids = seed(4);
  ports::DestructionProposal proposal;
  proposal.proposal_id = "proposal-1";
  proposal.region = "Utrecht";
  proposal.created_at = "2027-01-01T00:00:00.000Z";
  for (const std::string& id : ids)
    proposal.items.push_back({id, "R2", "2026.1", "2027-01-0" + id.substr(7) + "T00:00:00.000Z",
                              std::nullopt, std::nullopt});
  const std::vector<std::string> destroyed{ids[0], ids[1], ids[3]};
  {
    auto tx = store_->begin(TransactionMode::ReadWrite);
    tx->retention_register().insert_proposal(proposal);
    tx->retention_register().insert_tombstones(proposal.proposal_id, "2027-02-01T00:00:00.000Z",
                                               destroyed);
    tx->commit();
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_retention_tombstone"), 3);
  auto tx = store_->begin(TransactionMode::ReadOnly);
  const auto tombstones = tx->retention_register().tombstones_of(proposal.proposal_id);
  EXPECT_EQ(ids_of(tombstones), sorted(destroyed));
  for (const ports::Tombstone& tombstone : tombstones) {
    const auto stored = tx->retention_register().tombstone(tombstone.signal_id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->region, tombstone.signal_id == ids[0] ? "Utrecht" : "Midden");
    EXPECT_EQ(stored->registered_at, "2024-03-01T09:00:00.000Z");
    EXPECT_EQ(stored->last_change_at, "2024-03-03T08:00:00.000Z");
    EXPECT_EQ(stored->rule_id, "R2");
    EXPECT_EQ(stored->due_at, "2027-01-0" + tombstone.signal_id.substr(7) + "T00:00:00.000Z")
        << "its own line's";
    EXPECT_EQ(stored->destroyed_at, "2027-02-01T00:00:00.000Z");
    EXPECT_EQ(stored->proposal_id, proposal.proposal_id);
    EXPECT_EQ(tombstone.due_at, stored->due_at);
  }
}

INSTANTIATE_TEST_SUITE_P(Drivers, RetentionRegisterStoreTest, ::testing::ValuesIn(driver_cases()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace zvhpga::odbc::testing
