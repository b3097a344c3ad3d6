#pragma once
// The operations of the contract as typed values: what the codec decodes requests into and
// encodes responses from. One struct per request and per response document.
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/access_policy.h"
#include "core/domain.h"
#include "core/statistics.h"
#include "criteria/form.h"
#include "ports/audit.h"
#include "ports/outbox.h"
#include "ports/privacy.h"
#include "ports/retention.h"
#include "ports/store.h"

namespace zvhpga::contract {

struct RegisterSignal {
  core::SignalIntake intake;
  // The gemeente where the person lives, by partner id or OIN; empty: the handler's default
  // (docs/contract.md, "The responsible gemeente").
  std::optional<std::string> responsible_gemeente;
};
struct SubmitContribution {
  std::string signal_id;
  std::optional<std::string> revises;
  std::optional<std::string> information_held;
  std::string legal_basis;
  core::Course position{};
  std::string reasoning;
  std::optional<core::CriteriaAnswers> criteria;
};
struct RecordDecision {
  std::string signal_id;
  core::Course outcome{};
  core::Date decided_on;
  std::string reasoning;
  std::optional<std::string> proportionality_note;
  std::optional<std::string> dissent;
  std::vector<core::Participant> participants;
  std::string catalogue_version;
  std::optional<core::CriteriaAnswers> criteria;
};
struct CloseSignal {
  std::string signal_id;
  core::Date closed_on;
  std::string reason;
};
struct GetSignal {
  std::string signal_id;
};
struct ListWorklist {};
struct VerifyAuditTrail {
  std::vector<ports::Checkpoint> checkpoints;
};
// A data subject as a requester names them: by BSN, or by name and date of birth.
struct SubjectKey {
  std::optional<std::string> bsn;
  std::string name;
  core::Date birth_date;
};
struct ExportSubjectData {
  SubjectKey subject;
};
struct ReleaseSubjectData {
  SubjectKey subject;
};
struct WithholdItem {
  std::string signal_id;
  std::string item_id;
  std::string legal_ground;
};
struct IsPersonKnown {
  SubjectKey subject;
};
struct GetForm {
  core::Stage stage{};
  std::optional<core::PartnerKind> partner;  // empty: the caller's own kind
  bool include_xhtml = false;
  int heading_level = 2;  // of the XHTML form's own heading, 1 to 5
  // The form one person fills for this signal: it names the melding and carries the stage's
  // own questions; its XHTML then is what SubmitForm takes back. Empty: the stage's questions.
  std::optional<std::string> signal_id;
  // Answers already entered (application/x-www-form-urlencoded), put back into their fields.
  std::optional<std::string> entered;
};
struct GetStatistics {
  core::Date from;
  core::Date to;
  std::optional<std::string> region;  // empty: the caller's own
};

struct PlaceLegalHold {
  std::string signal_id;
  std::string reason;
  core::Date review_on;
};
struct ReleaseLegalHold {
  std::string signal_id;
  std::string hold_id;
};
struct ApproveDestruction {
  std::string proposal_id;
};

struct ProposeTransfer {
  std::string signal_id;
  std::string to_gemeente;  // partner id or OIN
  std::string reason;
};
struct RespondToTransfer {
  std::string signal_id;
  std::string transfer_id;
  core::TransferAnswer answer{};
  std::optional<std::string> reason;
};

// Either informed (date, by whom, how) or postponed (ground code and reasoning, review date);
// the schema allows exactly one of the two.
struct RecordInforming {
  std::string signal_id;
  core::InformingKind kind{};
  std::optional<core::Date> informed_on;
  std::optional<std::string> informed_by;
  std::optional<std::string> means;
  std::optional<std::string> ground_code;
  std::optional<std::string> ground;
  std::optional<core::Date> review_on;
};
struct RecordInclusionReview {
  std::string signal_id;
  core::Date reviewed_on;
  std::string conclusion;
};
// The signal ends before a decision (core::withdraw_signal, core::triage_out_signal).
struct WithdrawSignal {
  std::string signal_id;
  std::string reason;
};
struct TriageOutSignal {
  std::string signal_id;
  std::string reason;
};

// What falls due by the end of `until`, for the caller's region (service::forecast).
struct ForecastRetention {
  core::Date until;
};
// The posted fields of a form GetForm gave, exactly as the browser sent them
// (application/x-www-form-urlencoded, the host's own fields such as its CSRF token taken out).
struct SubmitForm {
  std::optional<std::string> signal_id;  // none for the intake form, which registers one
  core::Stage stage{};
  std::string fields;
  int heading_level = 2;  // of the form shown again, as GetForm's
  // Not in the document: what the pipeline read from `fields` before the handler runs. The
  // posted fields, and the stage's request they make, checked by the contract's schema, or the
  // schema's refusal of it (a form shown again, not an error).
  criteria::FormFields posted;
  std::optional<std::variant<RegisterSignal, SubmitContribution, RecordDecision, CloseSignal>>
      stage_request;
  std::optional<core::Error> refused;
};

// Alternatives in the order of core::Operation.
using Request = std::variant<RegisterSignal, SubmitContribution, RecordDecision, CloseSignal,
                             GetSignal, ListWorklist, VerifyAuditTrail, ExportSubjectData,
                             ReleaseSubjectData, WithholdItem, IsPersonKnown, GetForm,
                             GetStatistics, PlaceLegalHold, ReleaseLegalHold,
                             ApproveDestruction, ProposeTransfer, RespondToTransfer,
                             RecordInforming, RecordInclusionReview,
                             WithdrawSignal, TriageOutSignal, ForecastRetention, SubmitForm>;

static_assert(std::is_same_v<std::variant_alternative_t<
                                 static_cast<std::size_t>(core::Operation::SubmitForm),
                                 Request>,
                             SubmitForm>,
              "Request alternatives follow the order of core::Operation");

inline core::Operation operation_of(const Request& request) {
  return static_cast<core::Operation>(request.index());
}

// The requestedBy element a request may carry: the user and role as written (the pipeline
// checks the role against the known roles and against what the door presented), and the user
// assertion that must name the same user and role, when there is one.
struct RequestedBy {
  std::string user;
  std::string role;
  std::optional<std::string> assertion;
};

// A request document decoded once, whole: the operation's message, who it says asks, and the
// requestId the caller gave it (empty: none).
struct DecodedRequest {
  Request message;
  std::optional<RequestedBy> requested_by;
  std::string request_id;
};

struct SignalRegistered {
  std::string signal_id;
  core::SignalState state{};
};
struct ContributionAccepted {
  std::string signal_id;
  std::string contribution_id;
  core::SignalState state{};
  int round = 1;
  std::vector<core::PartnerKind> awaiting_partners;
};
struct DecisionRecorded {
  std::string signal_id;
  std::string decision_id;
  core::SignalState state{};
  int round = 1;
};
struct SignalClosed {
  std::string signal_id;
  core::SignalState state{};
};
// Another signal about the same person, on record and open to the caller (docs/crypto-shredding.md).
struct RelatedSignal {
  std::string signal_id;
  core::Date received_on;
  core::SignalState state{};
};
struct SignalDossier {
  core::Dossier dossier;
  std::vector<RelatedSignal> related_signals;
};
struct WorklistItem {
  std::string signal_id;
  core::SignalState state{};
  int round = 1;
  core::Date received_on;
  core::Timestamp registered_at;
  core::Awaiting awaiting{};
  // Set when the signal is past the time limit of what it awaits (core/time_limits.h): the
  // moment the limit passed.
  std::optional<core::Timestamp> overdue_since;
};
struct Worklist {
  std::vector<WorklistItem> items;
  // Transfers awaiting the answer of the caller's gemeente (its weegploeg's case workers).
  std::vector<ports::TransferOffer> transfer_offers;
  // Outcome pushes the host platform has not acknowledged yet (process director only).
  std::vector<ports::OutcomePush> undelivered_pushes;
  // Postponements of informing the person whose review date has come (privacy officer only).
  std::vector<ports::PostponementDue> postponements_due;
};

struct AuditTrailVerified {
  ports::Verification verification;
};

// Everything held about one data subject; in a release, withheld items are left out of the
// dossiers and listed with their legal ground.
struct SubjectData {
  std::vector<core::Dossier> dossiers;
  std::vector<ports::WithheldItem> withheld;
  std::vector<ports::ProcessingLine> processing;
};
struct SubjectDataExported {
  SubjectData data;
};
struct SubjectDataReleased {
  SubjectData data;
};
struct ItemWithheld {
  std::string signal_id;
  std::string item_id;
};
struct PersonKnown {
  bool known = false;
  std::optional<std::string> contact_point;
  // The names of the gemeenten responsible for the current cases: the person's single contact
  // point for their rights (Stb. 2025, 78). Empty when the person is not known.
  std::vector<std::string> responsible_gemeenten;
};

// The form of one stage from the catalogue in force, which outlives every request.
struct FormDefinition {
  const core::Catalogue* catalogue = nullptr;
  core::Stage stage{};
  core::PartnerKind partner{};
  bool include_xhtml = false;
  int heading_level = 2;
  // A form for one signal, filled in as the person left it (GetForm with signalId, SubmitForm).
  std::optional<criteria::FilledIn> filled_in;
};

struct StatisticsFigures {
  core::Statistics statistics;
};
struct LegalHoldPlaced {
  std::string signal_id;
  std::string hold_id;
};
struct LegalHoldReleased {
  std::string signal_id;
  std::string hold_id;
};
struct DestructionApproved {
  std::string proposal_id;
  std::int64_t signals = 0;
};

struct TransferProposed {
  std::string signal_id;
  std::string transfer_id;
};
struct TransferAnswered {
  std::string signal_id;
  std::string transfer_id;
  core::TransferState transfer_state{};
  std::string responsible_gemeente;
  core::SignalState state{};
  int round = 1;
};

struct InformingRecorded {
  std::string signal_id;
  std::string informing_id;
  core::InformingKind kind{};
};
struct InclusionReviewed {
  std::string signal_id;
  std::string review_id;
  // When the next review falls due under the configured limit.
  core::Timestamp next_review_due;
};

struct SignalWithdrawn {
  std::string signal_id;
  core::SignalState state{};
};
struct SignalTriagedOut {
  std::string signal_id;
  core::SignalState state{};
};

struct RetentionForecast {
  core::Date until;
  std::vector<ports::ForecastItem> items;
};

// What a submitted form came to: stored (the operation it ran and what that answered), or
// refused and the same form again, filled in as it was sent, with the problems at the top.
struct FormSubmitted {
  std::variant<SignalRegistered, ContributionAccepted, DecisionRecorded, SignalClosed,
               FormDefinition>
      outcome;
  std::optional<core::ErrorCode> refusal;  // the code of the refused operation
};

// Alternatives in the order of the operations they answer (codec.cpp, kResponseElements).
using Response = std::variant<SignalRegistered, ContributionAccepted, DecisionRecorded,
                              SignalClosed, SignalDossier, Worklist, AuditTrailVerified,
                              SubjectDataExported, SubjectDataReleased, ItemWithheld, PersonKnown,
                              FormDefinition, StatisticsFigures, LegalHoldPlaced,
                              LegalHoldReleased, DestructionApproved, TransferProposed,
                              TransferAnswered, InformingRecorded, InclusionReviewed,
                              SignalWithdrawn, SignalTriagedOut, RetentionForecast, FormSubmitted>;

}  // namespace zvhpga::contract
