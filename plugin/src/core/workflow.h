#pragma once
// The state machine of one signal and the integral rule of the weegploeg:
//
//   received ──first contribution──► awaiting-contributions ──all three──► ready-for-weighing
//   ready-for-weighing ──decision──► decided ──closure──► closed
//   ready-for-weighing ──"more information needed"──► awaiting-contributions (next round)
//   received, awaiting-contributions, ready-for-weighing ──withdrawal──► withdrawn
//   received ──outside the PGA──► triaged-out
//
// Each function checks a command against the dossier and, only if every rule holds, applies
// it: appends the record, moves the state and appends the transitions that say who, when and
// why. On an error the dossier is left exactly as it was. No function here decides anything
// about the person: people decide, these functions record and enforce the procedure.
#include <vector>

#include "core/domain.h"
#include "core/result.h"

namespace zvhpga::core {

// Checks what can be checked of an intake beyond the schema: dates that cannot be (in the
// future, birth after receipt) and a BSN that fails the eleven-test. Lists every problem.
Status validate_intake(const SignalIntake& intake, const Date& today);

// A new dossier in state received, with its registration transition.
Dossier open_dossier(std::string signal_id, SignalIntake intake, std::string responsible_gemeente,
                     Actor registered_by, Timestamp now);

// The contributions of the dossier's current round that no later revision replaced and that
// speak for the weegploeg: a gemeente's only when it is the responsible gemeente.
std::vector<const Contribution*> current_contributions(const Dossier& dossier);
bool is_current(const Dossier& dossier, const Contribution& contribution);
// Weegploeg partners (gemeente, politie, OM) without a current contribution this round.
std::vector<PartnerKind> missing_partners(const Dossier& dossier);

// contribution.round is ignored and set to the dossier's round.
Status submit_contribution(Dossier& dossier, Contribution contribution);
// decision.round is ignored and set to the dossier's round. today bounds decided_on.
Status record_decision(Dossier& dossier, Decision decision, const Date& today);
Status close_signal(Dossier& dossier, Closure closure, const Date& today);
// The partner that registered the signal takes it back before a decision; reason is required.
Status withdraw_signal(Dossier& dossier, const Actor& actor, const Timestamp& at,
                       const std::string& reason);
// The signal is found outside the PGA at intake, before the pre-weighing began; reason is
// required.
Status triage_out_signal(Dossier& dossier, const Actor& actor, const Timestamp& at,
                         const std::string& reason);
// Whether the signal's course ended before any decision (withdrawn or triaged out).
bool ended_before_decision(SignalState state);

// The pending transfer of the dossier, if any: at most one at a time.
const Transfer* pending_transfer(const Dossier& dossier);
// Records a proposal by the responsible gemeente; its from_* are taken from the dossier and its
// state is proposed. Refused while another transfer is pending or to the gemeente responsible.
Status propose_transfer(Dossier& dossier, Transfer transfer);
// The receiving gemeente's answer to the pending transfer. On acceptance the receiving gemeente
// becomes responsible and the signal moves to its region; an open round that had contributions
// restarts (round + 1, awaiting contributions) for the new weegploeg, whose partners have not
// weighed it yet; either way a transition records the handover. The retention clock is not the
// workflow's: it runs on.
Status answer_transfer(Dossier& dossier, TransferAnswer answer, const Actor& actor,
                       const Timestamp& at, std::optional<std::string> reason);

// Records a step in informing the person (AVG art. 14): informed on a date, or informing
// postponed on a ground whose code is one of `ground_codes` (the configured list) until a
// review date after today; a later postponement replaces the review date. Once the person was
// informed no step follows: informing cannot be undone. The informed date lies between the
// date of receipt and today.
Status record_informing(Dossier& dossier, Informing informing, const Date& today,
                        const std::vector<std::string>& ground_codes);

// Records a periodic review of an inclusion in the casusoverleg: only while the signal stands
// decided to include, dated between the decision (or the review before it) and today.
Status record_inclusion_review(Dossier& dossier, InclusionReview review, const Date& today);

}  // namespace zvhpga::core
