#pragma once
#include "ports/clock.h"
#include "ports/store.h"

namespace zvhpga::service {

class SystemClock final : public ports::Clock {
 public:
  std::chrono::system_clock::time_point now() override { return std::chrono::system_clock::now(); }
};

}  // namespace zvhpga::service
