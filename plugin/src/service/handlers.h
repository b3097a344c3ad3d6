#pragma once
// One handler per operation, grouped by family; each family lives in a file of its own. A
// handler runs inside the transaction the pipeline opened: it reads the dossier, lets the core
// check and apply the command, and writes what changed. The caller is already authenticated
// and allowed the operation as such; the handler checks what depends on the data (region,
// state, the integral rule).
//
// Every handler has the same shape so that Service::handle() dispatches on the request's type
// alone: an operation without a handler here does not compile. subjects receives every data
// subject whose personal data the handler read or wrote, or (when it refuses) began to process.
#include <vector>

#include "contract/messages.h"
#include "core/domain.h"
#include "core/result.h"
#include "ports/store.h"
#include "service/handler_context.h"

namespace zvhpga::service {

using HandlerResult = core::Result<contract::Response>;

// Intake and weighing (intake_weighing_handlers.cpp): one signal from registration, through
// the partners' contributions and the weegploeg's decision, to its closure.
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::RegisterSignal& request, const Now& now,
                  std::vector<core::Person>& subjects);
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::SubmitContribution& request, const Now& now,
                  std::vector<core::Person>& subjects);
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::RecordDecision& request, const Now& now,
                  std::vector<core::Person>& subjects);
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::CloseSignal& request, const Now& now,
                  std::vector<core::Person>& subjects);
// A signal ended before a decision: withdrawn by the partner that registered it, or found
// outside the PGA at intake. Each starts the term of its own retention rule.
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::WithdrawSignal& request, const Now& now,
                  std::vector<core::Person>& subjects);
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::TriageOutSignal& request, const Now& now,
                  std::vector<core::Person>& subjects);

// Reading (reading_handlers.cpp): what a caller may see, changing nothing.
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::GetSignal& request, const Now& now,
                  std::vector<core::Person>& subjects);
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::ListWorklist& request, const Now& now,
                  std::vector<core::Person>& subjects);
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::VerifyAuditTrail& request, const Now& now,
                  std::vector<core::Person>& subjects);

// Forms (form_handlers.cpp): the form of a stage, and for one signal the form a person fills,
// submitted and shown again as it was filled in when the stage's operation refuses it.
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::GetForm& request, const Now& now,
                  std::vector<core::Person>& subjects);
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::SubmitForm& request, const Now& now,
                  std::vector<core::Person>& subjects);

// Privacy (privacy_handlers.cpp): the data subject's rights, and the one question a ZVH
// elsewhere may ask about a person.
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::ExportSubjectData& request, const Now& now,
                  std::vector<core::Person>& subjects);
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::ReleaseSubjectData& request, const Now& now,
                  std::vector<core::Person>& subjects);
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::WithholdItem& request, const Now& now,
                  std::vector<core::Person>& subjects);
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::IsPersonKnown& request, const Now& now,
                  std::vector<core::Person>& subjects);

// Retention (retention_handlers.cpp): the privacy officer's say over how long a dossier is
// kept; the sweep that destroys is service/retention_sweep.
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::PlaceLegalHold& request, const Now& now,
                  std::vector<core::Person>& subjects);
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::ReleaseLegalHold& request, const Now& now,
                  std::vector<core::Person>& subjects);
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::ApproveDestruction& request, const Now& now,
                  std::vector<core::Person>& subjects);
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::ForecastRetention& request, const Now& now,
                  std::vector<core::Person>& subjects);

// Transfer (transfer_handlers.cpp): the responsible gemeente hands a signal to the gemeente
// the person moved to, which accepts or declines (overdracht).
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::ProposeTransfer& request, const Now& now,
                  std::vector<core::Person>& subjects);
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::RespondToTransfer& request, const Now& now,
                  std::vector<core::Person>& subjects);

// Informing the person and reviewing an inclusion (informing_handlers.cpp): steps recorded
// around the weighing that move no state.
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::RecordInforming& request, const Now& now,
                  std::vector<core::Person>& subjects);
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::RecordInclusionReview& request, const Now& now,
                  std::vector<core::Person>& subjects);

// Statistics (statistics_handlers.cpp): anonymous figures of one region.
HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::GetStatistics& request, const Now& now,
                  std::vector<core::Person>& subjects);

}  // namespace zvhpga::service
