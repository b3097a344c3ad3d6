// How a request that met a transient store failure is run again inside the plugin: a random
// pause under a bound that doubles up to a cap, a bounded number of attempts, and none that
// would begin past the time budget.
#include "service/retry_policy.h"

#include <gtest/gtest.h>

#include <set>

namespace zvhpga::service {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

constexpr RetryPolicy kPolicy{};

TEST(RetryPolicy, TheBoundDoublesAfterEachFailedAttemptUpToTheCap) {
  EXPECT_EQ(kPolicy.bound_after(1), milliseconds(10));
  EXPECT_EQ(kPolicy.bound_after(2), milliseconds(20));
  EXPECT_EQ(kPolicy.bound_after(3), milliseconds(40));
  EXPECT_EQ(kPolicy.bound_after(6), milliseconds(320));
  EXPECT_EQ(kPolicy.bound_after(7), milliseconds(320));
}

TEST(RetryPolicy, ThePauseIsTheDrawnFractionOfTheBound) {
  EXPECT_EQ(kPolicy.pause_after(3, {}, 0.0), microseconds(0));
  EXPECT_EQ(kPolicy.pause_after(3, {}, 0.25), milliseconds(10));
  EXPECT_EQ(kPolicy.pause_after(3, {}, 0.999999), microseconds(39999));
}

TEST(RetryPolicy, NoAttemptFollowsTheLastOneAllowed) {
  EXPECT_TRUE(kPolicy.pause_after(kPolicy.max_attempts - 1, {}, 0.5));
  EXPECT_FALSE(kPolicy.pause_after(kPolicy.max_attempts, {}, 0.5));
}

TEST(RetryPolicy, NoAttemptBeginsPastTheBudget) {
  const microseconds almost_spent = kPolicy.budget - milliseconds(5);
  EXPECT_TRUE(kPolicy.pause_after(1, almost_spent, 0.1));   // 1 ms: ends within the budget
  EXPECT_FALSE(kPolicy.pause_after(1, almost_spent, 0.9));  // 9 ms: would end past it
  EXPECT_FALSE(kPolicy.pause_after(1, kPolicy.budget, 0.0));
}

TEST(RetryPolicy, ThreeAttemptsOfAFiveSecondLockTimeoutFitTheBudget) {
  // The longest a request waited before: three attempts that each waited out the lock timeout.
  EXPECT_TRUE(kPolicy.pause_after(1, std::chrono::seconds(5), 0.999));
  EXPECT_TRUE(kPolicy.pause_after(2, std::chrono::seconds(10), 0.999));
  EXPECT_FALSE(kPolicy.pause_after(3, std::chrono::seconds(15), 0.0));
}

TEST(RetryPolicy, JitterFractionsSpreadOverTheUnitInterval) {
  std::set<int> tenths;
  for (int draw = 0; draw < 1000; ++draw) {
    const double fraction = jitter_fraction();
    ASSERT_GE(fraction, 0.0);
    ASSERT_LT(fraction, 1.0);
    tenths.insert(static_cast<int>(fraction * 10));
  }
  EXPECT_EQ(tenths.size(), 10U);
}

}  // namespace
}  // namespace zvhpga::service
