#include "crypto/hmac.h"

#include "crypto/hex.h"
#include "crypto/openssl_handles.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
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

// A context keyed once and re-initialised per message: EVP_MAC_init with the key and digest
// fetches SHA-256 and computes the padded key blocks again, which cost several times the MAC of
// a short message. A request MACs with a few long-lived keys (the audit chain's, the
// pseudonyms'), so each thread keeps the contexts of the last few keys it used.
class KeyedContexts {
 public:
  KeyedContexts() = default;
  KeyedContexts(const KeyedContexts&) = delete;
  KeyedContexts& operator=(const KeyedContexts&) = delete;
  ~KeyedContexts() {
    for (Keyed& keyed : keyed_) OPENSSL_cleanse(keyed.key.data(), keyed.key.size());
  }

  // A context ready for EVP_MAC_update with this key.
  EVP_MAC_CTX& ready_for(std::span<const unsigned char> key) {
    for (Keyed& keyed : keyed_)
      if (std::equal(keyed.key.begin(), keyed.key.end(), key.begin(), key.end())) {
        // With no key, EVP_MAC_init starts a new message under the key it was given.
        if (EVP_MAC_init(keyed.context.get(), nullptr, 0, nullptr) != 1)
          throw std::runtime_error("HMAC computation failed");
        return *keyed.context;
      }
    MacContextHandle context(EVP_MAC_CTX_new(hmac_algorithm()));
    if (!context) throw std::bad_alloc();
    char digest_name[] = "SHA256";
    const OSSL_PARAM parameters[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0), OSSL_PARAM_END};
    if (EVP_MAC_init(context.get(), key.data(), key.size(), parameters) != 1)
      throw std::runtime_error("HMAC computation failed");
    if (keyed_.size() == kKept) {
      OPENSSL_cleanse(keyed_.front().key.data(), keyed_.front().key.size());
      keyed_.erase(keyed_.begin());
    }
    keyed_.push_back({Key(key.begin(), key.end()), std::move(context)});
    return *keyed_.back().context;
  }

 private:
  static constexpr std::size_t kKept = 4;
  struct Keyed {
    Key key;
    MacContextHandle context;
  };
  std::vector<Keyed> keyed_;  // the least recently added first
};

}  // namespace

std::string hmac_sha256_hex(std::span<const unsigned char> key, std::string_view message) {
  thread_local KeyedContexts contexts;
  EVP_MAC_CTX& context = contexts.ready_for(key);
  std::array<unsigned char, 32> digest{};
  std::size_t length = 0;
  if (EVP_MAC_update(&context, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1 ||
      EVP_MAC_final(&context, digest.data(), &length, digest.size()) != 1 ||
      length != digest.size())
    throw std::runtime_error("HMAC computation failed");
  return to_hex(digest);
}

bool equal_macs(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace zvhpga::crypto
