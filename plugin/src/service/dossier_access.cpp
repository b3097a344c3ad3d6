#include "service/dossier_access.h"

namespace zvhpga::service {

core::Error unknown_signal(const std::string& signal_id) {
  return {core::ErrorCode::UnknownSignal,
          "There is no signal " + signal_id + " that you can see.",
          {{"signalId", "Check the identifier."}}};
}

std::optional<core::Dossier> load_with_criteria(ports::StoreTransaction& tx,
                                                const std::string& signal_id) {
  auto dossier = tx.load_dossier(signal_id);
  if (!dossier) return dossier;
  auto answers = tx.criteria_register().answers_of_signal(signal_id);
  auto attach = [&](const std::string& record_id, std::optional<core::CriteriaAnswers>& target) {
    if (auto found = answers.find(record_id); found != answers.end()) target = std::move(found->second);
  };
  for (core::Contribution& contribution : dossier->contributions) attach(contribution.id, contribution.criteria);
  for (core::Decision& decision : dossier->decisions) attach(decision.id, decision.criteria);
  return dossier;
}

core::Result<core::Dossier> load_visible(ports::StoreTransaction& tx, const Caller& caller,
                                         const std::string& signal_id) {
  auto dossier = load_with_criteria(tx, signal_id);
  if (!dossier || dossier->intake.region != caller.partner->region) return unknown_signal(signal_id);
  return std::move(*dossier);
}

}  // namespace zvhpga::service
