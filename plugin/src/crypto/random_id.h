#pragma once
// Identifiers for new records: random (RFC 4122 version 4) UUIDs from OpenSSL's CSPRNG, so an
// identifier reveals neither order, count nor origin.
#include "ports/ids.h"
#include "ports/store.h"

namespace zvhpga::crypto {

class RandomIdGenerator final : public ports::IdGenerator {
 public:
  std::string new_id() override;
};

}  // namespace zvhpga::crypto
