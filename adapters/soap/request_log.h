#pragma once
// The service's request log (docs/administrator-guide.md, "Logs"): one line on stderr, for
// journald, per request and per refusal, also those refused before the pipeline. A line holds
// only what the service itself chose or checked - times, ids, codes, the partner's OIN - and
// never a document, a name, a number from a document or a sentence: whatever a caller sent
// that is not of the expected form is logged as "other".
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/configuration.h"
#include "core/access_policy.h"
#include "core/error.h"
#include "soap/fault.h"

namespace zvhpga::soap {

// What one exchange came to, as SoapEndpoint knows it.
struct ExchangeFacts {
  std::string message_id;  // the caller's wsa:MessageID, as sent; logged only when a UUID
  std::optional<core::Operation> operation;
  std::string trace_id;  // the audit record's, when the pipeline handled the request
  std::optional<FaultCode> fault;
  std::optional<core::ErrorCode> error;  // the plugin's code behind a domain fault
};

// One request as the server saw it.
struct LoggedRequest {
  std::string_view partner_oin;  // empty: no certificate OIN the partner table knows
  unsigned http_status = 0;
  const ExchangeFacts& facts;  // empty for a request refused before its envelope was read
  std::chrono::steady_clock::duration duration;
};

// What the service runs with, for the start-up line: no connection string, key or path.
struct ServiceSummary {
  std::string listen_address;
  std::uint16_t port = 0;
  std::string store_kind;
  std::string catalogue_version;
  std::string policy_version;
  std::vector<std::string> partners;  // "id=OIN"
  std::string monitoring;  // "address:port" of health and metrics; empty: none
};

class RequestLog {
 public:
  explicit RequestLog(config::LogLevel level) : level_(level) {}

  void started(const ServiceSummary& summary) const;
  void stopped() const;
  void request(const LoggedRequest& request) const;
  // A TLS handshake on the service's address that failed: a refusal, with its reason from the
  // fixed list of soap::HandshakeFailure.
  void handshake_failure(std::string_view reason) const;

  // The line request() writes, without its time: what the tests hold against the rules above.
  static std::string request_line(const LoggedRequest& request);

 private:
  config::LogLevel level_;
};

}  // namespace zvhpga::soap
