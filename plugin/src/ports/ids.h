#pragma once
// Identifiers for new records: random in production (crypto/random_id.h), counted in tests.
#include <string>

namespace zvhpga::ports {

// Produces identifiers for new records (signals, contributions, decisions).
class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  virtual std::string new_id() = 0;
};

}  // namespace zvhpga::ports
