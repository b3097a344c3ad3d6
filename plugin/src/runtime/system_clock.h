#pragma once
// The real time, for every instance the composition root opens; tests use clocks of their own.
#include <chrono>

#include "ports/clock.h"

namespace zvhpga::runtime {

class SystemClock final : public ports::Clock {
 public:
  std::chrono::system_clock::time_point now() override { return std::chrono::system_clock::now(); }
};

}  // namespace zvhpga::runtime
