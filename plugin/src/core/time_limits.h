#pragma once
// Nothing stalls silently (docs/roles.md, "Time limits"): how long a signal may wait in each
// stage before it is overdue, and since when it is. The limits are configuration and, like the
// retention rules, unconfirmed: no source in the law's own text fixes them. Pure values and
// arithmetic; the clock reading comes from outside.
#include <optional>

#include "core/access_policy.h"
#include "core/domain.h"

namespace zvhpga::core {

struct TimeLimits {
  // From registration to the first contribution (state received).
  int first_contribution_days = 14;
  // From the first contribution, or the start of a new round, until all three partners
  // contributed (state awaiting-contributions): one partner that stays silent is seen too.
  int all_contributions_days = 28;
  // From ready-for-weighing to the weegploeg's decision.
  int decision_days = 28;
  // Between the decision to include in the casusoverleg, or its latest review, and the next
  // review, while the signal is not closed.
  int inclusion_review_months = 12;
};

// What an overdue signal waits for and since when: the moment its limit passed.
struct Overdue {
  Awaiting awaiting{};
  Timestamp since;
};

// When the next review of an inclusion falls due, counted from `from` (the decision's state
// change, or the latest review recorded); empty when `from` is no timestamp.
std::optional<Timestamp> review_due(const TimeLimits& limits, const Timestamp& from);

// Whether a signal is overdue at `now`. state_since is the moment the signal entered its
// state (the transition the plugin recorded); last_review_at the moment the latest review of
// an inclusion was recorded, which restarts the review limit. A decided signal not included,
// and a closed one, wait on no limit.
std::optional<Overdue> overdue(const TimeLimits& limits, SignalState state,
                               std::optional<Course> last_outcome, const Timestamp& state_since,
                               const std::optional<Timestamp>& last_review_at,
                               const Timestamp& now);

}  // namespace zvhpga::core
