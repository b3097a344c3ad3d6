#include "tls_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>

#include <array>
#include <utility>

namespace zvhpga::e2e {
namespace {

void set_timeouts(int socket, std::chrono::milliseconds timeout) {
  timeval value{};
  value.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  value.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &value, sizeof value);
  setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &value, sizeof value);
}

int connect_loopback(std::uint16_t port, std::chrono::milliseconds timeout) {
  const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
  if (socket < 0) return -1;
  set_timeouts(socket, timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(socket, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(socket);
    return -1;
  }
  return socket;
}

}  // namespace

std::optional<TlsConnection> TlsConnection::open(std::uint16_t port, const std::string& trust_store,
                                                 const TlsOptions& options,
                                                 std::chrono::milliseconds timeout) {
  std::unique_ptr<SSL_CTX, SslContextDeleter> context(SSL_CTX_new(TLS_client_method()));
  if (!context) return std::nullopt;
  if (options.allow_legacy) SSL_CTX_set_security_level(context.get(), 0);
  SSL_CTX_set_min_proto_version(context.get(), 0);
  SSL_CTX_set_max_proto_version(context.get(), options.max_version);
  if (!options.tls12_ciphers.empty()) SSL_CTX_set_cipher_list(context.get(), options.tls12_ciphers.c_str());
  SSL_CTX_load_verify_locations(context.get(), trust_store.c_str(), nullptr);
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_PEER, nullptr);
  if (!options.certificate.empty() &&
      (SSL_CTX_use_certificate_chain_file(context.get(), options.certificate.c_str()) != 1 ||
       SSL_CTX_use_PrivateKey_file(context.get(), options.private_key.c_str(), SSL_FILETYPE_PEM) != 1))
    return std::nullopt;

  const int socket = connect_loopback(port, timeout);
  if (socket < 0) return std::nullopt;
  std::unique_ptr<SSL, SslDeleter> ssl(SSL_new(context.get()));
  SSL_set_fd(ssl.get(), socket);
  SSL_set1_host(ssl.get(), "localhost");
  TlsConnection connection(socket, std::move(context), std::move(ssl));
  if (SSL_connect(connection.ssl_.get()) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  return connection;
}

TlsConnection::TlsConnection(int socket, std::unique_ptr<SSL_CTX, SslContextDeleter> context,
                             std::unique_ptr<SSL, SslDeleter> ssl)
    : socket_(socket), context_(std::move(context)), ssl_(std::move(ssl)) {}

TlsConnection::TlsConnection(TlsConnection&& other) noexcept
    : socket_(std::exchange(other.socket_, -1)),
      context_(std::move(other.context_)),
      ssl_(std::move(other.ssl_)),
      pending_(std::move(other.pending_)) {}

TlsConnection::~TlsConnection() {
  ssl_.reset();
  if (socket_ >= 0) ::close(socket_);
}

bool TlsConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const int written = SSL_write(ssl_.get(), bytes.data(), static_cast<int>(bytes.size()));
    if (written <= 0) {
      ERR_clear_error();
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

std::optional<HttpResponse> TlsConnection::receive() {
  std::array<char, 16384> chunk{};
  auto read_more = [&]() {
    const int got = SSL_read(ssl_.get(), chunk.data(), static_cast<int>(chunk.size()));
    if (got <= 0) {
      ERR_clear_error();
      return false;
    }
    pending_.append(chunk.data(), static_cast<std::size_t>(got));
    return true;
  };
  std::size_t header_end = std::string::npos;
  while ((header_end = pending_.find("\r\n\r\n")) == std::string::npos)
    if (!read_more()) return std::nullopt;
  HttpResponse response;
  response.headers = pending_.substr(0, header_end);
  if (response.headers.size() < 12) return std::nullopt;
  response.status = std::stoi(response.headers.substr(9, 3));
  std::size_t length = 0;
  for (std::string_view name : {"Content-Length: ", "content-length: "})
    if (const auto at = response.headers.find(name); at != std::string::npos)
      length = std::stoul(response.headers.substr(at + name.size()));
  const std::size_t body_start = header_end + 4;
  while (pending_.size() < body_start + length)
    if (!read_more()) return std::nullopt;
  response.body = pending_.substr(body_start, length);
  pending_.erase(0, body_start + length);
  return response;
}

bool TlsConnection::closed_by_server() {
  std::array<char, 256> chunk{};
  const int got = SSL_read(ssl_.get(), chunk.data(), static_cast<int>(chunk.size()));
  const int error = SSL_get_error(ssl_.get(), got);
  ERR_clear_error();
  if (got > 0) return false;
  // A receive timeout shows as a system call error with EAGAIN: the server kept it open.
  return !(error == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK));
}

std::string soap_post(std::string_view envelope, std::string_view soap_action,
                      std::string_view content_type) {
  std::string request = "POST /zvh-pga HTTP/1.1\r\nHost: localhost\r\nContent-Type: ";
  request += content_type;
  request += "\r\nSOAPAction: ";
  request += soap_action;
  request += "\r\nContent-Length: " + std::to_string(envelope.size()) + "\r\n\r\n";
  request += envelope;
  return request;
}

}  // namespace zvhpga::e2e
