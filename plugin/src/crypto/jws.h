#pragma once
// Compact JWS (RFC 7515) signed with ES256 (RFC 7518 §3.4), verified with OpenSSL: how a
// partner's identity provider vouches for the user and role of one request
// (docs/configuration.md, "User assertions"). Only ES256 with the key configured for the partner
// is accepted; the header cannot choose another algorithm or key.
#include <openssl/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace zvhpga::crypto {

// An identity provider's EC P-256 public key. Shared and never changed after loading, so one
// key serves every thread.
class Es256PublicKey {
 public:
  // Reads a PEM "PUBLIC KEY" file; an InvalidConfiguration error names the file and what is
  // wrong with it (missing, unreadable, no public key, not P-256).
  static core::Result<Es256PublicKey> load(const std::filesystem::path& pem_file);

  // Whether signature, R||S of 32 bytes each, signs `signing_input` under this key.
  bool verifies(std::string_view signing_input, std::string_view signature) const;

 private:
  explicit Es256PublicKey(std::shared_ptr<EVP_PKEY> key) : key_(std::move(key)) {}
  std::shared_ptr<EVP_PKEY> key_;
};

// The payload of `token` once its header says exactly ES256 and its signature verifies under
// `key`. A NotAuthorized error says which of those failed, never what the token held.
core::Result<std::string> verify_compact_jws(std::string_view token, const Es256PublicKey& key);

}  // namespace zvhpga::crypto
