#include "crypto/signal_keys.h"

#include "crypto/aead.h"
#include "crypto/hex.h"
#include "crypto/key_file.h"
#include "ports/store.h"

namespace zvhpga::crypto {
namespace {

std::string wrapping_context(int generation, std::string_view signal_id) {
  return "zvh-pga signal data key v1|" + std::to_string(generation) + "|" +
         std::string(signal_id);
}

}  // namespace

std::string master_key_check(const Key& master_key) {
  return hmac_sha256_hex(master_key, "zvh-pga signal master key check v1");
}

std::string wrap_data_key(const Key& master_key, int generation, std::string_view signal_id,
                          const Key& data_key) {
  return seal(master_key, to_hex(data_key), wrapping_context(generation, signal_id));
}

std::optional<Key> unwrap_data_key(const Key& master_key, const ports::WrappedKey& wrapped) {
  const auto hex = open(master_key, wrapped.wrapped,
                        wrapping_context(wrapped.generation, wrapped.signal_id));
  if (!hex) return std::nullopt;
  return from_hex(*hex);
}

core::Result<SignalKeys> SignalKeys::open(ports::KeyStore& store, Key master_key) {
  const std::string check = master_key_check(master_key);
  if (const auto generation = store.generation_with_check(check))
    return SignalKeys(store, std::move(master_key), *generation);
  if (store.newest_generation())
    return core::Error{core::ErrorCode::InvalidConfiguration,
                       "The signal master key file does not belong to this key store: it holds "
                       "keys wrapped by another master key. Restore the right key file.",
                       {}};
  store.add_generation(1, check);
  return SignalKeys(store, std::move(master_key), 1);
}

SignalKeys::SignalKeys(ports::KeyStore& store, Key master_key, int generation)
    : store_(&store), master_key_(std::move(master_key)), generation_(generation) {}

Key SignalKeys::create(std::string_view signal_id) {
  Key data_key = random_key();
  store_->insert({std::string(signal_id), generation_,
                  wrap_data_key(master_key_, generation_, signal_id, data_key)});
  return data_key;
}

std::optional<Key> SignalKeys::find(std::string_view signal_id) {
  const auto wrapped = store_->find(signal_id);
  if (!wrapped) return std::nullopt;
  if (wrapped->generation != generation_)
    throw ports::StoreFailure("the data key of signal " + std::string(signal_id) +
                                    " is wrapped by master key generation " +
                                    std::to_string(wrapped->generation) +
                                    ", not the one this instance opened with: the master "
                                    "key was rotated; finish the rotation and restart this "
                                    "instance",
                                "HY000", false);
  auto key = unwrap_data_key(master_key_, *wrapped);
  if (!key || key->size() != kKeyBytes)
    throw ports::StoreFailure("the data key of signal " + std::string(signal_id) +
                                    " does not open with the master key: the key store was "
                                    "changed or belongs to another master key",
                                "HY000", false);
  return key;
}

void SignalKeys::destroy(std::string_view signal_id) { store_->erase(signal_id); }

core::Result<std::size_t> rotate_master_key(ports::KeyStore& store, const Key& current,
                                            const Key& next) {
  const auto from = store.generation_with_check(master_key_check(current));
  auto to = store.generation_with_check(master_key_check(next));
  // Killed after retiring the old generation: nothing is left to rewrap.
  if (!from && to) return std::size_t{0};
  if (!from)
    return core::Error{core::ErrorCode::InvalidConfiguration,
                       "The current signal master key does not belong to this key store.",
                       {}};
  if (!to) {
    to = store.newest_generation().value_or(0) + 1;
    store.add_generation(*to, master_key_check(next));
  }
  constexpr std::size_t kBatch = 256;
  std::size_t rewrapped = 0;
  for (auto batch = store.keys_of_generation(*from, kBatch); !batch.empty();
       batch = store.keys_of_generation(*from, kBatch)) {
    for (const auto& wrapped : batch) {
      const auto data_key = unwrap_data_key(current, wrapped);
      if (!data_key)
        return core::Error{core::ErrorCode::InvalidConfiguration,
                           "The data key of signal " + wrapped.signal_id +
                               " does not open with the current master key; the key store was "
                               "changed. Nothing more was rewrapped.",
                           {}};
      store.rewrap({wrapped.signal_id, *to, wrap_data_key(next, *to, wrapped.signal_id, *data_key)},
                   *from);
      ++rewrapped;
    }
  }
  store.retire_generation(*from);
  return rewrapped;
}

}  // namespace zvhpga::crypto
