#pragma once
// Putting a retention policy version in force (docs/retention.md, "Policy versions"). Running
// clocks keep the due date computed when they started, so a new version only governs the
// clocks started after it.
#include <optional>
#include <string_view>

#include "core/result.h"
#include "retention/policy_set.h"
#include "ports/retention.h"
#include "xml/schema.h"

namespace zvhpga::retention {

struct Adoption {
  PolicySet policies;
  // Why the candidate was refused; the policy in force before stays in force.
  std::optional<core::Error> refusal;
  // The candidate was adopted or put back in force: an act for the audit trail.
  bool changed = false;
};

// RetentionPolicyRefused with every reason when `text` cannot be put in force next to what the
// register holds: it is no valid policy (read_policy) or its version was adopted before with
// other content.
core::Result<core::RetentionPolicy> check_adoption(ports::RetentionRegister& retention,
                                                   const xml::Schema& schema,
                                                   std::string_view text);

// Puts `text` in force when check_adoption allows, writing the register. Without any earlier
// policy to fall back on, a refusal is the returned error.
core::Result<Adoption> adopt(ports::RetentionRegister& retention, const xml::Schema& schema,
                             std::string_view text, const core::Timestamp& now);

}  // namespace zvhpga::retention
