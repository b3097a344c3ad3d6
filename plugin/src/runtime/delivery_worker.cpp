#include "runtime/delivery_worker.h"

#include "soap/host_client.h"

namespace zvhpga::runtime {

core::Result<std::unique_ptr<DeliveryWorker>> DeliveryWorker::start(
    const service::DeliveryContext& context) {
  auto client = soap::HostClient::create(context.endpoint, &soap::sleep_for);
  if (!client) return client.error();
  std::unique_ptr<DeliveryWorker> worker(new DeliveryWorker(
      std::make_unique<service::OutcomeDelivery>(context, std::move(client.value()))));
  worker->task_ = threads::PeriodicTask::start(
      [delivery = worker->delivery_.get()] {
        try {
          delivery->deliver_due();
        } catch (...) {
          // The store is unavailable: the pushes stay in the outbox for the next round.
        }
      },
      context.endpoint.poll_interval, threads::PeriodicTask::FirstRun::Immediately);
  return worker;
}

DeliveryWorker::DeliveryWorker(std::unique_ptr<service::OutcomeDelivery> delivery)
    : delivery_(std::move(delivery)) {}

}  // namespace zvhpga::runtime
