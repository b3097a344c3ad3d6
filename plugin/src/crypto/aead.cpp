#include "crypto/aead.h"

#include "crypto/hex.h"
#include "crypto/key_file.h"
#include "crypto/openssl_handles.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

namespace zvhpga::crypto {
namespace {

constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;

// Fetched once: EVP_aes_256_gcm() makes every EVP_*Init_ex look the cipher up in the provider
// tables, and a dossier opens a sealed field for each of its personal data.
const EVP_CIPHER* aes_256_gcm() {
  static const CipherHandle algorithm(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr));
  if (!algorithm) throw std::runtime_error("AES-256-GCM is not available in OpenSSL");
  return algorithm.get();
}

const unsigned char* bytes_of(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

std::string seal(const Key& key, std::string_view plaintext, std::string_view associated_data) {
  if (key.size() != kKeyBytes) throw std::invalid_argument("an AES-256 key has 32 bytes");
  std::vector<unsigned char> sealed(kNonceBytes + plaintext.size() + kTagBytes);
  if (RAND_bytes(sealed.data(), static_cast<int>(kNonceBytes)) != 1)
    throw std::runtime_error("the random generator failed");
  const CipherContextHandle context(EVP_CIPHER_CTX_new());
  int length = 0;
  if (!context ||
      EVP_EncryptInit_ex(context.get(), aes_256_gcm(), nullptr, key.data(), sealed.data()) !=
          1 ||
      EVP_EncryptUpdate(context.get(), nullptr, &length, bytes_of(associated_data),
                        static_cast<int>(associated_data.size())) != 1 ||
      EVP_EncryptUpdate(context.get(), sealed.data() + kNonceBytes, &length, bytes_of(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(context.get(), sealed.data() + kNonceBytes + length, &length) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes),
                          sealed.data() + kNonceBytes + plaintext.size()) != 1)
    throw std::runtime_error("AES-256-GCM encryption failed");
  return to_hex(sealed);
}

std::optional<std::string> open(const Key& key, std::string_view sealed_hex,
                                std::string_view associated_data) {
  const auto sealed = from_hex(sealed_hex);
  if (key.size() != kKeyBytes || !sealed || sealed->size() < kNonceBytes + kTagBytes)
    return std::nullopt;
  const std::size_t text_size = sealed->size() - kNonceBytes - kTagBytes;
  std::string plain(text_size, '\0');
  std::array<unsigned char, kTagBytes> tag{};
  std::copy(sealed->end() - kTagBytes, sealed->end(), tag.begin());
  const CipherContextHandle context(EVP_CIPHER_CTX_new());
  int length = 0;
  if (!context ||
      EVP_DecryptInit_ex(context.get(), aes_256_gcm(), nullptr, key.data(), sealed->data()) !=
          1 ||
      EVP_DecryptUpdate(context.get(), nullptr, &length, bytes_of(associated_data),
                        static_cast<int>(associated_data.size())) != 1 ||
      EVP_DecryptUpdate(context.get(), reinterpret_cast<unsigned char*>(plain.data()), &length,
                        sealed->data() + kNonceBytes, static_cast<int>(text_size)) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes),
                          tag.data()) != 1 ||
      EVP_DecryptFinal_ex(context.get(), reinterpret_cast<unsigned char*>(plain.data()) + length,
                          &length) != 1)
    return std::nullopt;
  return plain;
}

Key random_key() {
  Key key(kKeyBytes);
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1)
    throw std::runtime_error("the random generator failed");
  return key;
}

}  // namespace zvhpga::crypto
