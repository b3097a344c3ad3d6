#pragma once
// The wrapped per-signal data keys, kept in a database of their own and never in the store, so
// that a copy of the store holds ciphertext only (docs/crypto-shredding.md). Every call is
// durable when it returns: a signal's key must exist before the signal is written, and a
// destroyed key must stay destroyed whatever happens next.
#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zvhpga::ports {

struct WrappedKey {
  std::string signal_id;
  int generation = 0;    // the master key generation that wrapped it
  std::string wrapped;   // crypto::seal() of the data key under that master key
};

class KeyStore {
 public:
  virtual ~KeyStore() = default;

  virtual void insert(const WrappedKey& key) = 0;
  virtual std::optional<WrappedKey> find(std::string_view signal_id) = 0;
  // Removes the keys in one transaction, overwriting their bytes where the database can; an
  // unknown id is no error.
  virtual void erase_all(std::span<const std::string> signal_ids) = 0;
  void erase(std::string_view signal_id) {
    const std::array<std::string, 1> one{std::string(signal_id)};
    erase_all(one);
  }
  // Every signal id that has a key (orphan clean-up after a crash).
  virtual std::vector<std::string> signal_ids() = 0;

  // Master key generations, each known by a check value derived from its key (never the key).
  virtual std::optional<int> generation_with_check(std::string_view check) = 0;
  virtual std::optional<int> newest_generation() = 0;
  virtual void add_generation(int generation, std::string_view check) = 0;
  virtual void retire_generation(int generation) = 0;
  // Rotation: up to `limit` keys wrapped by `generation`, and one key rewrapped, only if it is
  // still of `from_generation` (a rerun after a kill finds it done).
  virtual std::vector<WrappedKey> keys_of_generation(int generation, std::size_t limit) = 0;
  virtual void rewrap(const WrappedKey& key, int from_generation) = 0;
};

}  // namespace zvhpga::ports
