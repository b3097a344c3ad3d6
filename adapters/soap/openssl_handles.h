#pragma once
// Owning handles for the OpenSSL objects this adapter creates, so that every path frees them.
#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>

namespace zvhpga::soap {

struct OpenSslFree {
  void operator()(X509* certificate) const { X509_free(certificate); }
  void operator()(X509_STORE* store) const { X509_STORE_free(store); }
  void operator()(X509_STORE_CTX* context) const { X509_STORE_CTX_free(context); }
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
  void operator()(ASN1_TIME* time) const { ASN1_TIME_free(time); }
  void operator()(unsigned char* bytes) const { OPENSSL_free(bytes); }
};

using X509Handle = std::unique_ptr<X509, OpenSslFree>;
using X509StoreHandle = std::unique_ptr<X509_STORE, OpenSslFree>;
using X509StoreContextHandle = std::unique_ptr<X509_STORE_CTX, OpenSslFree>;
using SslContextHandle = std::unique_ptr<SSL_CTX, OpenSslFree>;
using Asn1TimeHandle = std::unique_ptr<ASN1_TIME, OpenSslFree>;
using OpenSslBytes = std::unique_ptr<unsigned char, OpenSslFree>;

}  // namespace zvhpga::soap
