#pragma once
// Delivers the outbox of pushes to the host platform (service/host_outbox.h): claims the due
// pushes (odbc/work_claims.h, so that instances sharing one database never push the same one
// at once), calls the host with each, and records every attempt with its audit record in one
// transaction. A push ends only when the host acknowledged it; a failed one counts the attempt,
// keeps its last error and is due again after a backoff that doubles with every failure.
#include <memory>
#include <string>

#include "config/configuration.h"
#include "core/result.h"
#include "odbc/odbc_store.h"
#include "ports/clock.h"
#include "ports/ids.h"
#include "service/audit_trail.h"
#include "ports/store.h"
#include "soap/host_client.h"
#include "soap/periodic_task.h"

namespace zvhpga::soap {

// What a delivery uses of its plugin instance; all of it must outlive the delivery.
struct DeliveryContext {
  const config::HostEndpoint& endpoint;
  odbc::OdbcStore& store;
  const service::AuditTrail& audit_trail;
  ports::Clock& clock;
  ports::IdGenerator& ids;
};

class OutcomeDelivery {
 public:
  // Errors: InvalidConfiguration (URL, TLS files).
  static core::Result<std::unique_ptr<OutcomeDelivery>> create(const DeliveryContext& context,
                                                               HostClient::Pause pause);

  // One round: claims the pushes due now and attempts each once. Returns how many it attempted.
  // Store failures propagate as ports::StoreFailure; a failed push does not.
  std::size_t deliver_due();

  // The owner name under which this delivery claims work.
  const std::string& owner() const { return owner_; }

 private:
  OutcomeDelivery(const DeliveryContext& context, std::unique_ptr<HostClient> client);
  void deliver(const std::string& push_id);
  std::chrono::milliseconds claim_period() const;

  DeliveryContext context_;
  std::unique_ptr<HostClient> client_;
  std::string owner_;
};

// Runs deliver_due() on a thread of its own every poll interval until destroyed: the delivery
// worker of a serving process (zvh-pga serve, zvhpga_start_service).
class DeliveryWorker {
 public:
  static core::Result<std::unique_ptr<DeliveryWorker>> start(const DeliveryContext& context);

 private:
  explicit DeliveryWorker(std::unique_ptr<OutcomeDelivery> delivery);

  std::unique_ptr<OutcomeDelivery> delivery_;
  std::unique_ptr<PeriodicTask> task_;  // after delivery_: stopped before delivery_ goes
};

}  // namespace zvhpga::soap
