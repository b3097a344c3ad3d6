#include "runtime/runtime.h"

#include <utility>

#include "runtime/monitoring.h"

namespace zvhpga::runtime {

core::Result<std::unique_ptr<Runtime>> Runtime::open(const std::filesystem::path& config_file) {
  auto instance = Instance::open(config_file);
  if (!instance) return instance.error();
  return std::unique_ptr<Runtime>(new Runtime(std::move(instance.value())));
}

Runtime::Runtime(std::unique_ptr<Instance> instance) : instance_(std::move(instance)) {}

Runtime::~Runtime() { stop_service(); }

service::Answer Runtime::call(const service::CallerIdentity& identity,
                              std::string_view request) noexcept {
  return instance_->pipeline().handle(identity, request);
}

ServiceStart Runtime::start_service() {
  const std::lock_guard lock(service_guard_);
  if (server_) return {ServiceStart::Status::AlreadyServing, 0, {}};
  soap::ServiceSummary summary = instance_->service_summary();
  // Started first, so that the start-up line names the port it got.
  std::unique_ptr<soap::MonitoringServer> monitoring;
  if (const auto& soap = instance_->configuration().soap; soap && soap->monitoring) {
    auto started = soap::MonitoringServer::start(*soap->monitoring, metrics_,
                                                 monitoring_sources());
    if (!started) return {ServiceStart::Status::Refused, 0, started.error().message};
    monitoring = std::move(started.value());
    summary.monitoring = soap->monitoring->listen_address + ":" + std::to_string(monitoring->port());
  }
  auto started = soap::Server::start(instance_->configuration(), instance_->pipeline(),
                                     std::move(summary), metrics_);
  if (!started) return {ServiceStart::Status::Refused, 0, started.error().message};
  if (const auto& endpoint = instance_->configuration().host_endpoint) {
    auto delivery = DeliveryWorker::start({*endpoint, instance_->sealed_store(),
                                           instance_->work_queue(), instance_->audit_trail(),
                                           instance_->clock(), instance_->ids()});
    if (!delivery) return {ServiceStart::Status::Refused, 0, delivery.error().message};
    delivery_ = std::move(delivery.value());
  }
  // The first run waits one interval: a service that starts serves first, and a run wanted
  // at once is `zvh-pga retention run`.
  retention_ = threads::PeriodicTask::start(
      [instance = instance_.get()] {
        try {
          // Refused on a broken trail: every request says so, and the next run tries again.
          static_cast<void>(instance->run_retention());
        } catch (...) {
          // The store is unavailable: what was begun is finished by the next run.
        }
      },
      instance_->configuration().retention_run_interval,
      threads::PeriodicTask::FirstRun::AfterOneInterval);
  server_ = std::move(started.value());
  monitoring_ = std::move(monitoring);
  return {ServiceStart::Status::Started, server_->port(), {}};
}

soap::MonitoringSources Runtime::monitoring_sources() const {
  auto certificates = std::make_shared<const std::vector<CertificateInUse>>(
      certificates_in_use(instance_->configuration()));
  Instance* instance = instance_.get();
  return {[instance, certificates] {
            return readiness(*instance, *certificates, std::chrono::system_clock::now());
          },
          [instance, certificates] {
            return gauges(*instance, *certificates, std::chrono::system_clock::now());
          }};
}

void Runtime::stop_service() noexcept {
  try {
    // Destroyed outside the lock, the retention task first, then the server, the monitoring
    // last, as they were started the other way round.
    std::unique_ptr<soap::MonitoringServer> monitoring;
    std::unique_ptr<soap::Server> server;
    std::unique_ptr<DeliveryWorker> delivery;
    std::unique_ptr<threads::PeriodicTask> retention;
    {
      const std::lock_guard lock(service_guard_);
      monitoring = std::move(monitoring_);
      server = std::move(server_);
      delivery = std::move(delivery_);
      retention = std::move(retention_);
    }
  } catch (...) {
    // Stopping has nowhere to report to; the host must not see an exception.
  }
}

}  // namespace zvhpga::runtime
