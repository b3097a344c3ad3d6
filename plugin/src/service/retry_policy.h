#pragma once
// How a request that met a transient store failure (a serialization conflict, a deadlock, a lock
// or a pooled connection not granted in time, a lost connection) runs again before any answer
// goes out, so that its caller never hears of it. The failed transaction left nothing behind,
// so running it again is safe; each attempt is a transaction of its own.
//
// Each pause is drawn at random between nothing and a bound that doubles with every failed
// attempt up to a cap ("full jitter"): requests that failed together do not meet again in step.
// No attempt begins after the last one allowed, nor once its pause would end past the budget
// counted from the start of the first attempt.
#include <chrono>
#include <optional>

namespace zvhpga::service {

struct RetryPolicy {
  int max_attempts = 8;
  std::chrono::microseconds first_bound{std::chrono::milliseconds(10)};
  std::chrono::microseconds cap{std::chrono::milliseconds(320)};
  // Three waits of the store's 5-second lock timeout: a request waits no longer than it did
  // with three fixed attempts before, however often its attempts conflict.
  std::chrono::microseconds budget{std::chrono::seconds(15)};

  // The most a pause after `failed_attempts` attempts may last.
  std::chrono::microseconds bound_after(int failed_attempts) const;
  // The pause before the next attempt, after `failed_attempts` attempts that began `elapsed`
  // ago, for a `fraction` drawn uniformly from [0, 1); nothing when no attempt is left.
  std::optional<std::chrono::microseconds> pause_after(int failed_attempts,
                                                       std::chrono::microseconds elapsed,
                                                       double fraction) const;
};

// A fraction drawn uniformly from [0, 1), from a generator of the calling thread's own.
double jitter_fraction();

}  // namespace zvhpga::service
