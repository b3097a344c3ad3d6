#include "core/time_limits.h"

#include "core/retention.h"

namespace zvhpga::core {

std::optional<Timestamp> review_due(const TimeLimits& limits, const Timestamp& from) {
  return add_period(from, RetentionPeriod{.months = limits.inclusion_review_months});
}

std::optional<Overdue> overdue(const TimeLimits& limits, SignalState state,
                               std::optional<Course> last_outcome, const Timestamp& state_since,
                               const std::optional<Timestamp>& last_review_at,
                               const Timestamp& now) {
  const auto days_after = [&](int days) { return add_period(state_since, {.days = days}); };
  Awaiting awaiting{};
  std::optional<Timestamp> due;
  switch (state) {
    case SignalState::Received:
      awaiting = Awaiting::Contribution;
      due = days_after(limits.first_contribution_days);
      break;
    case SignalState::AwaitingContributions:
      awaiting = Awaiting::Contribution;
      due = days_after(limits.all_contributions_days);
      break;
    case SignalState::ReadyForWeighing:
      awaiting = Awaiting::Decision;
      due = days_after(limits.decision_days);
      break;
    case SignalState::Decided:
      if (last_outcome != Course::IncludeInCasusoverleg) return std::nullopt;
      awaiting = Awaiting::Review;
      // Timestamps of one form compare as text in time order.
      due = review_due(limits, last_review_at && *last_review_at > state_since ? *last_review_at
                                                                                : state_since);
      break;
    // An ended signal waits for nobody.
    case SignalState::Closed:
    case SignalState::Withdrawn:
    case SignalState::TriagedOut:
      return std::nullopt;
  }
  if (!due || now < *due) return std::nullopt;
  return Overdue{awaiting, *due};
}

}  // namespace zvhpga::core
