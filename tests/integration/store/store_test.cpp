// One set of store behaviours, run against every driver in driver_cases.cpp.
#include <gtest/gtest.h>

#include <chrono>
#include <exception>
#include <latch>
#include <thread>

#include "dossier_text.h"
#include "odbc/statement.h"
#include "odbc/transaction_scope.h"
#include "store_fixture.h"

namespace zvhpga::odbc::testing {
namespace {

using core::PartnerKind;
using core::SignalState;
using ports::StoreFailure;
using ports::TransactionMode;

void insert_and_commit(ports::Store& store, const core::Dossier& dossier) {
  auto transaction = store.begin(TransactionMode::ReadWrite);
  transaction->insert_signal(dossier);
  transaction->commit();
}

std::optional<core::Dossier> load(ports::Store& store, std::string_view signal_id) {
  auto transaction = store.begin(TransactionMode::ReadOnly);
  return transaction->load_dossier(signal_id);
}

std::int64_t count_schema_versions(const std::string& connection_string) {
  Connection connection(std::make_shared<Environment>(), connection_string);
  Statement count(connection, "SELECT COUNT(*) FROM pga_schema_version");
  count.execute({});
  EXPECT_TRUE(count.fetch());
  return count.integer(1).value_or(-1);
}

TEST_P(StoreTest, RoundTripsDossierWithEveryOptionalFieldPresent) {
  auto store = open();
  auto dossier = sample_dossier("signal-1", "Utrecht", "2024-03-01T09:00:00.000Z",
                                SignalState::Decided);
  auto contribution = sample_contribution("contribution-2", PartnerKind::Politie);
  contribution.revises = "contribution-1";
  dossier.contributions = {sample_contribution("contribution-1", PartnerKind::Politie),
                           contribution};
  dossier.decisions = {sample_decision("decision-1", core::Course::ReferElsewhere)};
  dossier.transitions = {
      sample_transition(std::nullopt, SignalState::Received, "registered"),
      sample_transition(SignalState::Received, SignalState::AwaitingContributions, "asked")};
  dossier.closure = core::Closure{
      .closed_on = "2024-04-01",
      .reason = "Doorverwezen.",
      .closed_by = actor(PartnerKind::Zvh, "coordinator", core::Role::ProcessDirector),
      .recorded_at = "2024-04-01T12:00:00.000Z"};

  {
    auto transaction = store->begin(TransactionMode::ReadWrite);
    transaction->insert_signal(dossier);
    for (const auto& entry : dossier.contributions) {
      transaction->insert_contribution(dossier.signal_id, entry);
    }
    transaction->insert_decision(dossier.signal_id, dossier.decisions.front());
    for (const auto& entry : dossier.transitions) {
      transaction->append_transition(dossier.signal_id, entry);
    }
    transaction->insert_closure(dossier.signal_id, *dossier.closure);
    transaction->commit();
  }

  const auto loaded = load(*store, "signal-1");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(as_text(*loaded), as_text(dossier));
}

TEST_P(StoreTest, RoundTripsDossierWithEveryOptionalFieldAbsent) {
  auto store = open();
  auto dossier = sample_dossier("signal-1");
  dossier.intake.subject.bsn = std::nullopt;
  dossier.intake.phenomenon_hypothesis.clear();
  dossier.intake.online_component = false;
  dossier.intake.care_concern = false;
  auto contribution = sample_contribution("contribution-1", PartnerKind::Om);
  contribution.information_held = std::nullopt;  // explicitly holds no information
  auto decision = sample_decision("decision-1", core::Course::NoFurtherAction);
  decision.proportionality_note = std::nullopt;
  decision.dissent = std::nullopt;
  decision.participants.clear();
  dossier.contributions = {contribution};
  dossier.decisions = {decision};

  {
    auto transaction = store->begin(TransactionMode::ReadWrite);
    transaction->insert_signal(dossier);
    transaction->insert_contribution(dossier.signal_id, contribution);
    transaction->insert_decision(dossier.signal_id, decision);
    transaction->commit();
  }

  const auto loaded = load(*store, "signal-1");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(as_text(*loaded), as_text(dossier));
}

TEST_P(StoreTest, KeepsEmptyTextApartFromAbsentText) {
  auto store = open();
  auto dossier = sample_dossier("signal-1");
  dossier.intake.subject.bsn = "";
  insert_and_commit(*store, dossier);

  const auto loaded = load(*store, "signal-1");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->intake.subject.bsn, std::optional<std::string>(""));
}

TEST_P(StoreTest, HistoriesKeepInsertionOrder) {
  auto store = open();
  insert_and_commit(*store, sample_dossier("signal-1"));
  // Ids sort differently from the order of insertion, so only insertion order can pass.
  const std::vector<std::string> ids{"z-late-id", "a-early-id", "m-middle-id"};
  {
    auto transaction = store->begin(TransactionMode::ReadWrite);
    for (const auto& id : ids) {
      transaction->insert_contribution("signal-1",
                                       sample_contribution("contribution-" + id, PartnerKind::Om));
      transaction->insert_decision("signal-1",
                                   sample_decision("decision-" + id, core::Course::CriminalRoute));
      transaction->append_transition(
          "signal-1", sample_transition(SignalState::Received, SignalState::Decided, id));
    }
    transaction->commit();
  }

  const auto loaded = load(*store, "signal-1");
  ASSERT_TRUE(loaded.has_value());
  ASSERT_EQ(loaded->contributions.size(), ids.size());
  ASSERT_EQ(loaded->decisions.size(), ids.size());
  ASSERT_EQ(loaded->transitions.size(), ids.size());
  for (std::size_t index = 0; index < ids.size(); ++index) {
    EXPECT_EQ(loaded->contributions[index].id, "contribution-" + ids[index]);
    EXPECT_EQ(loaded->decisions[index].id, "decision-" + ids[index]);
    EXPECT_EQ(loaded->transitions[index].reason, ids[index]);
  }
}

TEST_P(StoreTest, UncommittedTransactionIsRolledBackOnDestruction) {
  auto store = open();
  {
    auto transaction = store->begin(TransactionMode::ReadWrite);
    transaction->insert_signal(sample_dossier("signal-1"));
  }
  EXPECT_FALSE(load(*store, "signal-1").has_value());
}

TEST_P(StoreTest, CommittedDataSurvivesReopeningTheStore) {
  const auto dossier = sample_dossier("signal-1");
  insert_and_commit(*open(), dossier);

  const auto loaded = load(*open(), "signal-1");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(as_text(*loaded), as_text(dossier));
}

TEST_P(StoreTest, UnknownSignalLoadsAsEmpty) {
  auto store = open();
  EXPECT_FALSE(load(*store, "no-such-signal").has_value());
}

TEST_P(StoreTest, UpdateStateChangesStateAndRound) {
  auto store = open();
  insert_and_commit(*store, sample_dossier("signal-1"));
  {
    auto transaction = store->begin(TransactionMode::ReadWrite);
    transaction->update_state("signal-1", SignalState::ReadyForWeighing, 3);
    transaction->commit();
  }
  const auto loaded = load(*store, "signal-1");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->state, SignalState::ReadyForWeighing);
  EXPECT_EQ(loaded->round, 3);
}

