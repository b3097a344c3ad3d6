#pragma once
// The TLS policy of Digikoppeling (interop.md R-DK-03..05) on OpenSSL's own types, so that no
// Asio header is needed to use it: TLS 1.2 and 1.3 only, ECDHE with AES-GCM or
// ChaCha20-Poly1305 only, no compression, no renegotiation, mutual authentication against a
// configured trust store and, when configured, a CRL.
#include <openssl/ssl.h>

#include <optional>
#include <string>

#include "config/configuration.h"
#include "core/result.h"

namespace zvhpga::soap {

enum class TlsRole { Server, Client };

// Loads this side's certificate chain and key and the trust store (and CRL) into context and
// applies the policy. The server requires a client certificate; the client verifies the
// server's. Errors: InvalidConfiguration, naming the file that could not be used.
core::Status apply_tls_policy(SSL_CTX& context, const config::TlsFiles& files, TlsRole role);

// The OIN in a certificate's subject serialNumber attribute (OID 2.5.4.5; not the
// certificate's serial number), as PKIoverheid puts it there: exactly one such attribute of
// exactly 20 digits, else nothing.
std::optional<std::string> certificate_oin(const X509& certificate);

// The OIN of the peer's certificate, if that certificate was verified.
std::optional<std::string> peer_oin(const SSL& connection);

// The OIN of this side's own certificate in context, once apply_tls_policy loaded it.
std::optional<std::string> own_oin(const SSL_CTX& context);

}  // namespace zvhpga::soap
