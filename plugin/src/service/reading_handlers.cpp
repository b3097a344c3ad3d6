// Reading: a dossier, a worklist, a form and the audit trail's verification. These handlers
// write nothing (the pipeline still logs the reading); what a caller may read is
// core/access_policy's to say.
#include "service/handlers.h"

#include <vector>

#include "core/access_policy.h"
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
                  const contract::ListWorklist&, const Now&, std::vector<core::Person>&) {
  const auto states = core::states_awaiting(caller.actor.role);
  contract::Worklist worklist;
  if (core::sees_undelivered_pushes(caller.actor.role))
    worklist.undelivered_pushes = tx.host_outbox().undelivered(caller.partner->region);
  if (core::is_permitted(caller.actor.role, caller.actor.partner_kind,
                         core::Operation::RespondToTransfer))
    worklist.transfer_offers = tx.transfers_offered_to(caller.partner->id);
  if (states.empty()) return contract::Response{std::move(worklist)};
  for (const ports::WorklistRow& row : tx.worklist_rows(caller.partner->region, states)) {
    if (!within_need_to_know(context, caller, caller.partner->region, row.responsible_gemeente))
      continue;
    const auto awaiting =
        core::awaited_from(caller.actor.role, caller.actor.partner_kind, row.state,
                           row.last_outcome, row.contributed_this_round);
    if (awaiting)
      worklist.items.push_back({row.signal_id, row.state, row.round, row.received_on,
                                row.registered_at, *awaiting});
  }
  return contract::Response{std::move(worklist)};
}

HandlerResult run(const HandlerContext& context, ports::StoreTransaction&, const Caller& caller,
                  const contract::GetForm& request, const Now&, std::vector<core::Person>&) {
  return contract::Response{contract::FormDefinition{
      &context.catalogues.in_force(), request.stage,
      request.partner.value_or(caller.actor.partner_kind), request.include_xhtml,
      request.heading_level}};
}

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller&,
                  const contract::VerifyAuditTrail& request, const Now&,
                  std::vector<core::Person>&) {
  return contract::Response{contract::AuditTrailVerified{
      context.audit_trail.verify(tx.audit_journal(), request.checkpoints)}};
}

}  // namespace zvhpga::service
