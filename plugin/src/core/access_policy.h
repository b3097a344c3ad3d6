#pragma once
// Who may do what, decided in one place (docs/roles.md shows the same table), and what a
// caller's worklist holds. Finer need-to-know (region, included cases only, locked signals)
// builds on this table.
#include <optional>
#include <string_view>
#include <vector>

#include "core/domain.h"

namespace zvhpga::core {

enum class Operation {
  RegisterSignal,
  SubmitContribution,
  RecordDecision,
  CloseSignal,
  GetSignal,
  ListWorklist,
  VerifyAuditTrail,
  ExportSubjectData,
  ReleaseSubjectData,
  WithholdItem,
  IsPersonKnown,
  GetForm,
  GetStatistics,
  PlaceLegalHold,
  ReleaseLegalHold,
  ApproveDestruction,
  ProposeTransfer,
  RespondToTransfer,
  RecordInforming,
  RecordInclusionReview,
  WithdrawSignal,
  TriageOutSignal,
  ForecastRetention,
  SubmitForm,
};

template <>
struct TokenTable<Operation> {
  static constexpr std::pair<Operation, std::string_view> entries[] = {
      {Operation::RegisterSignal, "RegisterSignal"},
      {Operation::SubmitContribution, "SubmitContribution"},
      {Operation::RecordDecision, "RecordDecision"},
      {Operation::CloseSignal, "CloseSignal"},
      {Operation::GetSignal, "GetSignal"},
      {Operation::ListWorklist, "ListWorklist"},
      {Operation::VerifyAuditTrail, "VerifyAuditTrail"},
      {Operation::ExportSubjectData, "ExportSubjectData"},
      {Operation::ReleaseSubjectData, "ReleaseSubjectData"},
      {Operation::WithholdItem, "WithholdItem"},
      {Operation::IsPersonKnown, "IsPersonKnown"},
      {Operation::GetForm, "GetForm"},
      {Operation::GetStatistics, "GetStatistics"},
      {Operation::PlaceLegalHold, "PlaceLegalHold"},
      {Operation::ReleaseLegalHold, "ReleaseLegalHold"},
      {Operation::ApproveDestruction, "ApproveDestruction"},
      {Operation::ProposeTransfer, "ProposeTransfer"},
      {Operation::RespondToTransfer, "RespondToTransfer"},
      {Operation::RecordInforming, "RecordInforming"},
      {Operation::RecordInclusionReview, "RecordInclusionReview"},
      {Operation::WithdrawSignal, "WithdrawSignal"},
      {Operation::TriageOutSignal, "TriageOutSignal"},
      {Operation::ForecastRetention, "ForecastRetention"},
      {Operation::SubmitForm, "SubmitForm"},
  };
};

// The privileged roles: the privacy officer, the auditor and the administrator read what no
// case worker reads (the whole dossier, the logs).
bool is_privileged(Role role);

// Whether a partner of `kind` may assert `role` at `door` by default, before its partner entry
// narrows or widens that (docs/roles.md, "Roles per partner kind"): the weegploeg partners
// their case roles, the zvh its process director, a gemeente its privacy officer, every kind its
// auditor and administrator; the privileged roles never through the web service.
bool asserts_by_default(PartnerKind kind, Door door, Role role);

// Whether a caller acting in `role` for a partner of `kind` may perform `operation` at all.
bool is_permitted(Role role, PartnerKind kind, Operation operation);

// The operation a form of this stage stores when it is submitted (SubmitForm).
Operation operation_of_stage(Stage stage);

// Whether the operation changes what the store records (beyond its audit record and processing
// log): a retry of such an operation must get the first answer back instead of running again
// (docs/contract.md, "Retried requests"). The others only read and may simply run again.
bool changes_records(Operation operation);

// Whether a signal is within the need-to-know of the caller's organisation at all: a signal of
// the caller's region, and for a gemeente only the signal it is the responsible gemeente of.
// The other gemeenten of the region know of the signal no more than another region does.
// Every handler that names a signal, every list of signals and every search for a person asks
// this before anything else.
bool within_need_to_know(const Actor& caller, std::string_view caller_region,
                         std::string_view signal_region, std::string_view responsible_gemeente);

// Whether a caller in this role may read the content of a signal of its own region.
//   Hidden:  as if the signal did not exist (the ZVH process director before inclusion).
//   Locked:  a signal the weegploeg decided not to pursue, readable only by the privacy
//            officer until it is destroyed.
enum class ContentAccess { Visible, Locked, Hidden };
ContentAccess content_access(Role role, const Dossier& dossier);

// Whether this actor may close this signal of its own region: the permission table, and for
// the ZVH process director only a signal the weegploeg included in the casusoverleg, the cases
// the director runs on the host. The chair closes any signal; whether it is decided and the
// closing date is plausible is the state machine's to say (close_signal), after this.
bool may_close_signal(const Actor& actor, const Dossier& dossier);

enum class Awaiting { Contribution, Decision, Closure, Review };

template <>
struct TokenTable<Awaiting> {
  static constexpr std::pair<Awaiting, std::string_view> entries[] = {
      {Awaiting::Contribution, "contribution"},
      {Awaiting::Decision, "decision"},
      {Awaiting::Closure, "closure"},
      {Awaiting::Review, "review"},
  };
};

// What a signal awaits from this caller, if anything.
std::optional<Awaiting> awaited_from(Role role, PartnerKind kind, SignalState state,
                                     std::optional<Course> last_outcome,
                                     const std::vector<PartnerKind>& contributed_this_round);

// Whether a caller in this role sees, in its worklist, the decision outcomes the host platform
// has not acknowledged yet: the ZVH process director, who runs the casusoverleg on the host.
bool sees_undelivered_pushes(Role role);

// Whether a caller in this role sees, in its worklist, every signal of its region that is past
// a time limit (core/time_limits.h), whatever it awaits and from whom: the process director,
// who runs the process for the region and is to notice a stall. Such an item names the
// signal's id, state and dates, none of its content, as a transfer offer does.
bool watches_time_limits(Role role);

// The states in which a signal can await something from a caller in this role.
std::vector<SignalState> states_awaiting(Role role);

}  // namespace zvhpga::core
