// Retention: the privacy officer's legal holds and approval of destruction proposals. The
// terms themselves are core/retention's; the sweep that proposes and destroys is
// service/retention_sweep.
#include "service/handlers.h"

#include <cstdint>

#include "service/dossier_access.h"
#include "service/retention_sweep.h"

namespace zvhpga::service {

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::PlaceLegalHold& request, const Now& now,
                  std::vector<core::Person>& subjects) {
  auto dossier = load_visible(context, tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  subjects.push_back(dossier->intake.subject);
  if (request.review_on < now.today)
    return core::Error{core::ErrorCode::InvalidValue,
                       "The review date " + request.review_on + " has passed.",
                       {{"reviewOn", "Give the date on which the hold is to be reviewed: today or "
                                     "later."}}};
  ports::LegalHold hold{context.ids.new_id(), dossier->signal_id, request.reason, request.review_on,
                 caller.actor, now.timestamp};
  tx.retention_register().place_hold(hold);
  return contract::Response{contract::LegalHoldPlaced{hold.signal_id, hold.hold_id}};
}

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::ReleaseLegalHold& request, const Now& now,
                  std::vector<core::Person>& subjects) {
  auto dossier = load_visible(context, tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  subjects.push_back(dossier->intake.subject);
  if (!tx.retention_register().release_hold(request.signal_id, request.hold_id, caller.actor,
                                            now.timestamp))
    return core::Error{core::ErrorCode::UnknownItem,
                       "Signal " + request.signal_id + " has no legal hold " + request.hold_id +
                           " in force.",
                       {{"holdId", "Name a hold placed on this signal and not yet released."}}};
  return contract::Response{contract::LegalHoldReleased{request.signal_id, request.hold_id}};
}

HandlerResult run(const HandlerContext&, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::ApproveDestruction& request, const Now& now,
                  std::vector<core::Person>&) {
  auto proposal = tx.retention_register().proposal(request.proposal_id);
  // A proposal of another region is as unknown as a signal of another region.
  if (!proposal || proposal->region != caller.partner->region)
    return core::Error{core::ErrorCode::UnknownItem,
                       "There is no destruction proposal " + request.proposal_id +
                           " for your region.",
                       {{"proposalId", "Name a proposal written by `zvh-pga retention run`."}}};
  if (proposal->approved_at)
    return core::Error{core::ErrorCode::IllegalTransition,
                       "Destruction proposal " + request.proposal_id + " was approved on " +
                           proposal->approved_at->substr(0, 10) + ".",
                       {}};
  tx.retention_register().approve_proposal(request.proposal_id, caller.actor, now.timestamp);
  return contract::Response{contract::DestructionApproved{
      request.proposal_id, static_cast<std::int64_t>(proposal->items.size())}};
}

// The forecast names signals by identifier and rule only, as a proposal does: no content.
HandlerResult run(const HandlerContext&, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::ForecastRetention& request, const Now&,
                  std::vector<core::Person>&) {
  return contract::Response{contract::RetentionForecast{
      request.until, forecast(tx.retention_register(), request.until, caller.partner->region)}};
}

}  // namespace zvhpga::service
