#pragma once
#include "service/ports.h"

namespace zvhpga::service {

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() override { return std::chrono::system_clock::now(); }
};

}  // namespace zvhpga::service
