#include "crypto/hmac.h"

#include "crypto/hex.h"
#include "crypto/openssl_handles.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace zvhpga::crypto {
namespace {

// Fetched once: EVP_MAC_fetch looks the algorithm up in the provider tables each time.
EVP_MAC* hmac_algorithm() {
  static const MacHandle algorithm(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!algorithm) throw std::runtime_error("HMAC is not available in OpenSSL");
  return algorithm.get();
}

}  // namespace

std::string hmac_sha256_hex(std::span<const unsigned char> key, std::string_view message) {
  const MacContextHandle context(EVP_MAC_CTX_new(hmac_algorithm()));
  if (!context) throw std::bad_alloc();
  char digest_name[] = "SHA256";
  const OSSL_PARAM parameters[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0), OSSL_PARAM_END};
  std::array<unsigned char, 32> digest{};
  std::size_t length = 0;
  if (EVP_MAC_init(context.get(), key.data(), key.size(), parameters) != 1 ||
      EVP_MAC_update(context.get(), reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1 ||
      EVP_MAC_final(context.get(), digest.data(), &length, digest.size()) != 1 ||
      length != digest.size())
    throw std::runtime_error("HMAC computation failed");
  return to_hex(digest);
}

bool equal_macs(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace zvhpga::crypto