TEST_P(StoreTest, UpdateStateOfUnknownSignalFails) {
  auto store = open();
  auto transaction = store->begin(TransactionMode::ReadWrite);
  EXPECT_THROW(transaction->update_state("no-such-signal", SignalState::Closed, 1), StoreFailure);
}

TEST_P(StoreTest, WorklistKeepsOnlyTheRegionAndStatesAskedFor) {
  auto store = open();
  insert_and_commit(*store, sample_dossier("wanted", "Utrecht", "2024-03-01T09:00:00.000Z",
                                           SignalState::AwaitingContributions));
  insert_and_commit(*store, sample_dossier("other-region", "Zeeland",
                                           "2024-03-01T09:00:00.000Z",
                                           SignalState::AwaitingContributions));
  insert_and_commit(*store, sample_dossier("other-state", "Utrecht", "2024-03-01T09:00:00.000Z",
                                           SignalState::Closed));

  const SignalState states[] = {SignalState::AwaitingContributions, SignalState::Decided};
  const auto rows = store->begin(TransactionMode::ReadOnly)->worklist_rows("Utrecht", states);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].signal_id, "wanted");
  EXPECT_EQ(rows[0].state, SignalState::AwaitingContributions);
  EXPECT_EQ(rows[0].round, 2);
  EXPECT_EQ(rows[0].received_on, "2024-02-28");
  EXPECT_EQ(rows[0].registered_at, "2024-03-01T09:00:00.000Z");
}

