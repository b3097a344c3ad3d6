#include "soap/tls.h"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>

#include "crypto/openssl_handles.h"

namespace zvhpga::soap {
namespace {

// NCSC "goed": ECDHE only (forward secrecy), AEAD only.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256";
constexpr const char* kTls13Ciphers =
    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";
// Elliptic curves only: OpenSSL 3 would otherwise also offer finite-field groups in TLS 1.3.
constexpr const char* kGroups = "X25519:P-256:P-384";
// PKIoverheid chains are four deep (root, domain, TSP, holder); leave room.
constexpr int kVerifyDepth = 6;
constexpr std::size_t kOinLength = 20;

core::Error unusable(const std::filesystem::path& file, const char* what) {
  ERR_clear_error();  // OpenSSL's queue is per thread; leave it clean for the host
  return {core::ErrorCode::InvalidConfiguration,
          std::string("Cannot use ") + what + " " + file.string() + " for TLS.", {}};
}

}  // namespace

core::Status apply_tls_policy(SSL_CTX& context, const config::TlsFiles& files, TlsRole role) {
  SSL_CTX_set_min_proto_version(&context, TLS1_2_VERSION);
  SSL_CTX_set_max_proto_version(&context, TLS1_3_VERSION);
  SSL_CTX_set_options(&context, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                    SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_TICKET);
  // No session resumption: every connection authenticates afresh, and a TLS session lives no
  // longer than its connection (WT008), which the idle timeout bounds.
  SSL_CTX_set_session_cache_mode(&context, SSL_SESS_CACHE_OFF);
  if (SSL_CTX_set_cipher_list(&context, kTls12Ciphers) != 1 ||
      SSL_CTX_set_ciphersuites(&context, kTls13Ciphers) != 1 ||
      SSL_CTX_set1_groups_list(&context, kGroups) != 1) {
    ERR_clear_error();
    return core::Error{core::ErrorCode::Internal, "This OpenSSL lacks the required TLS suites.", {}};
  }

  if (SSL_CTX_use_certificate_chain_file(&context, files.certificate.c_str()) != 1)
    return unusable(files.certificate, "the certificate");
  if (SSL_CTX_use_PrivateKey_file(&context, files.private_key.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(&context) != 1)
    return unusable(files.private_key, "the private key");
  if (SSL_CTX_load_verify_locations(&context, files.trust_store.c_str(), nullptr) != 1)
    return unusable(files.trust_store, "the trust store");
  if (files.crl) {
    X509_STORE* store = SSL_CTX_get_cert_store(&context);
    X509_LOOKUP* lookup = X509_STORE_add_lookup(store, X509_LOOKUP_file());
    if (lookup == nullptr || X509_load_crl_file(lookup, files.crl->c_str(), X509_FILETYPE_PEM) < 1)
      return unusable(*files.crl, "the CRL");
    X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
  }

  if (role == TlsRole::Server) {
    // Tells clients which CAs are trusted, so that one with several certificates picks right.
    if (STACK_OF(X509_NAME)* authorities = SSL_load_client_CA_file(files.trust_store.c_str()))
      SSL_CTX_set_client_CA_list(&context, authorities);  // takes ownership
    SSL_CTX_set_verify(&context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  } else {
    SSL_CTX_set_verify(&context, SSL_VERIFY_PEER, nullptr);
  }
  SSL_CTX_set_verify_depth(&context, kVerifyDepth);
  return core::Done{};
}

std::optional<std::string> certificate_oin(const X509& certificate) {
  const X509_NAME* subject = X509_get_subject_name(&certificate);
  const int at = X509_NAME_get_index_by_NID(subject, NID_serialNumber, -1);
  // Two serialNumber attributes would make the organisation ambiguous.
  if (at < 0 || X509_NAME_get_index_by_NID(subject, NID_serialNumber, at) >= 0) return std::nullopt;

  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, at)));
  const crypto::OpenSslBytes owned(utf8);
  if (length < 0 || static_cast<std::size_t>(length) != kOinLength) return std::nullopt;
  std::string oin(reinterpret_cast<const char*>(owned.get()), kOinLength);
  if (!std::all_of(oin.begin(), oin.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return oin;
}

std::optional<std::string> peer_oin(const SSL& connection) {
  const crypto::X509Handle certificate(SSL_get1_peer_certificate(&connection));
  if (!certificate || SSL_get_verify_result(&connection) != X509_V_OK) return std::nullopt;
  return certificate_oin(*certificate);
}

std::optional<std::string> own_oin(const SSL_CTX& context) {
  const X509* certificate = SSL_CTX_get0_certificate(&context);
  if (certificate == nullptr) return std::nullopt;
  return certificate_oin(*certificate);
}

}  // namespace zvhpga::soap
