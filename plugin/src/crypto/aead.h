#pragma once
// Authenticated encryption, the one place the plugin calls AES-256-GCM: the processing log's
// subject identifiers, the personal fields of signals and the wrapped signal data keys all go
// through here.
#include <optional>
#include <string>
#include <string_view>

#include "crypto/hmac.h"

namespace zvhpga::crypto {

// hex(nonce ‖ ciphertext ‖ tag) with a fresh random nonce. The associated data is not stored
// but must be given again to open: it binds the ciphertext to where it belongs.
std::string seal(const Key& key, std::string_view plaintext, std::string_view associated_data);
// Empty unless the text was sealed by seal() with this key and associated data, unchanged.
std::optional<std::string> open(const Key& key, std::string_view sealed_hex,
                                std::string_view associated_data);

// A fresh random key of kKeyBytes bytes.
Key random_key();

}  // namespace zvhpga::crypto
