#include "core/access_policy.h"

#include <algorithm>

namespace zvhpga::core {
namespace {

bool is_weegploeg_partner(PartnerKind kind) { return kind != PartnerKind::Zvh; }

}  // namespace

bool changes_records(Operation operation) {
  switch (operation) {
    case Operation::RegisterSignal:
    case Operation::SubmitContribution:
    case Operation::RecordDecision:
    case Operation::CloseSignal:
    case Operation::WithholdItem:
    case Operation::PlaceLegalHold:
    case Operation::ReleaseLegalHold:
    case Operation::ApproveDestruction:
    case Operation::ProposeTransfer:
    case Operation::RespondToTransfer:
    case Operation::RecordInforming:
    case Operation::RecordInclusionReview:
    case Operation::WithdrawSignal:
    case Operation::TriageOutSignal:
    case Operation::SubmitForm: return true;
    case Operation::GetSignal:
    case Operation::ListWorklist:
    case Operation::VerifyAuditTrail:
    case Operation::ExportSubjectData:
    case Operation::ReleaseSubjectData:
    case Operation::IsPersonKnown:
    case Operation::GetForm:
    case Operation::GetStatistics:
    case Operation::ForecastRetention: return false;
  }
  return true;
}

bool is_privileged(Role role) {
  return role == Role::PrivacyOfficer || role == Role::Auditor || role == Role::Administrator;
}

bool asserts_by_default(PartnerKind kind, Door door, Role role) {
  // A partner's own system answers for its users only as far as its certificate reaches: the
  // roles that read everything stay with the host platform's own login unless widened.
  if (door == Door::WebService && is_privileged(role)) return false;
  switch (role) {
    case Role::IntakeOfficer:
    case Role::WeegploegMember:
    case Role::WeegploegChair: return is_weegploeg_partner(kind);
    case Role::ProcessDirector: return kind == PartnerKind::Zvh;
    // The burgemeester answers for the person's rights (Stb. 2025, 78): the gemeente's privacy
    // officer, never the politie's or the OM's.
    case Role::PrivacyOfficer: return kind == PartnerKind::Gemeente;
    case Role::Auditor:
    case Role::Administrator: return true;
  }
  return false;
}

bool is_permitted(Role role, PartnerKind kind, Operation operation) {
  switch (operation) {
    case Operation::RegisterSignal:
      // Signals reach the gemeente (meldpunt), the politie or the OM, and are registered there.
      return is_weegploeg_partner(kind) &&
             (role == Role::IntakeOfficer || role == Role::WeegploegMember ||
              role == Role::WeegploegChair);
    case Operation::SubmitContribution:
      return is_weegploeg_partner(kind) && role == Role::WeegploegMember;
    case Operation::RecordDecision:
      return is_weegploeg_partner(kind) && role == Role::WeegploegChair;
    case Operation::CloseSignal:
      return (role == Role::WeegploegChair && is_weegploeg_partner(kind)) ||
             role == Role::ProcessDirector;
    case Operation::GetSignal:
      return role == Role::IntakeOfficer || role == Role::WeegploegMember ||
             role == Role::WeegploegChair || role == Role::ProcessDirector ||
             role == Role::PrivacyOfficer;
    case Operation::ListWorklist:
      // The gemeente's privacy officer's lists the postponements of informing due for review.
      return role == Role::WeegploegMember || role == Role::WeegploegChair ||
             role == Role::ProcessDirector ||
             (role == Role::PrivacyOfficer && kind == PartnerKind::Gemeente);
    case Operation::VerifyAuditTrail:
      // Reading the logs, never case content; BIO2 8.15.06 wants an independent checker.
      return role == Role::Auditor || role == Role::PrivacyOfficer;
    case Operation::ExportSubjectData:
    case Operation::ReleaseSubjectData:
    case Operation::WithholdItem:
      // The burgemeester answers data-subject requests for all partners (Stb. 2025, 78).
      return role == Role::PrivacyOfficer && kind == PartnerKind::Gemeente;
    case Operation::IsPersonKnown:
      // Which organisations may ask at all is configuration (personKnownCheck).
      return role == Role::IntakeOfficer || role == Role::WeegploegChair ||
             role == Role::ProcessDirector;
    case Operation::GetForm:
      // A form holds questions, no personal data: anyone may see what is asked.
      return true;
    case Operation::GetStatistics:
      // Anonymous figures for steering and oversight: the process director runs the process
      // for the region, the privacy officer watches proportionality and bias, the auditor
      // checks how the region weighs. Case workers get no league table of their own cases.
      return role == Role::ProcessDirector || role == Role::PrivacyOfficer ||
             role == Role::Auditor;
    case Operation::PlaceLegalHold:
    case Operation::ReleaseLegalHold:
    case Operation::ApproveDestruction:
    case Operation::ForecastRetention:
      // Retention is the privacy officer's: the weighing partners never shorten or stretch
      // the term of what they weighed (docs/retention.md).
      return role == Role::PrivacyOfficer && kind == PartnerKind::Gemeente;
    case Operation::ProposeTransfer:
    case Operation::RespondToTransfer:
      // Which gemeente answers for the person is the gemeenten's to settle between them
      // (overdracht); the weegploeg's case workers of the gemeente do it.
      return kind == PartnerKind::Gemeente &&
             (role == Role::WeegploegMember || role == Role::WeegploegChair);
    case Operation::RecordInforming:
      // Informing the person, or postponing it, is a data-subject right the burgemeester
      // answers for (Stb. 2025, 78), like the export.
      return role == Role::PrivacyOfficer && kind == PartnerKind::Gemeente;
    case Operation::RecordInclusionReview:
      // The casusoverleg that runs the case reviews it: its process director, or a weegploeg
      // chair where the weegploeg keeps the review itself.
      return role == Role::ProcessDirector ||
             (role == Role::WeegploegChair && is_weegploeg_partner(kind));
    case Operation::WithdrawSignal:
      // Whoever may register a signal may take it back; that it is the registering partner is
      // the state machine's to check (withdraw_signal), on the dossier.
      return is_weegploeg_partner(kind) &&
             (role == Role::IntakeOfficer || role == Role::WeegploegMember ||
              role == Role::WeegploegChair);
    case Operation::TriageOutSignal:
      // Finding a signal outside the PGA ends it unweighed: a judgement the chair answers for,
      // as for a decision, never the intake officer alone.
      return is_weegploeg_partner(kind) && role == Role::WeegploegChair;
    case Operation::SubmitForm:
      // A submitted form is the operation of its stage, and is allowed as that operation is
      // (the pipeline checks operation_of_stage as well).
      return true;
  }
  return false;
}

Operation operation_of_stage(Stage stage) {
  switch (stage) {
    case Stage::Intake: return Operation::RegisterSignal;
    case Stage::Contribution: return Operation::SubmitContribution;
    case Stage::Decision: return Operation::RecordDecision;
    case Stage::Closure: return Operation::CloseSignal;
  }
  return Operation::SubmitContribution;
}

bool within_need_to_know(const Actor& caller, std::string_view caller_region,
                         std::string_view signal_region, std::string_view responsible_gemeente) {
  if (signal_region != caller_region) return false;
  return caller.partner_kind != PartnerKind::Gemeente || caller.partner_id == responsible_gemeente;
}

ContentAccess content_access(Role role, const Dossier& dossier) {
  const std::optional<Course> outcome =
      dossier.decisions.empty() ? std::nullopt : std::optional(dossier.decisions.back().outcome);
  if (role == Role::PrivacyOfficer) return ContentAccess::Visible;
  // A signal not pursued, by decision or before one, waits only for its destruction.
  if (outcome == Course::NoFurtherAction || dossier.state == SignalState::Withdrawn ||
      dossier.state == SignalState::TriagedOut)
    return ContentAccess::Locked;
  if (role == Role::ProcessDirector && outcome != Course::IncludeInCasusoverleg)
    return ContentAccess::Hidden;
  return ContentAccess::Visible;
}

bool may_close_signal(const Actor& actor, const Dossier& dossier) {
  if (!is_permitted(actor.role, actor.partner_kind, Operation::CloseSignal)) return false;
  if (actor.role != Role::ProcessDirector) return true;
  return !dossier.decisions.empty() &&
         dossier.decisions.back().outcome == Course::IncludeInCasusoverleg;
}

std::optional<Awaiting> awaited_from(Role role, PartnerKind kind, SignalState state,
                                     std::optional<Course> last_outcome,
                                     const std::vector<PartnerKind>& contributed_this_round) {
  switch (role) {
    case Role::WeegploegMember:
      if ((state == SignalState::Received || state == SignalState::AwaitingContributions) &&
          is_weegploeg_partner(kind) && std::ranges::find(contributed_this_round, kind) ==
                                            contributed_this_round.end())
        return Awaiting::Contribution;
      return std::nullopt;
    case Role::WeegploegChair:
      if (state == SignalState::ReadyForWeighing) return Awaiting::Decision;
      if (state == SignalState::Decided) return Awaiting::Closure;
      return std::nullopt;
    case Role::ProcessDirector:
      if (state == SignalState::Decided && last_outcome == Course::IncludeInCasusoverleg)
        return Awaiting::Closure;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

bool sees_undelivered_pushes(Role role) { return role == Role::ProcessDirector; }

bool watches_time_limits(Role role) { return role == Role::ProcessDirector; }

std::vector<SignalState> states_awaiting(Role role) {
  switch (role) {
    case Role::WeegploegMember:
      return {SignalState::Received, SignalState::AwaitingContributions};
    case Role::WeegploegChair:
      return {SignalState::ReadyForWeighing, SignalState::Decided};
    case Role::ProcessDirector:
      return {SignalState::Decided};
    default:
      return {};
  }
}

}  // namespace zvhpga::core
