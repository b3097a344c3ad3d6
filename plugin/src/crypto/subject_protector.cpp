#include "crypto/subject_protector.h"

#include "crypto/aead.h"
#include "crypto/hex.h"

namespace zvhpga::crypto {
namespace {

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

// No associated data: the identifiers sealed before aead.h existed must still open.
std::string SubjectProtector::encrypt(std::string_view identifier) const {
  return seal(encryption_key_, identifier, {});
}

std::optional<std::string> SubjectProtector::decrypt(std::string_view sealed_hex) const {
  return open(encryption_key_, sealed_hex, {});
}

}  // namespace zvhpga::crypto
