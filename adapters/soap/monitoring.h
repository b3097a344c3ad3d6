#pragma once
// Health and metrics for the administrator's monitoring (docs/administrator-guide.md, "Health
// and metrics"): plain HTTP on a loopback address, no client certificate, no personal data.
//   GET /health/live   200 while the process answers at all
//   GET /health/ready  200 when every readiness check passes, else 503; one line per check
//   GET /metrics       the Prometheus text exposition
// Every read and write has the configured deadline and the requests are bounded in size, so a
// client that stalls or floods holds only its own connection. Checks and scrapes run on a
// thread of their own: a store that does not answer never stalls the liveness answer.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/configuration.h"
#include "core/result.h"
#include "soap/metrics.h"

namespace zvhpga::soap {

struct ReadinessCheck {
  std::string name;    // "store", "audit-trail", ...
  bool passed = false;
  std::string detail;  // a fixed English sentence or a version: nothing from a document
};

// What the composition root looks up when asked. Both are called on the monitoring's own
// thread, one call at a time, and must not throw.
struct MonitoringSources {
  std::function<std::vector<ReadinessCheck>()> readiness;
  std::function<std::vector<MetricFamily>()> gauges;
};

// The answer to GET /health/ready: "ready" or "not ready", then "name: ok|failing detail" lines.
std::string readiness_text(const std::vector<ReadinessCheck>& checks);
bool all_passed(const std::vector<ReadinessCheck>& checks);

class MonitoringServer {
 public:
  // Binds and serves. metrics must outlive the server. Errors: InvalidConfiguration (address,
  // port in use).
  static core::Result<std::unique_ptr<MonitoringServer>> start(
      const config::MonitoringSettings& settings, const Metrics& metrics,
      MonitoringSources sources);
  ~MonitoringServer();
  MonitoringServer(const MonitoringServer&) = delete;
  MonitoringServer& operator=(const MonitoringServer&) = delete;

  // The bound port; the one the system chose when the configuration says 0.
  std::uint16_t port() const;

  struct Running;

 private:
  explicit MonitoringServer(std::unique_ptr<Running> running);
  std::unique_ptr<Running> running_;
};

}  // namespace zvhpga::soap
