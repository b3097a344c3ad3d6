#pragma once
// What every handler is given besides the transaction and its typed request (handlers.h).
// Per request: the caller the pipeline admitted and one reading of the clock (now.h). For the
// life of the instance: the HandlerContext, the part of the instance a handler may use, so
// that what the handlers depend on is listed in one place rather than reached through the
// pipeline.
#include "config/configuration.h"
#include "core/domain.h"
#include "criteria/catalogue_set.h"
#include "crypto/subject_protector.h"
#include "ports/ids.h"
#include "retention/policy_set.h"
#include "service/audit_trail.h"
#include "service/now.h"

namespace zvhpga::service {

struct Caller {
  core::Actor actor;
  const config::Partner* partner;  // from the configuration; outlives the call
};

// Everything here outlives the Service that holds it.
struct HandlerContext {
  ports::IdGenerator& ids;
  const AuditTrail& audit_trail;
  const crypto::SubjectProtector& subject_protector;
  const config::Configuration& config;
  const criteria::CatalogueSet& catalogues;
  const retention::PolicySet& policies;
};

}  // namespace zvhpga::service
