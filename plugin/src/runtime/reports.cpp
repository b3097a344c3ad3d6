#include "runtime/reports.h"

namespace zvhpga::runtime {

std::string describe(const MigrationReport& report) {
  if (report.applied.empty()) return "The schema was up to date; nothing applied.";
  std::string text;
  for (const auto version : report.applied)
    text += (text.empty() ? "Applied schema versions " : ", ") + std::to_string(version);
  return text + ".";
}

std::string describe(const core::Catalogue& catalogue) {
  std::size_t criteria = 0;
  for (const auto& section : catalogue.sections) criteria += section.criteria.size();
  return "Criteria catalogue " + catalogue.version + " of " + catalogue.issued_on +
         " can be adopted: " + std::to_string(catalogue.sections.size()) + " sections, " +
         std::to_string(criteria) + " criteria.";
}

std::string describe(const crypto::MasterKeyRotation& rotation) {
  return "Rotated the signal master key: " + std::to_string(rotation.rewrapped) +
         " signal key(s) rewrapped; the key file now holds generation " +
         std::to_string(rotation.generation) +
         " and the previous generation is retired. Start the service again.";
}

std::string describe(const service::SweepReport& report,
                     const std::vector<std::string>& unconfirmed) {
  std::string text;
  if (report.restored_keys_erased > 0)
    text += "Erased " + std::to_string(report.restored_keys_erased) +
            " data key(s) of signals destroyed before, which a restored key store held again\n";
  if (report.clocks_started > 0)
    text += "Started the retention term of " + std::to_string(report.clocks_started) +
            " signal(s) that had none\n";
  for (const auto& executed : report.executed)
    text += "Destroyed under proposal " + executed.proposal_id + " (region " + executed.region +
            "): " + std::to_string(executed.destroyed) + " destroyed, " +
            std::to_string(executed.held) + " held, " + std::to_string(executed.failed) +
            " failed; statement of destruction " + executed.statement_file.string() +
            (executed.signature_file.empty() ? ""
                                             : ", signed in " + executed.signature_file.string()) +
            "\n";
  for (const auto& proposal : report.proposed)
    text += "Proposed " + proposal.proposal_id + " (region " + proposal.region + "): " +
            std::to_string(proposal.items.size()) + " signal(s) due for destruction" +
            (proposal.approved_at ? "\n" : "; awaiting a privacy officer's approval\n");
  if (report.audit_expiry.records_removed > 0)
    text += "Removed " + std::to_string(report.audit_expiry.records_removed) +
            " audit record(s) at the end of their term; the trail now starts after record " +
            std::to_string(report.audit_expiry.chain_starts_after) + "\n";
  if (report.executed.empty() && report.proposed.empty() && report.restored_keys_erased == 0 &&
      report.audit_expiry.records_removed == 0 && report.clocks_started == 0)
    text += "Nothing is due.\n";
  if (report.signals_without_term > 0)
    text += "WARNING: " + std::to_string(report.signals_without_term) +
            " signal(s) have no retention term: the policy in force has no rule for their state; "
            "they are kept until it has one (docs/retention.md)\n";
  if (!unconfirmed.empty()) {
    text += "WARNING: retention rules in use are not confirmed against the law:";
    for (const std::string& rule : unconfirmed) text += " " + rule;
    text += "\n";
  }
  return text;
}

}  // namespace zvhpga::runtime
