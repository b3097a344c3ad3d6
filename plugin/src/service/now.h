#pragma once
// The plugin's "now": a timestamp to the millisecond and the date, both UTC, in the form the
// records carry them. Used by the handlers, the sweeps and outcome delivery alike.
#include <chrono>

#include "core/domain.h"

namespace zvhpga::service {

// One reading of the clock: what is written with it carries that moment, and date checks use
// that day. The pipeline takes one when a request's transaction begins.
struct Now {
  core::Timestamp timestamp;
  core::Date today;
};
Now now_from(std::chrono::system_clock::time_point time);

}  // namespace zvhpga::service