TEST_P(StoreTest, WorklistListsOldestRegistrationFirstThenById) {
  auto store = open();
  insert_and_commit(*store, sample_dossier("newest", "Utrecht", "2024-03-03T09:00:00.000Z"));
  insert_and_commit(*store, sample_dossier("b-same-time", "Utrecht", "2024-03-02T09:00:00.000Z"));
  insert_and_commit(*store, sample_dossier("oldest", "Utrecht", "2024-03-01T09:00:00.000Z"));
  insert_and_commit(*store, sample_dossier("a-same-time", "Utrecht", "2024-03-02T09:00:00.000Z"));

  const SignalState states[] = {SignalState::Received};
  const auto rows = store->begin(TransactionMode::ReadOnly)->worklist_rows("Utrecht", states);
  std::vector<std::string> order;
  for (const auto& row : rows) order.push_back(row.signal_id);
  EXPECT_EQ(order, (std::vector<std::string>{"oldest", "a-same-time", "b-same-time", "newest"}));
}

TEST_P(StoreTest, WorklistReportsPartnersWhoContributedThisRoundOnly) {
  auto store = open();
  insert_and_commit(*store, sample_dossier("signal-1"));  // round 2
  {
    auto transaction = store->begin(TransactionMode::ReadWrite);
    transaction->insert_contribution("signal-1",
                                     sample_contribution("c-om", PartnerKind::Om, 2));
    transaction->insert_contribution("signal-1",
                                     sample_contribution("c-gemeente", PartnerKind::Gemeente, 2));
    transaction->insert_contribution(
        "signal-1", sample_contribution("c-gemeente-again", PartnerKind::Gemeente, 2));
    transaction->insert_contribution(
        "signal-1", sample_contribution("c-politie-last-round", PartnerKind::Politie, 1));
    transaction->commit();
  }

  const SignalState states[] = {SignalState::Received};
  const auto rows = store->begin(TransactionMode::ReadOnly)->worklist_rows("Utrecht", states);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].contributed_this_round,
            (std::vector<PartnerKind>{PartnerKind::Gemeente, PartnerKind::Om}));
}

TEST_P(StoreTest, WorklistReportsTheOutcomeOfTheLatestDecision) {
  auto store = open();
  insert_and_commit(*store, sample_dossier("decided-twice"));
  insert_and_commit(*store, sample_dossier("undecided"));
  {
    auto transaction = store->begin(TransactionMode::ReadWrite);
    transaction->insert_decision("decided-twice",
                                 sample_decision("z-first", core::Course::MoreInformationNeeded));
    transaction->insert_decision("decided-twice",
                                 sample_decision("a-second", core::Course::CriminalRoute));
    transaction->commit();
  }

  const SignalState states[] = {SignalState::Received};
  const auto rows = store->begin(TransactionMode::ReadOnly)->worklist_rows("Utrecht", states);
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    if (row.signal_id == "decided-twice") {
      EXPECT_EQ(row.last_outcome, core::Course::CriminalRoute);
    } else {
      EXPECT_EQ(row.last_outcome, std::nullopt);
    }
  }
}

TEST_P(StoreTest, WorklistForNoStatesIsEmpty) {
  auto store = open();
  insert_and_commit(*store, sample_dossier("signal-1"));
  EXPECT_TRUE(store->begin(TransactionMode::ReadOnly)->worklist_rows("Utrecht", {}).empty());
}

