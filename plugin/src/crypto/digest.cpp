#include "crypto/digest.h"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

#include "crypto/hex.h"

namespace zvhpga::crypto {

std::string sha256_hex(std::string_view bytes) {
  // The one-shot EVP_Digest holds its context itself, so nothing is left to free here.
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return to_hex(std::span<const unsigned char>(digest.data(), size));
}

}  // namespace zvhpga::crypto
