#pragma once
// What the monitoring address (soap/monitoring.h) answers about this instance: the readiness
// checks and the gauges, looked up when asked (docs/administrator-guide.md, "Health and
// metrics").
#include <chrono>
#include <ctime>
#include <string>
#include <vector>

#include "config/configuration.h"
#include "runtime/instance.h"
#include "soap/monitoring.h"

namespace zvhpga::runtime {

// A certificate the serving process presents, as read when the service started (the TLS
// contexts hold what was read then, so later changes to the files need a restart anyway).
struct CertificateInUse {
  std::string name;  // "web-service", "host-endpoint"
  bool readable = false;
  std::time_t not_before = 0;
  std::time_t not_after = 0;
};

// The web service's certificate, and the host endpoint's client certificate when configured.
std::vector<CertificateInUse> certificates_in_use(const config::Configuration& config);

// The readiness checks: those of Instance::data_readiness, then whether every certificate in
// use is valid at `now`.
std::vector<soap::ReadinessCheck> readiness(Instance& instance,
                                            const std::vector<CertificateInUse>& certificates,
                                            std::chrono::system_clock::time_point now);

// The gauges and the store's counters; the store's are left out, and zvhpga_store_up is 0,
// when it does not answer.
std::vector<soap::MetricFamily> gauges(Instance& instance,
                                       const std::vector<CertificateInUse>& certificates,
                                       std::chrono::system_clock::time_point now);

}  // namespace zvhpga::runtime
