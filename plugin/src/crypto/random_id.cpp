#include "crypto/random_id.h"

#include "crypto/hex.h"

#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace zvhpga::crypto {

std::string RandomIdGenerator::new_id() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("the random generator failed");
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr std::size_t kDashes[] = {8, 13, 18, 23};  // 8-4-4-4-12 digits
  std::string id = to_hex(bytes);
  for (std::size_t dash : kDashes) id.insert(dash, 1, '-');
  return id;
}

}  // namespace zvhpga::crypto
