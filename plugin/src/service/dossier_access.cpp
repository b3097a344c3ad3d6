#include "service/dossier_access.h"

#include "core/access_policy.h"
#include "core/retention.h"

namespace zvhpga::service {

core::Error unknown_signal(const std::string& signal_id) {
  return {core::ErrorCode::UnknownSignal,
          "There is no signal " + signal_id + " that you can see.",
          {{"signalId", "Check the identifier."}}};
}

const config::Partner* sole_gemeente(const config::Configuration& config, std::string_view region) {
  const config::Partner* found = nullptr;
  for (const config::Partner& partner : config.partners) {
    if (partner.kind != core::PartnerKind::Gemeente || partner.region != region) continue;
    if (found != nullptr) return nullptr;
    found = &partner;
  }
  return found;
}

std::string responsible_gemeente(const config::Configuration& config, std::string_view region,
                                 std::string_view stored) {
  if (!stored.empty()) return std::string(stored);
  const config::Partner* only = sole_gemeente(config, region);
  return only != nullptr ? only->id : std::string();
}

bool within_need_to_know(const HandlerContext& context, const Caller& caller,
                         std::string_view region, std::string_view stored_responsible) {
  return core::within_need_to_know(caller.actor, caller.partner->region, region,
                                   responsible_gemeente(context.config, region, stored_responsible));
}

std::optional<core::Dossier> load_with_criteria(const HandlerContext& context,
                                                ports::StoreTransaction& tx,
                                                const std::string& signal_id) {
  auto dossier = tx.load_dossier(signal_id);
  if (!dossier) return dossier;
  dossier->responsible_gemeente =
      responsible_gemeente(context.config, dossier->intake.region, dossier->responsible_gemeente);
  auto answers = tx.criteria_register().answers_of_signal(signal_id);
  auto attach = [&](const std::string& record_id, std::optional<core::CriteriaAnswers>& target) {
    if (auto found = answers.find(record_id); found != answers.end()) target = std::move(found->second);
  };
  for (core::Contribution& contribution : dossier->contributions) attach(contribution.id, contribution.criteria);
  for (core::Decision& decision : dossier->decisions) attach(decision.id, decision.criteria);
  return dossier;
}

core::Result<core::Dossier> load_visible(const HandlerContext& context, ports::StoreTransaction& tx,
                                         const Caller& caller, const std::string& signal_id) {
  auto dossier = load_with_criteria(context, tx, signal_id);
  if (!dossier || !core::within_need_to_know(caller.actor, caller.partner->region,
                                             dossier->intake.region, dossier->responsible_gemeente))
    return unknown_signal(signal_id);
  return std::move(*dossier);
}

void save_progress(ports::StoreTransaction& tx, const core::Dossier& dossier,
                   std::size_t transitions_before) {
  tx.update_state(dossier.signal_id, dossier.state, dossier.round);
  for (std::size_t i = transitions_before; i < dossier.transitions.size(); ++i)
    tx.append_transition(dossier.signal_id, dossier.transitions[i]);
}

void start_retention_clock(ports::StoreTransaction& tx, const retention::PolicySet& policies,
                           const core::Dossier& dossier) {
  if (auto clock = core::clock_for(policies.in_force(), dossier))
    tx.retention_register().start_clock(*clock);
}

}  // namespace zvhpga::service
