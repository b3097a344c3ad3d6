#pragma once
// The ZVH's signature on a statement of destruction (Archiefbesluit art. 8): a detached CMS
// (PKCS#7) SignedData, PEM, over the statement's exact bytes, with the signer's certificate
// and its intermediates inside, so that an archive inspector, another partner or a court
// verifies it with `openssl cms -verify -binary` and the issuing CA, without zvh-pga. The
// plugin's own HMAC seal (service/retention_sweep.h) stays beside it.
#include <openssl/x509.h>  // STACK_OF(X509) named at global scope, not declared anew here

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace zvhpga::crypto {

class StatementSigner {
 public:
  // Reads the certificate file (the signer's certificate first, intermediates after it) and
  // its private key. An InvalidConfiguration error names the file and what is wrong: missing,
  // unreadable, no certificate or key in it, a key that does not belong to the certificate, or
  // a certificate whose key usage excludes signing documents.
  static core::Result<StatementSigner> load(const std::filesystem::path& certificate_file,
                                             const std::filesystem::path& key_file);

  // The detached signature over `content`, PEM ("-----BEGIN CMS-----"). Fails (Internal) only
  // when OpenSSL cannot sign.
  core::Result<std::string> sign(std::string_view content) const;

  // The signer's certificate, for the doctor's look at its validity.
  const X509& certificate() const { return *certificate_; }

 private:
  StatementSigner(std::shared_ptr<X509> certificate, std::shared_ptr<EVP_PKEY> key,
                  std::shared_ptr<STACK_OF(X509)> intermediates)
      : certificate_(std::move(certificate)),
        key_(std::move(key)),
        intermediates_(std::move(intermediates)) {}
  // Shared and never changed after loading, so one signer serves every sweep.
  std::shared_ptr<X509> certificate_;
  std::shared_ptr<EVP_PKEY> key_;
  std::shared_ptr<STACK_OF(X509)> intermediates_;
};

// Where the signature of a statement file lives: beside it, with ".p7s" appended.
std::filesystem::path signature_file(const std::filesystem::path& statement_file);

}  // namespace zvhpga::crypto
