#pragma once
// What every handler is given per request besides the transaction the pipeline opened: the
// caller it admitted and one reading of the clock.
#include <chrono>
#include <string>

#include "config/configuration.h"
#include "core/domain.h"

namespace zvhpga::service {

// The clock read once, when the request's transaction begins: what a handler writes carries
// that moment, and its date checks use that day.
struct Now {
  core::Timestamp timestamp;
  core::Date today;
};
Now now_from(std::chrono::system_clock::time_point time);

struct Caller {
  core::Actor actor;
  const config::Partner* partner;  // from the configuration; outlives the call
};

}  // namespace zvhpga::service
