// The counts behind GetStatistics, computed by the database itself, on every driver.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace zvhpga::odbc::testing {
namespace {

using core::Course;
using core::PartnerKind;
using ports::TransactionMode;

core::Dossier signal_received(std::string id, std::string received_on,
                              std::vector<core::Phenomenon> phenomena,
                              core::Channel channel = core::Channel::Wijkagent,
                              std::string region = "Utrecht") {
  core::Dossier dossier = sample_dossier(std::move(id), std::move(region));
  dossier.intake.received_on = std::move(received_on);
  dossier.intake.channel = channel;
  dossier.intake.phenomenon_hypothesis = std::move(phenomena);
  return dossier;
}

core::Contribution position(std::string id, PartnerKind partner, Course course) {
  core::Contribution contribution = sample_contribution(std::move(id), partner);
  contribution.position = course;
  return contribution;
}

core::Decision decided(std::string id, Course outcome, std::string decided_on) {
  core::Decision decision = sample_decision(std::move(id), outcome);
  decision.decided_on = std::move(decided_on);
  return decision;
}

class StatisticsCounting : public StoreTest {
 protected:
  void record(ports::Store& store, const core::Dossier& dossier,
              const std::vector<core::Contribution>& contributions,
              const std::optional<core::Decision>& decision) {
    auto transaction = store.begin(TransactionMode::ReadWrite);
    transaction->insert_signal(dossier);
    for (const auto& contribution : contributions)
      transaction->insert_contribution(dossier.signal_id, contribution);
    if (decision) transaction->insert_decision(dossier.signal_id, *decision);
    transaction->commit();
  }

  // Four signals of Utrecht in February 2024, one of the same region outside it, one of
  // another region inside it.
  core::StatisticsCounts count_february(ports::Store& store) {
    using core::Phenomenon;
    record(store,
           signal_received("s1", "2024-02-01",
                           {Phenomenon::RechtsExtremisme, Phenomenon::Unclear}),
           {position("c1", PartnerKind::Politie, Course::IncludeInCasusoverleg),
            position("c2", PartnerKind::Om, Course::NoFurtherAction)},
           decided("d1", Course::IncludeInCasusoverleg, "2024-02-11"));
    record(store, signal_received("s2", "2024-02-10", {}, core::Channel::Meldpunt),
           {position("c3", PartnerKind::Om, Course::MoreInformationNeeded)},
           decided("d2", Course::MoreInformationNeeded, "2024-02-15"));
    record(store, signal_received("s3", "2024-02-29", {Phenomenon::Jihadisme}), {},
           std::nullopt);
    // The politie revised its position: only the revision counts, and then all agree.
    core::Contribution revised = position("c5", PartnerKind::Politie, Course::NoFurtherAction);
    revised.revises = "c4";
    record(store, signal_received("s4", "2024-02-20", {Phenomenon::RechtsExtremisme}),
           {position("c4", PartnerKind::Politie, Course::IncludeInCasusoverleg), revised,
            position("c6", PartnerKind::Om, Course::NoFurtherAction)},
           decided("d4", Course::NoFurtherAction, "2024-02-24"));
    record(store, signal_received("s5", "2024-03-01", {Phenomenon::Jihadisme}), {},
           std::nullopt);
    record(store, signal_received("s6", "2024-02-15", {Phenomenon::Jihadisme},
                                  core::Channel::Wijkagent, "Rotterdam"),
           {}, std::nullopt);
    auto transaction = store.begin(TransactionMode::ReadOnly);
    return transaction->statistics_counts("Utrecht", "2024-02-01", "2024-02-29");
  }
};

using Counts = std::map<std::string, std::int64_t, std::less<>>;

TEST_P(StatisticsCounting, CountsTheSignalsOfTheRegionReceivedInThePeriodBothDaysIncluded) {
  auto store = open();
  const auto counts = count_february(*store);
  EXPECT_EQ(counts.signals, 4);
  EXPECT_EQ(counts.by_channel, (Counts{{"meldpunt", 1}, {"wijkagent", 3}}));
  EXPECT_EQ(counts.by_reporter_type, (Counts{{"local-partner", 4}}));
}

TEST_P(StatisticsCounting, CountsASignalOncePerPhenomenonOfItsHypothesisAndNoneWithout) {
  auto store = open();
  const auto counts = count_february(*store);
  EXPECT_EQ(counts.by_phenomenon, (Counts{{"jihadisme", 1},
                                          {"none", 1},
                                          {"rechts-extremisme", 2},
                                          {"unclear", 1}}));
}

TEST_P(StatisticsCounting, CountsTheLatestOutcomeAndUndecidedPerPhenomenon) {
  auto store = open();
  const auto counts = count_february(*store);
  EXPECT_EQ(counts.by_outcome, (Counts{{"include-in-casusoverleg", 1},
                                       {"more-information-needed", 1},
                                       {"no-further-action", 1},
                                       {"undecided", 1}}));
  EXPECT_EQ(counts.outcome_by_phenomenon.at("rechts-extremisme"),
            (Counts{{"include-in-casusoverleg", 1}, {"no-further-action", 1}}));
  EXPECT_EQ(counts.outcome_by_phenomenon.at("none"), (Counts{{"more-information-needed", 1}}));
  EXPECT_EQ(counts.outcome_by_phenomenon.at("jihadisme"), (Counts{{"undecided", 1}}));
}

TEST_P(StatisticsCounting, CountsDecidedSignalsWhoseCurrentPositionsDiverged) {
  auto store = open();
  const auto counts = count_february(*store);
  EXPECT_EQ(counts.positions_compared, 3);
  EXPECT_EQ(counts.positions_diverged, 1);
}

TEST_P(StatisticsCounting, MeasuresDaysFromReceiptToTheDecisionThatEndedTheWeighing) {
  auto store = open();
  const auto counts = count_february(*store);
  EXPECT_EQ(counts.days_to_decision, (std::vector<std::int64_t>{4, 10}));
}

TEST_P(StatisticsCounting, CountsNothingInAnEmptyPeriod) {
  auto store = open();
  count_february(*store);
  auto transaction = store->begin(TransactionMode::ReadOnly);
  const auto counts = transaction->statistics_counts("Utrecht", "2023-01-01", "2023-12-31");
  EXPECT_EQ(counts.signals, 0);
  EXPECT_TRUE(counts.by_channel.empty());
  EXPECT_EQ(counts.positions_compared, 0);
  EXPECT_EQ(counts.positions_diverged, 0);
  EXPECT_TRUE(counts.days_to_decision.empty());
}

INSTANTIATE_TEST_SUITE_P(Drivers, StatisticsCounting, ::testing::ValuesIn(driver_cases()),
                         [](const ::testing::TestParamInfo<DriverCase>& driver) {
                           return driver.param.name;
                         });

}  // namespace
}  // namespace zvhpga::odbc::testing
