#include "crypto/digest.h"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

#include "crypto/hex.h"
#include "crypto/openssl_handles.h"

namespace zvhpga::crypto {
namespace {

// Fetched once: EVP_sha256() makes EVP_Digest look the algorithm up in the provider tables on
// every call, which cost more than hashing a request.
const EVP_MD* sha256() {
  static const DigestHandle algorithm(EVP_MD_fetch(nullptr, "SHA256", nullptr));
  if (!algorithm) throw std::runtime_error("SHA-256 is not available in OpenSSL");
  return algorithm.get();
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  // The one-shot EVP_Digest holds its context itself, so nothing is left to free here.
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return to_hex(std::span<const unsigned char>(digest.data(), size));
}

}  // namespace zvhpga::crypto
