#pragma once
// Delivers the outbox of pushes to the host platform (ports/outbox.h): claims the due pushes
// (ports/work_queue.h, so that instances sharing one database never push the same one at once),
// calls the host with each through the host-client port, and records every attempt with its
// audit record in one transaction. A push ends only when the host acknowledged it; a failed one
// counts the attempt, keeps its last error and is due again after a backoff that doubles with
// every failure.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "config/configuration.h"
#include "ports/clock.h"
#include "ports/host_calls.h"
#include "ports/ids.h"
#include "ports/store.h"
#include "ports/work_queue.h"
#include "service/audit_trail.h"

namespace zvhpga::service {

// What a delivery uses of its plugin instance; all of it must outlive the delivery.
struct DeliveryContext {
  const config::HostEndpoint& endpoint;
  ports::Store& store;
  ports::WorkQueue& work_queue;
  const AuditTrail& audit_trail;
  ports::Clock& clock;
  ports::IdGenerator& ids;
};

class OutcomeDelivery {
 public:
  OutcomeDelivery(const DeliveryContext& context, std::unique_ptr<ports::HostClient> client);

  // One round: claims the pushes due now and attempts each once. Returns how many it attempted.
  // Store failures propagate as ports::StoreFailure; a failed push does not.
  std::size_t deliver_due();

  // The owner name under which this delivery claims work.
  const std::string& owner() const { return owner_; }

 private:
  void deliver(const std::string& push_id);
  std::chrono::milliseconds claim_period() const;

  DeliveryContext context_;
  std::unique_ptr<ports::HostClient> client_;
  std::string owner_;
};

}  // namespace zvhpga::service
