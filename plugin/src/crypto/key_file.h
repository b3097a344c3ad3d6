#pragma once
// Secret keys live in files outside the database, readable by the service account only, so
// that whoever can write the database cannot also forge what the keys protect.
#include <filesystem>

#include "core/result.h"
#include "crypto/hmac.h"

namespace zvhpga::crypto {

inline constexpr std::size_t kKeyBytes = 32;

// Reads a key file of exactly kKeyBytes bytes. If the file does not exist and create is true,
// makes one from the CSPRNG with mode 0600. Refuses a file others may read or write.
core::Result<Key> load_key(const std::filesystem::path& file, bool create);

}  // namespace zvhpga::crypto
