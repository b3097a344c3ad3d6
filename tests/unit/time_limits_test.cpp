// The time limits per stage (docs/roles.md, "Time limits"), on an injected "now": a signal is
// overdue from the moment its limit passes, not a millisecond before, and a review of an
// inclusion restarts its limit.
#include "core/time_limits.h"

#include <gtest/gtest.h>

namespace zvhpga::core {
namespace {

const TimeLimits kLimits{.first_contribution_days = 14,
                         .all_contributions_days = 28,
                         .decision_days = 21,
                         .inclusion_review_months = 12};
const Timestamp kEntered = "2026-01-10T09:00:00.000Z";

std::optional<Overdue> at(SignalState state, const Timestamp& now,
                          std::optional<Course> outcome = std::nullopt,
                          std::optional<Timestamp> last_review = std::nullopt) {
  return overdue(kLimits, state, outcome, kEntered, last_review, now);
}

TEST(TimeLimits, AReceivedSignalIsOverdueForItsFirstContributionFromTheLimitOn) {
  EXPECT_FALSE(at(SignalState::Received, "2026-01-24T08:59:59.999Z"));
  const auto late = at(SignalState::Received, "2026-01-24T09:00:00.000Z");
  ASSERT_TRUE(late);
  EXPECT_EQ(late->awaiting, Awaiting::Contribution);
  EXPECT_EQ(late->since, "2026-01-24T09:00:00.000Z");
}

TEST(TimeLimits, ARoundAwaitingContributionsIsOverdueAfterItsOwnLimit) {
  EXPECT_FALSE(at(SignalState::AwaitingContributions, "2026-02-07T08:59:59.999Z"));
  const auto late = at(SignalState::AwaitingContributions, "2026-03-01T00:00:00.000Z");
  ASSERT_TRUE(late);
  EXPECT_EQ(late->awaiting, Awaiting::Contribution);
  EXPECT_EQ(late->since, "2026-02-07T09:00:00.000Z");
}

TEST(TimeLimits, ASignalReadyForWeighingIsOverdueForItsDecision) {
  EXPECT_FALSE(at(SignalState::ReadyForWeighing, "2026-01-31T08:59:59.999Z"));
  const auto late = at(SignalState::ReadyForWeighing, "2026-01-31T09:00:00.000Z");
  ASSERT_TRUE(late);
  EXPECT_EQ(late->awaiting, Awaiting::Decision);
  EXPECT_EQ(late->since, "2026-01-31T09:00:00.000Z");
}

TEST(TimeLimits, AnInclusionIsOverdueForReviewMonthsAfterTheDecision) {
  const Course include = Course::IncludeInCasusoverleg;
  EXPECT_FALSE(at(SignalState::Decided, "2027-01-10T08:59:59.999Z", include));
  const auto late = at(SignalState::Decided, "2027-01-10T09:00:00.000Z", include);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->awaiting, Awaiting::Review);
  EXPECT_EQ(late->since, "2027-01-10T09:00:00.000Z");
}

TEST(TimeLimits, AReviewRestartsTheReviewLimit) {
  const Course include = Course::IncludeInCasusoverleg;
  const Timestamp reviewed = "2027-01-12T10:00:00.000Z";
  EXPECT_FALSE(at(SignalState::Decided, "2027-06-01T00:00:00.000Z", include, reviewed));
  const auto late = at(SignalState::Decided, "2028-01-12T10:00:00.000Z", include, reviewed);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->since, "2028-01-12T10:00:00.000Z");
}

TEST(TimeLimits, ADecisionNotToIncludeAndAClosedSignalWaitOnNoLimit) {
  EXPECT_FALSE(at(SignalState::Decided, "2030-01-01T00:00:00.000Z", Course::ReferElsewhere));
  EXPECT_FALSE(at(SignalState::Closed, "2030-01-01T00:00:00.000Z", Course::IncludeInCasusoverleg));
}

TEST(TimeLimits, AWithdrawnOrTriagedOutSignalWaitsOnNoLimit) {
  EXPECT_FALSE(at(SignalState::Withdrawn, "2030-01-01T00:00:00.000Z"));
  EXPECT_FALSE(at(SignalState::TriagedOut, "2030-01-01T00:00:00.000Z"));
}

}  // namespace
}  // namespace zvhpga::core
