#pragma once
// Owning handles for every OpenSSL object zvh-pga creates, so that every path frees it: the
// MAC, cipher and digest contexts and the assertion keys and signatures of crypto/, and the
// certificates, stores and TLS contexts of the SOAP adapter and the doctor, and the CMS
// signatures of the statements of destruction. One home, so a new
// handle is added here and nowhere else. The deleters are inline and used only where a handle
// is, so a user of the MAC handles alone links no libssl.
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
// pem.h before cms.h, which declares its PEM functions only when pem.h came first.
#include <openssl/pem.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>

namespace zvhpga::crypto {

struct OpenSslFree {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
  void operator()(EVP_MD* digest) const { EVP_MD_free(digest); }
  void operator()(EVP_CIPHER* cipher) const { EVP_CIPHER_free(cipher); }
  void operator()(EVP_MAC_CTX* context) const { EVP_MAC_CTX_free(context); }
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  void operator()(ECDSA_SIG* signature) const { ECDSA_SIG_free(signature); }
  void operator()(BIGNUM* number) const { BN_free(number); }
  void operator()(BIO* bio) const { BIO_free(bio); }
  void operator()(X509* certificate) const { X509_free(certificate); }
  void operator()(X509_STORE* store) const { X509_STORE_free(store); }
  void operator()(X509_STORE_CTX* context) const { X509_STORE_CTX_free(context); }
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
  void operator()(ASN1_TIME* time) const { ASN1_TIME_free(time); }
  void operator()(CMS_ContentInfo* content) const { CMS_ContentInfo_free(content); }
  // A stack of certificates owns them: each is freed with it.
  void operator()(STACK_OF(X509)* certificates) const { sk_X509_pop_free(certificates, X509_free); }
  // Bytes OpenSSL allocated for the caller (ASN1_STRING_to_UTF8, ...).
  void operator()(unsigned char* bytes) const { OPENSSL_free(bytes); }
};

using MacHandle = std::unique_ptr<EVP_MAC, OpenSslFree>;
using DigestHandle = std::unique_ptr<EVP_MD, OpenSslFree>;
using CipherHandle = std::unique_ptr<EVP_CIPHER, OpenSslFree>;
using MacContextHandle = std::unique_ptr<EVP_MAC_CTX, OpenSslFree>;
using CipherContextHandle = std::unique_ptr<EVP_CIPHER_CTX, OpenSslFree>;
using DigestContextHandle = std::unique_ptr<EVP_MD_CTX, OpenSslFree>;
using PublicKeyHandle = std::unique_ptr<EVP_PKEY, OpenSslFree>;
using EcdsaSignatureHandle = std::unique_ptr<ECDSA_SIG, OpenSslFree>;
using BignumHandle = std::unique_ptr<BIGNUM, OpenSslFree>;
using BioHandle = std::unique_ptr<BIO, OpenSslFree>;
using X509Handle = std::unique_ptr<X509, OpenSslFree>;
using X509StoreHandle = std::unique_ptr<X509_STORE, OpenSslFree>;
using X509StoreContextHandle = std::unique_ptr<X509_STORE_CTX, OpenSslFree>;
using SslContextHandle = std::unique_ptr<SSL_CTX, OpenSslFree>;
using Asn1TimeHandle = std::unique_ptr<ASN1_TIME, OpenSslFree>;
using CmsHandle = std::unique_ptr<CMS_ContentInfo, OpenSslFree>;
using X509StackHandle = std::unique_ptr<STACK_OF(X509), OpenSslFree>;
using OpenSslBytes = std::unique_ptr<unsigned char, OpenSslFree>;

}  // namespace zvhpga::crypto
