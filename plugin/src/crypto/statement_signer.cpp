#include "crypto/statement_signer.h"

#include <openssl/err.h>
#include <openssl/pem.h>
// After pem.h: cms.h declares PEM_write_bio_CMS only when pem.h came first.
#include <openssl/cms.h>
#include <openssl/x509.h>

#include "crypto/openssl_handles.h"
#include "files/bounded_file.h"

namespace zvhpga::crypto {
namespace {

// A certificate with its chain, or a key, is a few kilobytes; anything far larger is not one.
constexpr std::size_t kMaxPemBytes = std::size_t{256} * 1024;

core::Error bad_file(const std::filesystem::path& file, std::string_view what) {
  ERR_clear_error();
  return core::configuration_error("The statement signing file " + file.string() + " " +
                                   std::string(what) + ".");
}

BioHandle memory_of(const std::string& bytes) {
  return BioHandle(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

}  // namespace

core::Result<StatementSigner> StatementSigner::load(const std::filesystem::path& certificate_file,
                                                    const std::filesystem::path& key_file) {
  auto certificate_pem =
      files::read_bounded_file(certificate_file, {"statement signing certificate", kMaxPemBytes});
  if (!certificate_pem) return certificate_pem.error();
  // Read as the TLS keys are (adapters/soap/tls.cpp): the installer may give the service's
  // group read access to a key that root owns.
  auto key_pem = files::read_bounded_file(key_file, {"statement signing key", kMaxPemBytes});
  if (!key_pem) return key_pem.error();

  const BioHandle certificates = memory_of(certificate_pem.value());
  const BioHandle key_bytes = memory_of(key_pem.value());
  if (!certificates || !key_bytes) return bad_file(certificate_file, "cannot be read");
  std::shared_ptr<X509> certificate(
      PEM_read_bio_X509(certificates.get(), nullptr, nullptr, nullptr), OpenSslFree{});
  if (!certificate)
    return bad_file(certificate_file, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  std::shared_ptr<STACK_OF(X509)> intermediates(sk_X509_new_null(), OpenSslFree{});
  if (!intermediates) return bad_file(certificate_file, "cannot be read");
  while (X509Handle next{PEM_read_bio_X509(certificates.get(), nullptr, nullptr, nullptr)}) {
    if (sk_X509_push(intermediates.get(), next.get()) == 0)
      return bad_file(certificate_file, "cannot be read");
    static_cast<void>(next.release());  // owned by the stack now
  }
  ERR_clear_error();  // the end of the file reads as an error
  std::shared_ptr<EVP_PKEY> key(
      PEM_read_bio_PrivateKey(key_bytes.get(), nullptr, nullptr, nullptr), OpenSslFree{});
  OPENSSL_cleanse(key_pem.value().data(), key_pem.value().size());
  if (!key) return bad_file(key_file, "holds no unencrypted PEM private key");
  if (X509_check_private_key(certificate.get(), key.get()) != 1)
    return bad_file(key_file, "holds a key that does not belong to the certificate " +
                                  certificate_file.string());
  // openssl cms -verify checks the signer for S/MIME signing: a TLS-only certificate (extended
  // key usage serverAuth or clientAuth) would give signatures nobody can verify.
  if (X509_check_purpose(certificate.get(), X509_PURPOSE_SMIME_SIGN, 0) != 1)
    return bad_file(certificate_file,
                    "holds a certificate not meant for signing documents (its key usage or "
                    "extended key usage excludes it); openssl cms -verify would refuse the "
                    "signatures");
  return StatementSigner(std::move(certificate), std::move(key), std::move(intermediates));
}

core::Result<std::string> StatementSigner::sign(std::string_view content) const {
  const BioHandle input(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
  // BINARY: the bytes are signed as they are, no MIME canonicalisation of line ends, so the
  // signature covers exactly the file on disk.
  const CmsHandle signed_data(
      input ? CMS_sign(certificate_.get(), key_.get(), intermediates_.get(), input.get(),
                       CMS_DETACHED | CMS_BINARY)
            : nullptr);
  const BioHandle output(BIO_new(BIO_s_mem()));
  if (!signed_data || !output || PEM_write_bio_CMS(output.get(), signed_data.get()) != 1) {
    ERR_clear_error();
    return core::Error{core::ErrorCode::Internal,
                       "OpenSSL could not sign the statement of destruction.", {}};
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(output.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::filesystem::path signature_file(const std::filesystem::path& statement_file) {
  return statement_file.string() + ".p7s";
}

}  // namespace zvhpga::crypto
