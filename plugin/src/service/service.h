#pragma once
// One handler per operation. A handler runs inside the transaction the pipeline opened: it
// reads the dossier, lets the core check and apply the command, and writes what changed. The
// caller is already authenticated and allowed the operation as such; the handler checks what
// depends on the data (region, state, the integral rule).
#include "config/configuration.h"
#include "contract/messages.h"
#include "core/result.h"
#include "service/audit_trail.h"
#include "service/ports.h"

namespace zvhpga::service {

struct Now {
  core::Timestamp timestamp;
  core::Date today;
};
Now now_from(std::chrono::system_clock::time_point time);

struct Caller {
  core::Actor actor;
  const config::Partner* partner;  // from the configuration; outlives the call
};

class Service {
 public:
  Service(IdGenerator& ids, const AuditTrail& audit_trail) : ids_(ids), audit_trail_(audit_trail) {}

  // subjects receives every data subject whose personal data the operation read or wrote.
  core::Result<contract::Response> handle(StoreTransaction& tx, const Caller& caller,
                                          const contract::Request& request, const Now& now,
                                          std::vector<core::Person>& subjects);

 private:
  core::Result<contract::Response> run(StoreTransaction& tx, const Caller& caller,
                                       const contract::RegisterSignal& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(StoreTransaction& tx, const Caller& caller,
                                       const contract::SubmitContribution& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(StoreTransaction& tx, const Caller& caller,
                                       const contract::RecordDecision& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(StoreTransaction& tx, const Caller& caller,
                                       const contract::CloseSignal& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(StoreTransaction& tx, const Caller& caller,
                                       const contract::GetSignal& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(StoreTransaction& tx, const Caller& caller,
                                       const contract::ListWorklist& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(StoreTransaction& tx, const Caller& caller,
                                       const contract::VerifyAuditTrail& request, const Now& now,
                                       std::vector<core::Person>& subjects);

  IdGenerator& ids_;
  const AuditTrail& audit_trail_;
};

}  // namespace zvhpga::service
