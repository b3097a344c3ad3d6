// Transfer (overdracht): the responsible gemeente proposes to hand a signal to the gemeente the
// person moved to, in its region or another; that gemeente accepts or declines. core/workflow
// applies the handover; these handlers check who may act and write what changed.
#include "service/handlers.h"

#include <cstddef>

#include "core/workflow.h"
#include "service/dossier_access.h"

namespace zvhpga::service {

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::ProposeTransfer& request, const Now& now,
                  std::vector<core::Person>& subjects) {
  // Of the gemeenten, whom the permission table lets in, only the responsible one gets here.
  auto dossier = load_visible(context, tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  subjects.push_back(dossier->intake.subject);
  const config::Partner* receiving = context.config.find_partner(request.to_gemeente);
  if (receiving == nullptr || receiving->kind != core::PartnerKind::Gemeente)
    return core::Error{core::ErrorCode::InvalidValue,
                       "'" + request.to_gemeente + "' is not a gemeente in the partner table.",
                       {{"toGemeente", "Name the gemeente the person moved to, by its partner id "
                                       "or OIN."}}};

  core::Transfer transfer;
  transfer.id = context.ids.new_id();
  transfer.to_gemeente = receiving->id;
  transfer.to_region = receiving->region;
  transfer.reason = request.reason;
  transfer.proposed_by = caller.actor;
  transfer.proposed_at = now.timestamp;
  if (auto applied = core::propose_transfer(*dossier, std::move(transfer)); !applied)
    return applied.error();
  tx.insert_transfer(dossier->signal_id, dossier->transfers.back());
  return contract::Response{
      contract::TransferProposed{dossier->signal_id, dossier->transfers.back().id}};
}

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::RespondToTransfer& request, const Now& now,
                  std::vector<core::Person>& subjects) {
  // Not load_visible: the receiving gemeente is outside the signal's need-to-know until it
  // accepts. To anyone but the gemeente the pending transfer names, the signal stays unknown.
  auto dossier = load_with_criteria(context, tx, request.signal_id);
  const core::Transfer* pending = dossier ? core::pending_transfer(*dossier) : nullptr;
  if (pending == nullptr || pending->id != request.transfer_id ||
      pending->to_gemeente != caller.partner->id)
    return unknown_signal(request.signal_id);
  subjects.push_back(dossier->intake.subject);
  const std::size_t transitions_before = dossier->transitions.size();
  const std::size_t answered = static_cast<std::size_t>(pending - dossier->transfers.data());
  if (auto applied = core::answer_transfer(*dossier, request.answer, caller.actor, now.timestamp,
                                           request.reason);
      !applied)
    return applied.error();

  const core::Transfer& transfer = dossier->transfers[answered];
  tx.answer_transfer(dossier->signal_id, transfer);
  if (transfer.state == core::TransferState::Accepted) {
    tx.set_responsibility(dossier->signal_id, dossier->responsible_gemeente, dossier->intake.region);
    save_progress(tx, *dossier, transitions_before);
  }
  return contract::Response{contract::TransferAnswered{
      dossier->signal_id, transfer.id, transfer.state, dossier->responsible_gemeente,
      dossier->state, dossier->round}};
}

}  // namespace zvhpga::service
