#include "crypto/master_key_rotation.h"

#include <system_error>

#include "crypto/key_file.h"
#include "crypto/signal_keys.h"

namespace zvhpga::crypto {

std::filesystem::path next_master_key_file(const std::filesystem::path& key_file) {
  std::filesystem::path next = key_file;
  next += ".next";
  return next;
}

core::Result<MasterKeyRotation> rotate_master_key_file(const std::filesystem::path& key_file,
                                                       ports::KeyStore& store) {
  auto current = load_key(key_file, false);
  if (!current) return current.error();
  const std::filesystem::path next_file = next_master_key_file(key_file);
  // A `.next` file means an earlier run was killed after making it: finish with that key, as
  // some data keys may already be wrapped under it.
  std::error_code ignored;
  const bool resuming = std::filesystem::exists(next_file, ignored);
  // A fresh rotation checks the key before it writes anything, so that a wrong key file leaves
  // no `.next` behind for a later run to pick up.
  if (!resuming && !store.generation_with_check(master_key_check(*current)))
    return core::Error{core::ErrorCode::InvalidConfiguration,
                       "The current signal master key does not belong to this key store; "
                       "nothing was changed.",
                       {}};
  auto next = resuming ? load_key(next_file, false) : write_new_key_file(next_file);
  if (!next) return next.error();

  const auto rewrapped = rotate_master_key(store, *current, *next);
  if (!rewrapped) return rewrapped.error();
  if (auto renamed = replace_key_file(next_file, key_file); !renamed) return renamed.error();
  return MasterKeyRotation{*rewrapped,
                           store.generation_with_check(master_key_check(*next)).value_or(0)};
}

}  // namespace zvhpga::crypto
