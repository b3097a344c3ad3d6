// Informing the person (AVG art. 14) and reviewing an inclusion: two recorded steps around the
// weighing that move no state. core/workflow checks them; these handlers check who may act on
// which signal and write what was recorded.
#include "service/handlers.h"

#include <string>
#include <vector>

#include "core/access_policy.h"
#include "core/time_limits.h"
#include "core/workflow.h"
#include "service/dossier_access.h"

namespace zvhpga::service {

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::RecordInforming& request, const Now& now,
                  std::vector<core::Person>& subjects) {
  auto dossier = load_visible(context, tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  subjects.push_back(dossier->intake.subject);

  core::Informing informing;
  informing.id = context.ids.new_id();
  informing.kind = request.kind;
  informing.informed_on = request.informed_on;
  informing.informed_by = request.informed_by;
  informing.means = request.means;
  informing.ground_code = request.ground_code;
  informing.ground = request.ground;
  informing.review_on = request.review_on;
  informing.recorded_by = caller.actor;
  informing.recorded_at = now.timestamp;
  std::vector<std::string> codes;
  for (const config::InformingGround& ground : context.config.informing_grounds)
    codes.push_back(ground.code);
  if (auto applied = core::record_informing(*dossier, std::move(informing), now.today, codes);
      !applied)
    return applied.error();
  const core::Informing& recorded = dossier->informings.back();
  tx.insert_informing(dossier->signal_id, recorded);
  return contract::Response{
      contract::InformingRecorded{dossier->signal_id, recorded.id, recorded.kind}};
}

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::RecordInclusionReview& request, const Now& now,
                  std::vector<core::Person>& subjects) {
  auto dossier = load_visible(context, tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  // Before inclusion the process director does not know of the signal at all; a locked one
  // (not pursued) is refused by the state machine below, as it stands included in nothing.
  if (core::content_access(caller.actor.role, *dossier) == core::ContentAccess::Hidden)
    return unknown_signal(request.signal_id);
  subjects.push_back(dossier->intake.subject);

  core::InclusionReview review{context.ids.new_id(), request.reviewed_on, request.conclusion,
                               caller.actor, now.timestamp};
  if (auto applied = core::record_inclusion_review(*dossier, std::move(review), now.today);
      !applied)
    return applied.error();
  const core::InclusionReview& recorded = dossier->reviews.back();
  tx.insert_inclusion_review(dossier->signal_id, recorded);
  start_retention_clock(tx, context.policies, *dossier);
  return contract::Response{contract::InclusionReviewed{
      dossier->signal_id, recorded.id,
      core::review_due(context.config.time_limits, recorded.recorded_at).value_or("")}};
}

}  // namespace zvhpga::service
