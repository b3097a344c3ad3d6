#pragma once
// Audit records at the end of their own term (rule R7, docs/retention.md "The audit trail's own
// term"). The trail is a chain, so it can only lose its start: the oldest records go, with the
// processing-log lines linked to them, and a sealed anchor becomes the chain's start, so that
// verification still proves nothing else went.
#include "service/retention_sweep.h"

namespace zvhpga::service {

// Removes, oldest first, the audit records whose term has ended at the context's clock: the
// term of the audit-record rule in the policy version that was in force when the record was
// written, so a later version neither shortens nor lengthens it. Removal stops at the first
// record still within its term, or about a signal under a legal hold (who saw what stays
// traceable while the hold stands). Each transaction takes up to 1,000 records and appends an
// ExpireAuditRecords record naming their range.
AuditExpiry expire_audit_records(const SweepContext& context);

}  // namespace zvhpga::service