TEST_P(StoreTest, UnicodeTextRoundTrips) {
  auto store = open();
  auto dossier = sample_dossier("signal-ü");
  dossier.intake.subject.name = "Zoë Çelik-Øverås 李小龍";
  dossier.intake.observed_facts = "Zei: „جهاد” 🙂 — في المدرسة; \"quotes\" 'and' ; -- not SQL";
  insert_and_commit(*store, dossier);

  const auto loaded = load(*store, "signal-ü");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->intake.subject.name, dossier.intake.subject.name);
  EXPECT_EQ(loaded->intake.observed_facts, dossier.intake.observed_facts);
}

TEST_P(StoreTest, LongTextRoundTrips) {
  auto store = open();
  auto dossier = sample_dossier("signal-1");
  // 100 KB of multi-byte text, so reads in chunks also split characters.
  std::string facts;
  while (facts.size() < 100 * 1024) facts += "Waarneming ëén 🙂 " + std::to_string(facts.size());
  dossier.intake.observed_facts = facts;
  insert_and_commit(*store, dossier);

  const auto loaded = load(*store, "signal-1");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->intake.observed_facts.size(), facts.size());
  EXPECT_TRUE(loaded->intake.observed_facts == facts);
}

TEST_P(StoreTest, ReopeningAnUpToDateDatabaseRunsNoMigration) {
  open();
  const auto versions = count_schema_versions(connection_string_);
  ASSERT_GE(versions, 1);
  insert_and_commit(*open(), sample_dossier("signal-1"));

  EXPECT_EQ(count_schema_versions(connection_string_), versions);
  EXPECT_TRUE(load(*open(), "signal-1").has_value());
}

TEST_P(StoreTest, DatabaseNewerThanThisBuildIsRefused) {
  open();
  {
    Connection connection(std::make_shared<Environment>(), connection_string_);
    TransactionScope transaction(connection, connection.dialect().begin_locking_write);
    Statement insert(connection, "INSERT INTO pga_schema_version (version) VALUES (?)");
    insert.execute({std::int64_t{999}});
    transaction.commit();
  }
  try {
    open();
    FAIL() << "a schema from the future was accepted";
  } catch (const StoreFailure& failure) {
    EXPECT_FALSE(failure.retryable());
  }
}

TEST_P(StoreTest, CorruptTokenInDatabaseIsAStoreFailure) {
  auto store = open();
  insert_and_commit(*store, sample_dossier("signal-1"));
  {
    Connection connection(std::make_shared<Environment>(), connection_string_);
    TransactionScope transaction(connection, connection.dialect().begin_locking_write);
    Statement corrupt(connection, "UPDATE pga_signal SET channel = ? WHERE signal_id = ?");
    corrupt.execute({std::string_view("carrier-pigeon"), std::string_view("signal-1")});
    transaction.commit();
  }
  try {
    load(*store, "signal-1");
    FAIL() << "an unknown token was read back";
  } catch (const StoreFailure& failure) {
    EXPECT_FALSE(failure.retryable());
  }
}

TEST_P(StoreTest, UnreachableDatabaseIsAStoreFailure) {
  EXPECT_THROW(
      open_store(StoreOptions{.connection_string =
                                  GetParam().unreachable_database(scratch_.path())}),
      StoreFailure);
}

TEST_P(StoreTest, AConnectionPreparesEachStatementTextOnce) {
  open();  // creates the schema
  Connection connection(std::make_shared<Environment>(), connection_string_);
  Statement& first = connection.prepared("SELECT COUNT(*) FROM pga_signal");
  Statement& again = connection.prepared("SELECT COUNT(*) FROM pga_signal");
  Statement& other = connection.prepared("SELECT COUNT(*) FROM pga_transition");
  EXPECT_EQ(&first, &again);
  EXPECT_NE(&first, &other);
}

