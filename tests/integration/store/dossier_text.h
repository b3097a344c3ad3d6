#pragma once
// Domain values have no operator==, so tests compare a full text rendering instead: a
// mismatch then shows exactly which field differs.
#include <sstream>
#include <string>

#include "core/domain.h"

namespace zvhpga::odbc::testing {

class DossierText {
 public:
  std::string operator()(const core::Dossier& dossier) {
    field("signal_id", dossier.signal_id);
    const auto& intake = dossier.intake;
    field("receiving_partner", core::to_token(intake.receiving_partner));
    field("channel", core::to_token(intake.channel));
    field("reporter_type", core::to_token(intake.reporter_type));
    field("reporter_organisation", intake.reporter_organisation);
    field("received_on", intake.received_on);
    field("subject.name", intake.subject.name);
    field("subject.birth_date", intake.subject.birth_date);
    optional("subject.bsn", intake.subject.bsn);
    field("subject.municipality", intake.subject.municipality);
    field("observed_facts", intake.observed_facts);
    for (const auto phenomenon : intake.phenomenon_hypothesis) {
      field("phenomenon", core::to_token(phenomenon));
    }
    field("online_component", intake.online_component ? "yes" : "no");
    field("care_concern", intake.care_concern ? "yes" : "no");
    field("urgency", core::to_token(intake.urgency));
    field("municipality", intake.municipality);
    field("region", intake.region);
    field("state", core::to_token(dossier.state));
    field("round", std::to_string(dossier.round));
    actor("registered_by", dossier.registered_by);
    field("registered_at", dossier.registered_at);
    for (const auto& contribution : dossier.contributions) {
      field("contribution", contribution.id);
      field("  round", std::to_string(contribution.round));
      actor("  contributor", contribution.contributor);
      optional("  information_held", contribution.information_held);
      field("  legal_basis", contribution.legal_basis);
      field("  position", core::to_token(contribution.position));
      field("  reasoning", contribution.reasoning);
      optional("  revises", contribution.revises);
      field("  submitted_at", contribution.submitted_at);
    }
    for (const auto& decision : dossier.decisions) {
      field("decision", decision.id);
      field("  round", std::to_string(decision.round));
      field("  outcome", core::to_token(decision.outcome));
      field("  reasoning", decision.reasoning);
      optional("  proportionality_note", decision.proportionality_note);
      optional("  dissent", decision.dissent);
      for (const auto& participant : decision.participants) {
        field("  participant", std::string(core::to_token(participant.partner)) + " " +
                                   participant.name);
      }
      field("  catalogue_version", decision.catalogue_version);
      field("  decided_on", decision.decided_on);
      actor("  recorded_by", decision.recorded_by);
      field("  recorded_at", decision.recorded_at);
    }
    for (const auto& transition : dossier.transitions) {
      field("transition", transition.from ? std::string(core::to_token(*transition.from))
                                          : std::string("(registration)"));
      field("  to", core::to_token(transition.to));
      actor("  actor", transition.actor);
      field("  at", transition.at);
      field("  reason", transition.reason);
    }
    if (dossier.closure) {
      field("closure.closed_on", dossier.closure->closed_on);
      field("closure.reason", dossier.closure->reason);
      actor("closure.closed_by", dossier.closure->closed_by);
      field("closure.recorded_at", dossier.closure->recorded_at);
    } else {
      field("closure", "(none)");
    }
    return out_.str();
  }

 private:
  void field(std::string_view name, std::string_view value) {
    out_ << name << ": [" << value << "]\n";
  }
  void optional(std::string_view name, const std::optional<std::string>& value) {
    if (value) {
      field(name, *value);
    } else {
      out_ << name << ": (absent)\n";
    }
  }
  void actor(std::string_view name, const core::Actor& who) {
    field(name, who.partner_id + " " + std::string(core::to_token(who.partner_kind)) + " " +
                    who.user + " " + std::string(core::to_token(who.role)));
  }

  std::ostringstream out_;
};

inline std::string as_text(const core::Dossier& dossier) { return DossierText{}(dossier); }

}  // namespace zvhpga::odbc::testing
