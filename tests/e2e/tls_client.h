#pragma once
// A deliberately plain HTTPS client for the end-to-end tests: blocking OpenSSL on a POSIX
// socket, so that a test controls every byte and every TLS setting (no certificate, an old
// protocol, a weak suite, a request sent one byte at a time). Every wait is bounded.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <openssl/ssl.h>

namespace zvhpga::e2e {

struct TlsOptions {
  std::string certificate;  // PEM file; empty: present no client certificate
  std::string private_key;
  int max_version = TLS1_3_VERSION;
  std::string tls12_ciphers;  // empty: OpenSSL's defaults
  bool allow_legacy = false;  // security level 0, so that TLS 1.1 can even be offered
};

struct HttpResponse {
  int status = 0;
  std::string headers;
  std::string body;
};

struct SslDeleter {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
struct SslContextDeleter {
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
};

class TlsConnection {
 public:
  // Connects to 127.0.0.1:port, trusting trust_store for the server; nothing if the TCP
  // connection or the TLS handshake fails.
  static std::optional<TlsConnection> open(std::uint16_t port, const std::string& trust_store,
                                           const TlsOptions& options,
                                           std::chrono::milliseconds timeout = std::chrono::seconds(10));
  TlsConnection(TlsConnection&& other) noexcept;
  TlsConnection& operator=(TlsConnection&&) = delete;
  TlsConnection(const TlsConnection&) = delete;
  TlsConnection& operator=(const TlsConnection&) = delete;
  ~TlsConnection();

  bool send(std::string_view bytes);
  // One HTTP/1.1 response with a Content-Length body; nothing if the server closed first.
  std::optional<HttpResponse> receive();
  // Whether the server closed the connection (read returns end or error before timeout).
  bool closed_by_server();

 private:
  TlsConnection(int socket, std::unique_ptr<SSL_CTX, SslContextDeleter> context,
                std::unique_ptr<SSL, SslDeleter> ssl);

  int socket_ = -1;
  std::unique_ptr<SSL_CTX, SslContextDeleter> context_;
  std::unique_ptr<SSL, SslDeleter> ssl_;
  std::string pending_;
};

// An HTTP POST of a SOAP message.
std::string soap_post(std::string_view envelope, std::string_view soap_action,
                      std::string_view content_type = "text/xml; charset=utf-8");

}  // namespace zvhpga::e2e
