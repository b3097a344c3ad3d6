#pragma once
// Reads a retention policy document (schemas/zvhpga-retention-v1.xsd, docs/retention.md) into a
// core::RetentionPolicy, checking what a schema cannot say.
#include <string_view>

#include "core/result.h"
#include "core/retention.h"
#include "xml/schema.h"

namespace zvhpga::retention {

inline constexpr const char* kPolicyNamespace = "urn:nl:zvh-pga:retention:1";

// RetentionPolicyRefused with every problem found when the text is not a well-formed policy,
// fails the schema, or has rules that cannot be applied as written: two rules for the same
// record type, trigger and outcome (which one would start the clock?), a decision or closure
// rule without an outcome, an outcome on a rule whose trigger has none, a "recorded" trigger on
// signals or another trigger on audit records.
// A policy is a handful of rules; anything far bigger is not one (also read from a file).
inline constexpr std::size_t kMaxPolicyBytes = std::size_t{256} * 1024;

core::Result<core::RetentionPolicy> read_policy(std::string_view text, const xml::Schema& schema);

}  // namespace zvhpga::retention
