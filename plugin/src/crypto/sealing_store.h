#pragma once
// A Store that keeps the personal fields of every signal encrypted at rest with the signal's
// own data key (crypto/signal_keys.h) and hands the service plaintext, so that neither the
// service nor the database adapter changes. docs/crypto-shredding.md lists the fields sealed.
#include <memory>

#include "crypto/signal_keys.h"
#include "ports/store.h"

namespace zvhpga::crypto {

class SealingStore final : public ports::Store {
 public:
  // Both must outlive the store.
  SealingStore(ports::Store& inner, SignalKeys& keys);

  std::unique_ptr<ports::StoreTransaction> begin(ports::TransactionMode mode) override;

 private:
  ports::Store& inner_;
  SignalKeys& keys_;
};

// The associated data of one sealed field: the signal, the record within it (empty for the
// signal's own fields) and the field, so no ciphertext can be moved to another place.
std::string field_context(std::string_view signal_id, std::string_view record_id,
                          std::string_view field);

}  // namespace zvhpga::crypto
