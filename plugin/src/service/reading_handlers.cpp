// Reading: a dossier, a worklist and the audit trail's verification. These handlers
// write nothing (the pipeline still logs the reading); what a caller may read is
// core/access_policy's to say.
#include "service/handlers.h"

#include <string>
#include <utility>
#include <vector>

#include "core/access_policy.h"
#include "core/time_limits.h"
#include "service/dossier_access.h"
#include "service/subject_pseudonyms.h"

namespace zvhpga::service {
namespace {

// The other signals about the dossier's person that the caller could open with GetSignal
// itself: within its need-to-know, content visible to the caller's role. A locked (not pursued) signal
// stays out of the history of every role that cannot read it (docs/crypto-shredding.md).
std::vector<contract::RelatedSignal> related_signals(const HandlerContext& context,
                                                     ports::StoreTransaction& tx, const Caller& caller,
                                                     const core::Dossier& dossier) {
  const auto pseudonyms = pseudonyms_of(context.subject_protector, dossier.intake.subject);
  std::vector<contract::RelatedSignal> related;
  for (const std::string& signal_id :
       tx.signals_about_subject(dossier.signal_id, pseudonyms.bsn, pseudonyms.name_and_birth_date)) {
    auto other = load_visible(context, tx, caller, signal_id);
    if (!other || core::content_access(caller.actor.role, *other) != core::ContentAccess::Visible)
      continue;
    related.push_back({other->signal_id, other->intake.received_on, other->state});
  }
  return related;
}

}  // namespace

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::GetSignal& request, const Now&,
                  std::vector<core::Person>& subjects) {
  auto dossier = load_visible(context, tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  switch (core::content_access(caller.actor.role, *dossier)) {
    case core::ContentAccess::Visible: {
      subjects.push_back(dossier->intake.subject);
      auto related = related_signals(context, tx, caller, *dossier);
      return contract::Response{
          contract::SignalDossier{std::move(dossier.value()), std::move(related)}};
    }
    case core::ContentAccess::Locked:
      return core::Error{core::ErrorCode::SignalLocked,
                         "The weegploeg decided not to pursue this signal; until it is "
                         "destroyed only the privacy officer can read it.",
                         {}};
    case core::ContentAccess::Hidden:
      break;
  }
  return unknown_signal(request.signal_id);
}

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::ListWorklist&, const Now& now, std::vector<core::Person>&) {
  const core::Role role = caller.actor.role;
  const std::string& region = caller.partner->region;
  contract::Worklist worklist;
  if (core::sees_undelivered_pushes(role))
    worklist.undelivered_pushes = tx.host_outbox().undelivered(region);
  if (core::is_permitted(role, caller.actor.partner_kind, core::Operation::RespondToTransfer))
    worklist.transfer_offers = tx.transfers_offered_to(caller.partner->id);
  if (core::is_permitted(role, caller.actor.partner_kind, core::Operation::RecordInforming)) {
    for (ports::PostponementDue& due : tx.postponements_due(region, now.today))
      if (within_need_to_know(context, caller, region, due.responsible_gemeente))
        worklist.postponements_due.push_back(std::move(due));
  }
  const bool watches = core::watches_time_limits(role);
  const auto states = watches
                          ? std::vector{core::SignalState::Received,
                                        core::SignalState::AwaitingContributions,
                                        core::SignalState::ReadyForWeighing,
                                        core::SignalState::Decided}
                          : core::states_awaiting(role);
  if (states.empty()) return contract::Response{std::move(worklist)};
  for (const ports::WorklistRow& row : tx.worklist_rows(region, states)) {
    if (!within_need_to_know(context, caller, region, row.responsible_gemeente)) continue;
    const auto awaiting = core::awaited_from(role, caller.actor.partner_kind, row.state,
                                             row.last_outcome, row.contributed_this_round);
    const auto overdue = core::overdue(context.config.time_limits, row.state, row.last_outcome,
                                       row.state_since, row.last_review_at, now.timestamp);
    contract::WorklistItem item{row.signal_id, row.state, row.round, row.received_on,
                                row.registered_at, {}, std::nullopt};
    if (overdue && (watches || overdue->awaiting == awaiting)) {
      // What the signal is late for comes first: for the director, a late review of an
      // inclusion outweighs its closure some day.
      item.awaiting = overdue->awaiting;
      item.overdue_since = overdue->since;
    } else if (awaiting) {
      item.awaiting = *awaiting;
    } else {
      continue;
    }
    worklist.items.push_back(std::move(item));
  }
  return contract::Response{std::move(worklist)};
}

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller&,
                  const contract::VerifyAuditTrail& request, const Now&,
                  std::vector<core::Person>&) {
  return contract::Response{contract::AuditTrailVerified{
      context.audit_trail.verify(tx.audit_journal(), request.checkpoints)}};
}

}  // namespace zvhpga::service
