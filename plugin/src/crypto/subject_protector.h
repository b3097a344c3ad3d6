#pragma once
// Protects the identifier of a data subject in the processing log: a keyed pseudonym (HMAC) to
// find every line about one person, and the identifier itself encrypted (AES-256-GCM) so the
// privacy officer can answer an access request. Both keys derive from one key file kept
// outside the database; the pseudonym alone reveals nothing.
#include <optional>
#include <string>
#include <string_view>

#include "crypto/hmac.h"

namespace zvhpga::crypto {

class SubjectProtector {
 public:
  explicit SubjectProtector(const Key& master_key);

  std::string pseudonym(std::string_view identifier) const;
  // hex(nonce ‖ ciphertext ‖ tag), a fresh random nonce each time.
  std::string encrypt(std::string_view identifier) const;
  // Empty if the text was not made by encrypt() with this key or was changed since.
  std::optional<std::string> decrypt(std::string_view sealed_hex) const;

 private:
  Key pseudonym_key_;
  Key encryption_key_;
};

}  // namespace zvhpga::crypto
