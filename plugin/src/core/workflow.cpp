#include "core/workflow.h"

#include <algorithm>
#include <string>

namespace zvhpga::core {
namespace {

std::string label(PartnerKind kind) {
  switch (kind) {
    case PartnerKind::Gemeente: return "the gemeente";
    case PartnerKind::Politie: return "the politie";
    case PartnerKind::Om: return "the OM";
    case PartnerKind::Zvh: return "the ZVH";
  }
  return "a partner";
}

std::string state_label(SignalState state) { return std::string(to_token(state)); }

Error illegal(const Dossier& dossier, const std::string& what) {
  return {ErrorCode::IllegalTransition,
          what + " is not possible while signal " + dossier.signal_id + " is " +
              state_label(dossier.state) + ".",
          {}};
}

void move(Dossier& dossier, SignalState to, const Actor& actor, const Timestamp& at,
          std::string reason) {
  dossier.transitions.push_back({dossier.state, to, actor, at, std::move(reason)});
  dossier.state = to;
}

bool is_weegploeg_partner(PartnerKind kind) {
  return std::ranges::find(kWeegploegPartners, kind) != std::end(kWeegploegPartners);
}

// The eleven-test (elfproef) every BSN passes: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 ≡ 0 (mod 11).
bool passes_eleven_test(const std::string& bsn) {
  if (bsn.size() != 9 || !std::ranges::all_of(bsn, [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) sum += static_cast<int>(9 - i) * (bsn[i] - '0');
  sum -= bsn[8] - '0';
  return sum % 11 == 0 && bsn != "000000000";
}

// Another gemeente of the region is no member of this signal's weegploeg, even where a store
// from before the responsible gemeente holds its contribution.
bool speaks_for_weegploeg(const Dossier& dossier, const Actor& actor) {
  return actor.partner_kind != PartnerKind::Gemeente ||
         actor.partner_id == dossier.responsible_gemeente;
}

}  // namespace

Status validate_intake(const SignalIntake& intake, const Date& today) {
  std::vector<Problem> problems;
  if (intake.received_on > today)
    problems.push_back({"receivedOn", "The date of receipt " + intake.received_on +
                                          " lies in the future."});
  if (intake.subject.birth_date > intake.received_on)
    problems.push_back({"subject/birthDate", "The date of birth " + intake.subject.birth_date +
                                                 " lies after the date of receipt."});
  if (intake.subject.bsn && !passes_eleven_test(*intake.subject.bsn))
    problems.push_back({"subject/bsn", "The BSN does not pass the eleven-test; check it for a "
                                       "typing error."});
  if (!problems.empty())
    return Error{ErrorCode::InvalidValue, "The signal was not registered: some values cannot be right.",
                 std::move(problems)};
  return Done{};
}

Dossier open_dossier(std::string signal_id, SignalIntake intake, std::string responsible_gemeente,
                     Actor registered_by, Timestamp now) {
  Dossier dossier;
  dossier.signal_id = std::move(signal_id);
  dossier.intake = std::move(intake);
  dossier.responsible_gemeente = std::move(responsible_gemeente);
  dossier.state = SignalState::Received;
  dossier.round = 1;
  dossier.registered_by = std::move(registered_by);
  dossier.registered_at = std::move(now);
  dossier.transitions.push_back({std::nullopt, SignalState::Received, dossier.registered_by,
                                 dossier.registered_at, "signal registered"});
  return dossier;
}

bool is_current(const Dossier& dossier, const Contribution& contribution) {
  return std::ranges::none_of(dossier.contributions, [&](const Contribution& later) {
    return later.revises && *later.revises == contribution.id;
  });
}

std::vector<const Contribution*> current_contributions(const Dossier& dossier) {
  std::vector<const Contribution*> current;
  for (const Contribution& contribution : dossier.contributions) {
    if (contribution.round == dossier.round && is_current(dossier, contribution) &&
        speaks_for_weegploeg(dossier, contribution.contributor))
      current.push_back(&contribution);
  }
  return current;
}

std::vector<PartnerKind> missing_partners(const Dossier& dossier) {
  const auto current = current_contributions(dossier);
  std::vector<PartnerKind> missing;
  for (PartnerKind partner : kWeegploegPartners) {
    if (std::ranges::none_of(current, [&](const Contribution* c) {
          return c->contributor.partner_kind == partner;
        }))
      missing.push_back(partner);
  }
  return missing;
}

Status submit_contribution(Dossier& dossier, Contribution contribution) {
  const PartnerKind partner = contribution.contributor.partner_kind;
  if (!is_weegploeg_partner(partner))
    return Error{ErrorCode::NotAuthorized,
                 "Only the gemeente, the politie and the OM contribute to the pre-weighing.",
                 {}};
  if (!speaks_for_weegploeg(dossier, contribution.contributor))
    return Error{ErrorCode::NotAuthorized,
                 "Only the responsible gemeente contributes for the gemeente to this signal.",
                 {}};
  if (dossier.state == SignalState::Decided || dossier.state == SignalState::Closed ||
      ended_before_decision(dossier.state))
    return illegal(dossier, "Submitting a contribution");

  const auto current = current_contributions(dossier);
  const auto own = std::ranges::find_if(
      current, [&](const Contribution* c) { return c->contributor.partner_kind == partner; });
  if (contribution.revises) {
    if (own == current.end() || (*own)->id != *contribution.revises)
      return Error{ErrorCode::UnknownContribution,
                   "The contribution to revise (" + *contribution.revises +
                       ") is not the current contribution of " + label(partner) +
                       " to round " + std::to_string(dossier.round) + " of this signal.",
                   {{"revises", "Name the contributionId of your partner's current "
                                "contribution."}}};
  } else if (own != current.end()) {
    return Error{ErrorCode::DuplicateContribution,
                 label(partner) + " already contributed to round " +
                     std::to_string(dossier.round) + " of this signal (contribution " +
                     (*own)->id + "). To change it, submit a revision that names it in revises.",
                 {}};
  }

  contribution.round = dossier.round;
  const Actor actor = contribution.contributor;
  const Timestamp at = contribution.submitted_at;
  dossier.contributions.push_back(std::move(contribution));
  if (dossier.state == SignalState::Received)
    move(dossier, SignalState::AwaitingContributions, actor, at,
         "first contribution to the pre-weighing, by " + label(partner));
  if (dossier.state == SignalState::AwaitingContributions && missing_partners(dossier).empty())
    move(dossier, SignalState::ReadyForWeighing, actor, at,
         "the gemeente, the politie and the OM have each contributed to round " +
             std::to_string(dossier.round));
  return Done{};
}

Status record_decision(Dossier& dossier, Decision decision, const Date& today) {
  if (dossier.state == SignalState::Decided || dossier.state == SignalState::Closed ||
      ended_before_decision(dossier.state))
    return illegal(dossier, "Recording a decision");
  if (const auto missing = missing_partners(dossier); !missing.empty()) {
    Error error{ErrorCode::ContributionsMissing,
                "The weegploeg decides only on the contributions of the gemeente, the politie "
                "and the OM together; round " + std::to_string(dossier.round) +
                    " still misses " + std::to_string(missing.size()) + " of them.",
                {}};
    for (PartnerKind partner : missing)
      error.problems.push_back({"contribution/" + std::string(to_token(partner)),
                                label(partner) + " has not contributed to round " +
                                    std::to_string(dossier.round) + "."});
    return error;
  }

  std::vector<Problem> problems;
  for (PartnerKind partner : kWeegploegPartners) {
    if (std::ranges::none_of(decision.participants,
                             [&](const Participant& p) { return p.partner == partner; }))
      problems.push_back({"participants/" + std::string(to_token(partner)),
                          "Nobody of " + label(partner) + " is listed as present."});
  }
  if (!problems.empty())
    return Error{ErrorCode::ParticipantsMissing,
                 "A weegploeg decision needs someone present for each of the gemeente, the "
                 "politie and the OM.",
                 std::move(problems)};
  if (decision.decided_on < dossier.intake.received_on || decision.decided_on > today)
    return Error{ErrorCode::InvalidValue,
                 "The decision date must lie between the date of receipt (" +
                     dossier.intake.received_on + ") and today.",
                 {{"decidedOn", "Give the date of the weegploeg meeting."}}};

  decision.round = dossier.round;
  const Actor actor = decision.recorded_by;
  const Timestamp at = decision.recorded_at;
  const Course outcome = decision.outcome;
  dossier.decisions.push_back(std::move(decision));
  if (outcome == Course::MoreInformationNeeded) {
    ++dossier.round;
    move(dossier, SignalState::AwaitingContributions, actor, at,
         "the weegploeg asked for more information; round " + std::to_string(dossier.round) +
             " awaits new contributions");
  } else {
    move(dossier, SignalState::Decided, actor, at,
         "the weegploeg decided: " + std::string(to_token(outcome)));
  }
  return Done{};
}

Status close_signal(Dossier& dossier, Closure closure, const Date& today) {
  if (dossier.state != SignalState::Decided) return illegal(dossier, "Closing the signal");
  const Date& decided_on = dossier.decisions.back().decided_on;
  if (closure.closed_on < decided_on || closure.closed_on > today)
    return Error{ErrorCode::InvalidValue,
                 "The closing date must lie between the decision date (" + decided_on +
                     ") and today.",
                 {{"closedOn", "Give the date the follow-up ended."}}};
  const Actor actor = closure.closed_by;
  const Timestamp at = closure.recorded_at;
  std::string reason = "follow-up ended: " + closure.reason;
  dossier.closure = std::move(closure);
  move(dossier, SignalState::Closed, actor, at, std::move(reason));
  return Done{};
}

bool ended_before_decision(SignalState state) {
  return state == SignalState::Withdrawn || state == SignalState::TriagedOut;
}

namespace {

Status reason_required(const std::string& reason, const std::string& what) {
  if (reason.find_first_not_of(" \t\r\n") != std::string::npos) return Done{};
  return Error{ErrorCode::InvalidValue, what + " needs a reason.",
               {{"reason", "Say why, in a sentence the other partners can follow."}}};
}

}  // namespace

Status withdraw_signal(Dossier& dossier, const Actor& actor, const Timestamp& at,
                       const std::string& reason) {
  if (dossier.state == SignalState::Decided || dossier.state == SignalState::Closed ||
      ended_before_decision(dossier.state))
    return illegal(dossier, "Withdrawing the signal");
  // Only the organisation that put the signal in the process may take it out again.
  if (actor.partner_id != dossier.registered_by.partner_id)
    return Error{ErrorCode::NotAuthorized,
                 "Only the partner that registered signal " + dossier.signal_id +
                     " withdraws it.",
                 {}};
  if (auto given = reason_required(reason, "Withdrawing a signal"); !given) return given;
  move(dossier, SignalState::Withdrawn, actor, at, "withdrawn by the registering partner: " + reason);
  return Done{};
}

Status triage_out_signal(Dossier& dossier, const Actor& actor, const Timestamp& at,
                         const std::string& reason) {
  // At intake only: once a partner contributed, the weegploeg weighs it and decides.
  if (dossier.state != SignalState::Received)
    return illegal(dossier, "Finding the signal outside the PGA at intake");
  if (auto given = reason_required(reason, "Finding a signal outside the PGA"); !given)
    return given;
  move(dossier, SignalState::TriagedOut, actor, at, "outside the PGA at intake: " + reason);
  return Done{};
}

const Transfer* pending_transfer(const Dossier& dossier) {
  const auto found = std::ranges::find(dossier.transfers, TransferState::Proposed, &Transfer::state);
  return found == dossier.transfers.end() ? nullptr : &*found;
}

Status propose_transfer(Dossier& dossier, Transfer transfer) {
  if (const Transfer* pending = pending_transfer(dossier))
    return Error{ErrorCode::IllegalTransition,
                 "Signal " + dossier.signal_id + " already has a transfer to " +
                     pending->to_gemeente + " awaiting its answer (transfer " + pending->id + ").",
                 {}};
  if (transfer.to_gemeente == dossier.responsible_gemeente)
    return Error{ErrorCode::InvalidValue,
                 "Signal " + dossier.signal_id + " is already the responsibility of " +
                     transfer.to_gemeente + ".",
                 {{"toGemeente", "Name the gemeente the person moved to."}}};
  transfer.from_gemeente = dossier.responsible_gemeente;
  transfer.from_region = dossier.intake.region;
  transfer.state = TransferState::Proposed;
  dossier.transfers.push_back(std::move(transfer));
  return Done{};
}

Status answer_transfer(Dossier& dossier, TransferAnswer answer, const Actor& actor,
                       const Timestamp& at, std::optional<std::string> reason) {
  const auto found = std::ranges::find(dossier.transfers, TransferState::Proposed, &Transfer::state);
  if (found == dossier.transfers.end())
    return Error{ErrorCode::IllegalTransition,
                 "Signal " + dossier.signal_id + " has no transfer awaiting an answer.", {}};
  Transfer& transfer = *found;
  transfer.answered_by = actor;
  transfer.answered_at = at;
  transfer.answer_reason = std::move(reason);
  if (answer == TransferAnswer::Decline) {
    transfer.state = TransferState::Declined;
    return Done{};
  }
  transfer.state = TransferState::Accepted;
  dossier.responsible_gemeente = transfer.to_gemeente;
  dossier.intake.region = transfer.to_region;
  std::string handover = "responsibility transferred from " + transfer.from_gemeente + " (" +
                         transfer.from_region + ") to " + transfer.to_gemeente + " (" +
                         transfer.to_region + ")";
  const bool round_open = dossier.state == SignalState::AwaitingContributions ||
                          dossier.state == SignalState::ReadyForWeighing;
  const bool round_had_contributions = std::ranges::any_of(
      dossier.contributions, [&](const Contribution& c) { return c.round == dossier.round; });
  if (round_open && round_had_contributions) {
    ++dossier.round;
    move(dossier, SignalState::AwaitingContributions, actor, at,
         handover + "; round " + std::to_string(dossier.round) +
             " restarts the pre-weighing for the new weegploeg");
  } else {
    move(dossier, dossier.state, actor, at, std::move(handover));
  }
  return Done{};
}

Status record_informing(Dossier& dossier, Informing informing, const Date& today,
                        const std::vector<std::string>& ground_codes) {
  if (!dossier.informings.empty() && dossier.informings.back().kind == InformingKind::Informed)
    return Error{ErrorCode::IllegalTransition,
                 "The person was already informed of signal " + dossier.signal_id + " on " +
                     dossier.informings.back().informed_on.value_or("") +
                     "; informing cannot be postponed or recorded again.",
                 {}};
  std::vector<Problem> problems;
  if (informing.kind == InformingKind::Informed) {
    if (!informing.informed_on || *informing.informed_on < dossier.intake.received_on ||
        *informing.informed_on > today)
      problems.push_back({"informed/informedOn", "The date the person was informed must lie "
                                                 "between the date of receipt (" +
                                                     dossier.intake.received_on + ") and today."});
    if (!informing.informed_by || informing.informed_by->empty())
      problems.push_back({"informed/informedBy", "Say who informed the person."});
    if (!informing.means || informing.means->empty())
      problems.push_back({"informed/means", "Say how the person was informed."});
  } else {
    if (!informing.ground_code ||
        std::ranges::find(ground_codes, *informing.ground_code) == ground_codes.end())
      problems.push_back({"postponed/groundCode", "The ground '" +
                                                      informing.ground_code.value_or("") +
                                                      "' is not in the configured list of "
                                                      "grounds for postponing."});
    if (!informing.ground || informing.ground->empty())
      problems.push_back({"postponed/ground", "Give the reasoning for postponing."});
    if (!informing.review_on || *informing.review_on <= today)
      problems.push_back({"postponed/reviewOn", "The review date of a postponement lies after "
                                                "today."});
  }
  if (!problems.empty())
    return Error{ErrorCode::InvalidValue, "Informing the person was not recorded: some values "
                                          "cannot be right.",
                 std::move(problems)};
  dossier.informings.push_back(std::move(informing));
  return Done{};
}

Status record_inclusion_review(Dossier& dossier, InclusionReview review, const Date& today) {
  if (dossier.state != SignalState::Decided || dossier.decisions.empty() ||
      dossier.decisions.back().outcome != Course::IncludeInCasusoverleg)
    return Error{ErrorCode::IllegalTransition,
                 "Only a signal the weegploeg included in the casusoverleg, and not yet closed, "
                 "is reviewed; signal " + dossier.signal_id + " is " +
                     state_label(dossier.state) + ".",
                 {}};
  const Date& since = dossier.reviews.empty() ? dossier.decisions.back().decided_on
                                              : dossier.reviews.back().reviewed_on;
  if (review.reviewed_on < since || review.reviewed_on > today)
    return Error{ErrorCode::InvalidValue,
                 "The review date must lie between " + since + " and today.",
                 {{"reviewedOn", "Give the date the inclusion was reviewed."}}};
  dossier.reviews.push_back(std::move(review));
  return Done{};
}

}  // namespace zvhpga::core
