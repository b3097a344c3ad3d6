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

// Master key rotation (docs/crypto-shredding.md): puts a new random key at `file`, mode 0600,
// whole or not at all: written under a temporary name, synced, renamed into place and the
// directory synced. A kill leaves at most the temporary file, which the next call overwrites.
core::Result<Key> write_new_key_file(const std::filesystem::path& file);
// Renames `from` over `to` and syncs the directory, so the rename survives a crash.
core::Status replace_key_file(const std::filesystem::path& from,
                             const std::filesystem::path& to);

}  // namespace zvhpga::crypto
