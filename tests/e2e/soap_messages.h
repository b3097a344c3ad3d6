#pragma once
// What the web service's end-to-end tests send: the test configuration, SOAP messages and the
// contract's example documents as a partner's system would fill them in.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace zvhpga::e2e {

inline constexpr std::string_view kActionPrefix = "urn:nl:zvh-pga:contract:1/";
inline constexpr std::string_view kExampleSignalId = "0b7c6f52-3d1e-4c8a-9f4e-2a6d5b1c7e90";

std::string read_file(const std::filesystem::path& file);
// The text between the first `open` and the `close` after it; empty if either is missing.
std::string between(std::string_view text, std::string_view open, std::string_view close);

// The test configuration's limits/maxRequestBytes: below soap/limits/maxBodyBytes (1 MiB), so
// that a Body child can be over it in an envelope the HTTP layer accepts.
inline constexpr std::size_t kMaxRequestBytes = 64 * 1024;

// The test configuration's soap/limits/workerThreads.
inline constexpr int kWorkerThreads = 2;

struct ServiceOptions {
  bool check_revocation = false;
  // How long a request waits for the store's write lock.
  int store_timeout_ms = 300;
  // soap/limits/ioThreads; the default when not set.
  std::optional<int> io_threads = std::nullopt;
  // soap/limits/handshakeTimeoutMs, maxHandshakes, maxHandshakesPerAddress; the defaults when
  // not set.
  std::optional<int> handshake_timeout_ms = std::nullopt;
  std::optional<int> max_handshakes = std::nullopt;
  std::optional<int> max_handshakes_per_address = std::nullopt;
  // soap/logLevel (off, warning, info); the default when not set.
  std::optional<std::string> log_level = std::nullopt;
  // soap/publicAddress; the default (the listen address and port) when not set.
  std::optional<std::string> public_address = std::nullopt;
  // The gemeente's assertionKey, with userAssertions for kServiceOin; none when not set.
  std::optional<std::filesystem::path> gemeente_assertion_key = std::nullopt;
  // Elements added to gemeente-utrecht's partner entry, e.g. an <extraRole> that widens it.
  std::string gemeente_roles = {};
  // soap/monitoring on 127.0.0.1 at this port; none when not set.
  std::optional<int> monitoring_port = std::nullopt;
  // The web service's certificate and key, by name in the PKI; "server" when not set.
  std::string server_certificate = "server";
};

// The service's own OIN: its certificate's, and the audience of the user assertions.
inline constexpr std::string_view kServiceOin = "00000099823288444000";

// A configuration with the store in `data`, the development partners, and the web service on
// an ephemeral port with the PKI in `pki` and short limits, so that the tests about them are
// quick.
std::string configuration(const std::filesystem::path& data, const std::filesystem::path& pki,
                          const ServiceOptions& options = {});

// A MessageID no other message of this process has: a MessageID used again names a retry
// (docs/soap.md, "Retried messages").
std::string fresh_message_id();

struct Message {
  std::string to = "https://localhost/zvh-pga?OIN=00000099823288444000";
  std::string action;
  std::string message_id = fresh_message_id();
  std::string extra_headers;
  std::string body;

  std::string envelope() const;
};

// The request document of an operation: an example with the signal and the requestedBy set.
std::string request_document(std::string_view example, std::string_view user, std::string_view role,
                             std::string_view signal_id = kExampleSignalId);
// The same with a user assertion (a compact JWS) in requestedBy after the user and role.
std::string asserted_request_document(std::string_view example, std::string_view user,
                                      std::string_view role, std::string_view assertion,
                                      std::string_view signal_id = kExampleSignalId);

Message operation(std::string_view name, std::string body);

}  // namespace zvhpga::e2e
