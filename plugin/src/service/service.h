#pragma once
// The one entry the request pipeline calls for every operation: Service::handle() dispatches
// a decoded request to its handler (handlers.h) inside the pipeline's transaction.
#include <vector>

#include "config/configuration.h"
#include "contract/messages.h"
#include "core/domain.h"
#include "core/result.h"
#include "criteria/catalogue_set.h"
#include "crypto/subject_protector.h"
#include "ports/ids.h"
#include "ports/store.h"
#include "retention/policy_set.h"
#include "service/audit_trail.h"
#include "service/handler_context.h"

namespace zvhpga::service {

class Service {
 public:
  Service(ports::IdGenerator& ids, const AuditTrail& audit_trail,
          const crypto::SubjectProtector& subject_protector, const config::Configuration& config,
          const criteria::CatalogueSet& catalogues, const retention::PolicySet& policies)
      : context_{ids, audit_trail, subject_protector, config, catalogues, policies} {}

  // subjects receives every data subject whose personal data the operation read or wrote, or
  // (when it is refused) began to process.
  core::Result<contract::Response> handle(ports::StoreTransaction& tx, const Caller& caller,
                                          const contract::Request& request, const Now& now,
                                          std::vector<core::Person>& subjects);

 private:
  HandlerContext context_;
};

}  // namespace zvhpga::service
