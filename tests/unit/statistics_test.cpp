// Publishing management information: small counts are suppressed, and so is whatever would let
// a suppressed count be worked out by subtraction; zeros and large counts are published.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/statistics.h"

namespace zvhpga::core {
namespace {

const StatisticsFigure& figure(const StatisticsBreakdown& breakdown, std::string_view category) {
  const auto found = std::ranges::find(breakdown.figures, category, &StatisticsFigure::category);
  EXPECT_NE(found, breakdown.figures.end()) << category;
  return *found;
}

// Twelve signals, ten by meldpunt and two by wijkagent, all still undecided.
StatisticsCounts twelve_signals() {
  StatisticsCounts counts;
  counts.signals = 12;
  counts.by_channel = {{"meldpunt", 10}, {"wijkagent", 2}};
  counts.by_reporter_type = {{"citizen", 12}};
  counts.by_phenomenon = {{"none", 12}};
  counts.by_outcome = {{"undecided", 12}};
  counts.outcome_by_phenomenon = {{"none", {{"undecided", 12}}}};
  return counts;
}

TEST(Statistics, PublishesCountsAtOrAboveTheMinimum) {
  const Statistics statistics = publish_statistics(twelve_signals(), 5);
  EXPECT_EQ(statistics.signals, 12);
  EXPECT_EQ(figure(statistics.by_reporter_type, "citizen").count, 12);
  EXPECT_EQ(figure(statistics.by_reporter_type, "citizen").per_mille, 1000);
}

TEST(Statistics, SuppressesACountBelowTheMinimum) {
  const Statistics statistics = publish_statistics(twelve_signals(), 5);
  EXPECT_EQ(figure(statistics.by_channel, "wijkagent").count, std::nullopt);
  EXPECT_EQ(figure(statistics.by_channel, "wijkagent").per_mille, std::nullopt);
}

TEST(Statistics, SuppressesTheCountThatWouldRevealASuppressedOneBySubtraction) {
  // 12 - 10 would give the two wijkagent signals away.
  const Statistics statistics = publish_statistics(twelve_signals(), 5);
  EXPECT_EQ(statistics.by_channel.total, 12);
  EXPECT_EQ(figure(statistics.by_channel, "meldpunt").count, std::nullopt);
}

TEST(Statistics, PublishesZerosBecauseTheySingleNobodyOut) {
  const Statistics statistics = publish_statistics(twelve_signals(), 5);
  EXPECT_EQ(figure(statistics.by_channel, "zvh-portal").count, 0);
}

TEST(Statistics, LeavesTwoSuppressedCountsAloneWhenNeitherFollowsFromTheOthers) {
  StatisticsCounts counts = twelve_signals();
  counts.by_channel = {{"meldpunt", 8}, {"wijkagent", 2}, {"other", 2}};
  const Statistics statistics = publish_statistics(counts, 5);
  EXPECT_EQ(figure(statistics.by_channel, "meldpunt").count, 8);
  EXPECT_EQ(figure(statistics.by_channel, "wijkagent").count, std::nullopt);
  EXPECT_EQ(figure(statistics.by_channel, "other").count, std::nullopt);
}

TEST(Statistics, SuppressesEverythingWhenThereAreFewerSignalsThanTheMinimum) {
  StatisticsCounts counts;
  counts.signals = 3;
  counts.by_channel = {{"meldpunt", 3}};
  counts.by_outcome = {{"undecided", 3}};
  const Statistics statistics = publish_statistics(counts, 5);
  EXPECT_EQ(statistics.signals, std::nullopt);
  EXPECT_EQ(figure(statistics.by_channel, "meldpunt").count, std::nullopt);
  EXPECT_EQ(figure(statistics.by_outcome, "undecided").count, std::nullopt);
}

TEST(Statistics, TheMinimumIsConfigurable) {
  const Statistics statistics = publish_statistics(twelve_signals(), 2);
  EXPECT_EQ(figure(statistics.by_channel, "wijkagent").count, 2);
  EXPECT_EQ(figure(statistics.by_channel, "meldpunt").count, 10);
}

TEST(Statistics, SuppressesAnOutcomeOfAPhenomenonAndItsComplementInTheRow) {
  StatisticsCounts counts;
  counts.signals = 20;
  counts.by_channel = {{"meldpunt", 20}};
  counts.by_reporter_type = {{"citizen", 20}};
  counts.by_phenomenon = {{"jihadisme", 12}, {"rechts-extremisme", 8}};
  counts.by_outcome = {{"include-in-casusoverleg", 13}, {"refer-elsewhere", 7}};
  counts.outcome_by_phenomenon = {
      {"jihadisme", {{"include-in-casusoverleg", 9}, {"refer-elsewhere", 3}}},
      {"rechts-extremisme", {{"include-in-casusoverleg", 4}, {"refer-elsewhere", 4}}}};

  const Statistics statistics = publish_statistics(counts, 5);
  const auto& jihadisme = statistics.outcomes_by_phenomenon.front();
  ASSERT_EQ(jihadisme.phenomenon, "jihadisme");
  EXPECT_EQ(jihadisme.outcomes.total, 12);
  EXPECT_EQ(figure(jihadisme.outcomes, "refer-elsewhere").count, std::nullopt);
  // 12 - 9 would give the 3 away.
  EXPECT_EQ(figure(jihadisme.outcomes, "include-in-casusoverleg").count, std::nullopt);
  EXPECT_EQ(figure(statistics.by_outcome, "include-in-casusoverleg").count, 13);
}

TEST(Statistics, GivesEachOutcomeItsShareOfThePhenomenonsSignals) {
  StatisticsCounts counts = twelve_signals();
  counts.by_phenomenon = {{"jihadisme", 12}};
  counts.by_outcome = {{"include-in-casusoverleg", 6}, {"refer-elsewhere", 6}};
  counts.outcome_by_phenomenon = {
      {"jihadisme", {{"include-in-casusoverleg", 6}, {"refer-elsewhere", 6}}}};
  const Statistics statistics = publish_statistics(counts, 5);
  EXPECT_EQ(figure(statistics.outcomes_by_phenomenon.front().outcomes, "refer-elsewhere").per_mille,
            500);
}

TEST(Statistics, PartnerPositionsAreSuppressedLikeAnyOtherCount) {
  StatisticsCounts counts = twelve_signals();
  counts.by_outcome = {{"include-in-casusoverleg", 12}};
  counts.outcome_by_phenomenon = {{"none", {{"include-in-casusoverleg", 12}}}};
  counts.positions_compared = 12;
  counts.positions_diverged = 1;
  const Statistics statistics = publish_statistics(counts, 5);
  EXPECT_EQ(statistics.partner_positions.total, 12);
  EXPECT_EQ(figure(statistics.partner_positions, "diverged").count, std::nullopt);
  EXPECT_EQ(figure(statistics.partner_positions, "agreed").count, std::nullopt);
}

TEST(Statistics, GivesTheMedianAndNinetiethPercentileOnlyWhenTheDecidedCountIsPublished) {
  StatisticsCounts counts = twelve_signals();
  counts.by_outcome = {{"refer-elsewhere", 10}, {"undecided", 2}};
  counts.outcome_by_phenomenon = {{"none", {{"refer-elsewhere", 10}, {"undecided", 2}}}};
  counts.positions_compared = 10;
  counts.days_to_decision = {1, 2, 3, 4, 5, 6, 7, 8, 9, 30};
  const Statistics published = publish_statistics(counts, 5);
  // undecided (2) is suppressed, so decided (10 = 12 - 2) is suppressed with it.
  EXPECT_EQ(published.decided, std::nullopt);
  EXPECT_EQ(published.median_days, std::nullopt);

  const Statistics lower = publish_statistics(counts, 2);
  EXPECT_EQ(lower.decided, 10);
  EXPECT_EQ(lower.median_days, 5);
  EXPECT_EQ(lower.percentile90_days, 9);
}

TEST(Statistics, NearestRankPercentileIsAnObservedValue) {
  EXPECT_EQ(nearest_rank_percentile({}, 50), std::nullopt);
  EXPECT_EQ(nearest_rank_percentile({4}, 90), 4);
  EXPECT_EQ(nearest_rank_percentile({1, 2, 3, 4}, 50), 2);
  EXPECT_EQ(nearest_rank_percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 90), 10);
}

TEST(Statistics, ListsEveryCategoryInTheContractsOrder) {
  const Statistics statistics = publish_statistics(twelve_signals(), 5);
  ASSERT_EQ(statistics.by_phenomenon.figures.size(), 10u);
  EXPECT_EQ(statistics.by_phenomenon.figures.front().category, "jihadisme");
  EXPECT_EQ(statistics.by_phenomenon.figures.back().category, "none");
  EXPECT_EQ(statistics.by_outcome.figures.back().category, "undecided");
  EXPECT_EQ(statistics.outcomes_by_phenomenon.size(), 10u);
}

}  // namespace
}  // namespace zvhpga::core