TEST_P(StoreTest, KeptStatementRunsAgainWithFreshValuesAfterAFailedExecution) {
  // One connection, so every call reuses the statements the failed one left behind.
  auto store = open(1);
  store->enqueue_work("retention", "item-1", "2024-01-01T00:00:00.000Z");
  EXPECT_THROW(store->enqueue_work("retention", "item-1", "2024-01-01T00:00:00.000Z"),
               StoreFailure);
  store->enqueue_work("retention", "item-2", "2024-01-02T00:00:00.000Z");

  const auto claimed = store->claim_work({.queue = "retention",
                                          .owner = "instance-a",
                                          .now = "2024-01-03T00:00:00.000Z",
                                          .claimed_until = "2024-01-03T01:00:00.000Z",
                                          .limit = 10});
  EXPECT_EQ(claimed, (std::vector<std::string>{"item-1", "item-2"}));
}

TEST_P(StoreTest, WorklistsWithDifferentStateListsOnOneConnectionEachGetTheirOwn) {
  auto store = open(1);
  insert_and_commit(*store, sample_dossier("received", "Utrecht", "2024-03-01T09:00:00.000Z",
                                           SignalState::Received));
  insert_and_commit(*store, sample_dossier("awaiting", "Utrecht", "2024-03-01T10:00:00.000Z",
                                           SignalState::AwaitingContributions));
  const auto ids = [&store](std::vector<SignalState> states) {
    auto transaction = store->begin(TransactionMode::ReadOnly);
    std::vector<std::string> result;
    for (const auto& row : transaction->worklist_rows("Utrecht", states)) {
      result.push_back(row.signal_id);
    }
    return result;
  };
  EXPECT_EQ(ids({SignalState::Received}), std::vector<std::string>{"received"});
  EXPECT_EQ(ids({SignalState::Received, SignalState::AwaitingContributions}),
            (std::vector<std::string>{"received", "awaiting"}));
  EXPECT_EQ(ids({SignalState::AwaitingContributions}), std::vector<std::string>{"awaiting"});
}

TEST_P(StoreTest, AFinishedTransactionLeavesNoReadOpenForOtherWriters) {
  auto store = open(1);
  auto dossier = sample_dossier("signal-1");
  insert_and_commit(*store, dossier);
  {
    // load_dossier reads only the first row of some results; the commit must end those reads.
    auto transaction = store->begin(TransactionMode::ReadWrite);
    ASSERT_TRUE(transaction->load_dossier("signal-1").has_value());
    transaction->commit();
  }
  // Another store: a read still open on the first would keep this one from committing.
  insert_and_commit(*open(), sample_dossier("signal-2"));
  EXPECT_TRUE(load(*store, "signal-2").has_value());
}

TEST_P(StoreTest, ConcurrentWriteTransactionsBothComplete) {
  auto store = open();
  std::latch first_holds_the_lock(1);
  std::exception_ptr first_error;
  std::exception_ptr second_error;

  std::thread first([&] {
    try {
      auto transaction = store->begin(TransactionMode::ReadWrite);
      transaction->insert_signal(sample_dossier("first"));
      first_holds_the_lock.count_down();
      // Keep the lock long enough for the second writer to have to wait for it.
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      transaction->commit();
    } catch (...) {
      first_error = std::current_exception();
      first_holds_the_lock.count_down();
    }
  });
  std::thread second([&] {
    try {
      first_holds_the_lock.wait();
      auto transaction = store->begin(TransactionMode::ReadWrite);
      transaction->insert_signal(sample_dossier("second"));
      transaction->commit();
    } catch (...) {
      second_error = std::current_exception();
    }
  });
  first.join();
  second.join();

  for (const auto& error : {first_error, second_error}) {
    if (!error) continue;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& failure) {
      ADD_FAILURE() << failure.what();
    }
  }
  EXPECT_TRUE(load(*store, "first").has_value());
  EXPECT_TRUE(load(*store, "second").has_value());
}

INSTANTIATE_TEST_SUITE_P(Drivers, StoreTest, ::testing::ValuesIn(driver_cases()),
                         [](const ::testing::TestParamInfo<DriverCase>& driver) {
                           return driver.param.name;
                         });

}  // namespace
}  // namespace zvhpga::odbc::testing
