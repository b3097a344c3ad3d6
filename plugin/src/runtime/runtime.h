#pragma once
// What a host holds through one zvhpga_instance handle: the instance, and while it serves, the
// web service with the serving process's background workers (outcome pushes, retention runs).
// The C ABI (abi/plugin_abi.cpp) is a thin shim over this and runtime/administration.h.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "runtime/delivery_worker.h"
#include "runtime/instance.h"
#include "service/request_pipeline.h"
#include "service/retention_sweep.h"
#include "soap/metrics.h"
#include "soap/monitoring.h"
#include "soap/server.h"
#include "threads/periodic_task.h"

namespace zvhpga::runtime {

struct ServiceStart {
  enum class Status { Started, AlreadyServing, Refused };
  Status status = Status::Refused;
  std::uint16_t port = 0;  // Started: the port it listens on
  std::string message;     // Refused: why, for the administrator
};

class Runtime {
 public:
  // Errors: those of Instance::open.
  static core::Result<std::unique_ptr<Runtime>> open(const std::filesystem::path& config_file);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // One request document from a door that has it as bytes (the C ABI).
  service::Answer call(const service::CallerIdentity& identity, std::string_view request) noexcept;

  // Starts the web service and, beside it, health and metrics (when <soap><monitoring> is
  // configured), the delivery of host pushes (when a host endpoint is configured) and the
  // periodic retention run. At most one service per runtime.
  ServiceStart start_service();
  // Stops what start_service started, waiting for work in progress; nothing when not serving.
  void stop_service() noexcept;

  // As Instance::run_retention, with the rules in use that are not confirmed.
  core::Result<std::optional<service::SweepReport>> run_retention() {
    return instance_->run_retention();
  }
  std::vector<std::string> unconfirmed_rules_in_use() {
    return instance_->unconfirmed_rules_in_use();
  }

 private:
  explicit Runtime(std::unique_ptr<Instance> instance);
  // The readiness checks and gauges of this runtime's instance, for the monitoring server.
  soap::MonitoringSources monitoring_sources() const;

  std::unique_ptr<Instance> instance_;
  // Declared after the instance, so that everything serving stops before the instance goes.
  std::mutex service_guard_;
  // Counted into by the server, read by the monitoring: declared before both.
  soap::Metrics metrics_;
  std::unique_ptr<soap::MonitoringServer> monitoring_;
  std::unique_ptr<soap::Server> server_;
  std::unique_ptr<DeliveryWorker> delivery_;
  std::unique_ptr<threads::PeriodicTask> retention_;
};

}  // namespace zvhpga::runtime
