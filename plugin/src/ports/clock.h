#pragma once
// The time as the service sees it: the system clock in production, a set time in tests.
#include <chrono>

namespace zvhpga::ports {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point now() = 0;
};

}  // namespace zvhpga::ports
