#include "service/retry_policy.h"

#include <algorithm>
#include <random>

namespace zvhpga::service {

std::chrono::microseconds RetryPolicy::bound_after(int failed_attempts) const {
  std::chrono::microseconds bound = first_bound;
  for (int attempt = 1; attempt < failed_attempts && bound < cap; ++attempt) bound *= 2;
  return std::min(bound, cap);
}

std::optional<std::chrono::microseconds> RetryPolicy::pause_after(
    int failed_attempts, std::chrono::microseconds elapsed, double fraction) const {
  if (failed_attempts >= max_attempts) return std::nullopt;
  const auto bound = bound_after(failed_attempts);
  const std::chrono::microseconds pause(
      static_cast<std::chrono::microseconds::rep>(static_cast<double>(bound.count()) *
                                                  std::clamp(fraction, 0.0, 1.0)));
  if (elapsed + pause >= budget) return std::nullopt;
  return pause;
}

double jitter_fraction() {
  // Only the spread matters, not secrecy: a cheap generator, seeded once per thread.
  thread_local std::minstd_rand generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

}  // namespace zvhpga::service
