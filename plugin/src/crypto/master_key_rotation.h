#pragma once
// The signal master key rotation around its key file (docs/crypto-shredding.md, "Master key
// rotation"): a new key beside the old file, every data key rewrapped, the old generation
// retired, the new key renamed over the old file. Killed at any point, it can be run again.
#include <cstddef>
#include <filesystem>

#include "core/result.h"
#include "ports/keys.h"

namespace zvhpga::crypto {

struct MasterKeyRotation {
  std::size_t rewrapped = 0;  // by this run; a rerun after a kill counts only what was left
  int generation = 0;         // the master key generation now in the key file
};

// Where the next master key waits while a rotation is under way: `<key file>.next`.
std::filesystem::path next_master_key_file(const std::filesystem::path& key_file);

// Rotates the master key in `key_file` for the key store. Errors (InvalidConfiguration): a key
// file that is missing or unreadable, or keys the key store does not know; nothing is renamed
// then. Key store failures propagate as ports::StoreFailure.
core::Result<MasterKeyRotation> rotate_master_key_file(const std::filesystem::path& key_file,
                                                       ports::KeyStore& store);

}  // namespace zvhpga::crypto
