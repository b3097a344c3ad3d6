#pragma once
// The per-signal data keys (docs/crypto-shredding.md): random 256-bit keys, each wrapped by the
// master key from a key file and kept in the KeyStore, outside the store. Destroying a key
// makes every personal field of its signal unreadable, in the store and in every copy of it.
#include <optional>
#include <string_view>

#include "core/result.h"
#include "crypto/hmac.h"
#include "ports/keys.h"

namespace zvhpga::crypto {

class SignalKeys {
 public:
  // Opens the key store with this master key. A key store that has never seen a master key
  // adopts it as generation 1; one that knows other keys but not this one is refused
  // (InvalidConfiguration): a wrong key file must not pass as an empty key store.
  static core::Result<SignalKeys> open(ports::KeyStore& store, Key master_key);

  // A new data key for the signal, durable in the key store when this returns, so it exists
  // before anything sealed with it is written.
  Key create(std::string_view signal_id);
  // The signal's data key; empty if it was destroyed (or never made). A wrapped key that does
  // not open with the master key is a StoreFailure, never a wrong key.
  std::optional<Key> find(std::string_view signal_id);
  // Destroys the signal's key: after this its records in the store, and in every copy of the
  // store, are ciphertext without a key. Idempotent. Retention calls this first, before it
  // deletes the records, so a crash in between leaves only unreadable rows a rerun deletes.
  void destroy(std::string_view signal_id);

  int generation() const { return generation_; }

 private:
  SignalKeys(ports::KeyStore& store, Key master_key, int generation);

  ports::KeyStore* store_;
  Key master_key_;
  int generation_;
};

// Rewraps every data key of the key store under `next`, retires the generation of `current`
// and returns how many keys it rewrapped. Resumable: run again with the same two keys after a
// kill, it finishes what is left (each rewrap is conditional on the key's generation). Once it
// returns, `current` no longer opens the key store; the caller then puts `next` in the place
// of the old key file. Refuses (InvalidConfiguration) keys the key store does not know.
core::Result<std::size_t> rotate_master_key(ports::KeyStore& store, const Key& current,
                                            const Key& next);

// Identifies a master key in the key store without revealing it.
std::string master_key_check(const Key& master_key);

// Wraps and unwraps a data key under a master key generation; the associated data binds the
// wrapped key to its signal and generation, so keys cannot be swapped between signals.
std::string wrap_data_key(const Key& master_key, int generation, std::string_view signal_id,
                          const Key& data_key);
std::optional<Key> unwrap_data_key(const Key& master_key, const ports::WrappedKey& wrapped);

}  // namespace zvhpga::crypto
