#pragma once
// The host-client port (ports/host_calls.h) as a Digikoppeling WUS client, with which the plugin
// calls its host platform's web service (docs/soap.md, "Calling the host"): HTTPS with mutual
// TLS under the same policy as the server (tls.h), the host's certificate verified against the
// configured trust store and its name against the URL's host; SOAP 1.1 with WS-Addressing. A
// call that fails transiently is repeated with backoff and the same wsa:MessageID, so the host
// recognises it. Asio and Beast stay inside host_client.cpp.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "config/configuration.h"
#include "core/result.h"
#include "ports/host_calls.h"

namespace zvhpga::soap {

class HostClient final : public ports::HostClient {
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
  ports::CallResult call(const ports::HostCall& call) noexcept override;

  // The host part of the URL, as audit records name the other side.
  const std::string& host() const override;

  struct Endpoint;

 private:
  explicit HostClient(std::unique_ptr<Endpoint> endpoint);
  std::unique_ptr<Endpoint> endpoint_;
};

// Pause that really waits.
void sleep_for(std::chrono::milliseconds duration);

}  // namespace zvhpga::soap
