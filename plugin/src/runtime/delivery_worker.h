#pragma once
// The delivery worker of a serving process (zvh-pga serve, zvhpga_start_service): runs the
// outcome delivery (service/outcome_delivery.h) over the SOAP host client on a thread of its
// own every poll interval, until destroyed.
#include <memory>

#include "core/result.h"
#include "service/outcome_delivery.h"
#include "threads/periodic_task.h"

namespace zvhpga::runtime {

class DeliveryWorker {
 public:
  // Errors: InvalidConfiguration (URL, TLS files).
  static core::Result<std::unique_ptr<DeliveryWorker>> start(
      const service::DeliveryContext& context);

 private:
  explicit DeliveryWorker(std::unique_ptr<service::OutcomeDelivery> delivery);

  std::unique_ptr<service::OutcomeDelivery> delivery_;
  std::unique_ptr<threads::PeriodicTask> task_;  // after delivery_: stopped before delivery_ goes
};

}  // namespace zvhpga::runtime
