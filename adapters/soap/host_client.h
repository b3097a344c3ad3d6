#pragma once
// The Digikoppeling WUS client the plugin calls its host platform's web service with
// (docs/soap.md, "Calling the host"): HTTPS with mutual TLS under the same policy as the server
// (tls.h), the host's certificate verified against the configured trust store and its name
// against the URL's host; SOAP 1.1 with WS-Addressing. A call that fails transiently is
// repeated with backoff and the same wsa:MessageID, so the host recognises it. Asio and Beast
// stay inside host_client.cpp.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "config/configuration.h"
#include "core/result.h"

namespace zvhpga::soap {

struct HostCall {
  std::string_view action;      // wsa:Action
  std::string_view message_id;  // wsa:MessageID, the same on every repetition
  std::string_view body_element;  // the Body child, an element without XML declaration
};

// Why a call failed: a stable code and a fixed sentence, neither with anything the host or a
// library said, so both may be stored and shown.
struct CallFailure {
  std::string code;
  std::string message;
  bool transient = false;  // worth repeating with the same MessageID
};

// The acknowledged call: the answer's Body child as a document of its own.
using CallResult = std::variant<std::string, CallFailure>;

class HostClient {
 public:
  // Waits between repetitions; tests pass one that only records, so they never wait.
  using Pause = std::function<void(std::chrono::milliseconds)>;

  // Errors: InvalidConfiguration (URL, TLS files).
  static core::Result<std::unique_ptr<HostClient>> create(const config::HostEndpoint& endpoint,
                                                          Pause pause);
  ~HostClient();
  HostClient(const HostClient&) = delete;
  HostClient& operator=(const HostClient&) = delete;

  // At most endpoint.call_attempts calls, pausing call_backoff, then twice that, ... between
  // them, for as long as the failure is transient. Never throws.
  CallResult call(const HostCall& call) noexcept;

  // The host part of the URL, as audit records name the other side.
  const std::string& host() const;

  struct Endpoint;

 private:
  explicit HostClient(std::unique_ptr<Endpoint> endpoint);
  std::unique_ptr<Endpoint> endpoint_;
};

// Pause that really waits.
void sleep_for(std::chrono::milliseconds duration);

}  // namespace zvhpga::soap
