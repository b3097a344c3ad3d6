#include "crypto/subject_protector.h"

#include "crypto/hex.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>
#include <vector>

namespace zvhpga::crypto {
namespace {

constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;

struct CipherContextDeleter {
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;

// Separate keys for separate purposes, derived from the master key by labelled HMACs.
Key derive(const Key& master_key, std::string_view label) {
  return *from_hex(hmac_sha256_hex(master_key, label));
}

}  // namespace

SubjectProtector::SubjectProtector(const Key& master_key)
    : pseudonym_key_(derive(master_key, "zvh-pga data subject pseudonym v1")),
      encryption_key_(derive(master_key, "zvh-pga data subject encryption v1")) {}

std::string SubjectProtector::pseudonym(std::string_view identifier) const {
  return hmac_sha256_hex(pseudonym_key_, identifier);
}

std::string SubjectProtector::encrypt(std::string_view identifier) const {
  std::vector<unsigned char> sealed(kNonceBytes + identifier.size() + kTagBytes);
  if (RAND_bytes(sealed.data(), static_cast<int>(kNonceBytes)) != 1)
    throw std::runtime_error("the random generator failed");
  CipherContext context(EVP_CIPHER_CTX_new());
  int length = 0;
  if (!context ||
      EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, encryption_key_.data(),
                         sealed.data()) != 1 ||
      EVP_EncryptUpdate(context.get(), sealed.data() + kNonceBytes, &length,
                        reinterpret_cast<const unsigned char*>(identifier.data()),
                        static_cast<int>(identifier.size())) != 1 ||
      EVP_EncryptFinal_ex(context.get(), sealed.data() + kNonceBytes + length, &length) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes),
                          sealed.data() + kNonceBytes + identifier.size()) != 1)
    throw std::runtime_error("encrypting a data subject identifier failed");
  return to_hex(sealed);
}

std::optional<std::string> SubjectProtector::decrypt(std::string_view sealed_hex) const {
  const auto sealed = from_hex(sealed_hex);
  if (!sealed || sealed->size() < kNonceBytes + kTagBytes) return std::nullopt;
  const std::size_t text_size = sealed->size() - kNonceBytes - kTagBytes;
  std::string plain(text_size, '\0');
  std::array<unsigned char, kTagBytes> tag{};
  std::copy(sealed->end() - kTagBytes, sealed->end(), tag.begin());
  CipherContext context(EVP_CIPHER_CTX_new());
  int length = 0;
  if (!context ||
      EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, encryption_key_.data(),
                         sealed->data()) != 1 ||
      EVP_DecryptUpdate(context.get(), reinterpret_cast<unsigned char*>(plain.data()), &length,
                        sealed->data() + kNonceBytes, static_cast<int>(text_size)) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes),
                          tag.data()) != 1 ||
      EVP_DecryptFinal_ex(context.get(), reinterpret_cast<unsigned char*>(plain.data()) + length,
                          &length) != 1)
    return std::nullopt;
  return plain;
}

}  // namespace zvhpga::crypto
