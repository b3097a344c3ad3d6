#pragma once
// The early-signal process as plain values: a signal (melding), the partners' contributions to
// its pre-weighing, the weegploeg decision, the closure, and the transitions between states.
// No I/O, no clock: times arrive as values from the service layer.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/criteria.h"
#include "core/tokens.h"

namespace zvhpga::core {

// ISO 8601 date "YYYY-MM-DD"; the contract's XSD guarantees the form, so lexical order is
// chronological order.
using Date = std::string;
// ISO 8601 UTC timestamp "YYYY-MM-DDThh:mm:ss.mmmZ".
using Timestamp = std::string;

enum class PartnerKind { Gemeente, Politie, Om, Zvh };
inline constexpr PartnerKind kWeegploegPartners[] = {PartnerKind::Gemeente, PartnerKind::Politie,
                                                      PartnerKind::Om};

enum class Role {
  IntakeOfficer,
  WeegploegMember,
  WeegploegChair,
  ProcessDirector,
  PrivacyOfficer,
  Auditor,
  Administrator,
};

// The door a request came through: the C ABI (the host platform, with its own login, and the
// command line), or the Digikoppeling web service (a partner's own system).
enum class Door { Abi, WebService };

// Withdrawn and TriagedOut end a signal before any decision: withdrawn by the partner that
// registered it, or found outside the PGA at intake. Both are final, like Closed.
enum class SignalState {
  Received,
  AwaitingContributions,
  ReadyForWeighing,
  Decided,
  Closed,
  Withdrawn,
  TriagedOut,
};

enum class Channel { Meldpunt, Wijkagent, PartnerReferral, ZvhPortal, DetentionExit, Other };
enum class ReporterType {
  LocalPartner,
  Citizen,
  MunicipalDepartment,
  DjiOrReclassering,
  Other,
};
// The phenomena the criteria catalogue's duiding.fenomeen offers (a unit test keeps the two
// lists the same), so that the statistics count every one of them.
enum class Phenomenon {
  Jihadisme,
  RechtsExtremisme,
  LinksExtremisme,
  AntiInstitutioneelExtremisme,
  Dierenrechtenextremisme,
  AsielGerelateerdExtremisme,
  KlimaatExtremisme,
  Other,
  Unclear,
};
enum class Urgency { Regular, Urgent, Acute };

// Both a partner's position in its contribution and the weegploeg's outcome.
enum class Course {
  IncludeInCasusoverleg,
  ReferElsewhere,
  CriminalRoute,
  NoFurtherAction,
  MoreInformationNeeded,
};

struct Person {
  std::string name;
  Date birth_date;
  std::optional<std::string> bsn;
  std::string municipality;
};

struct SignalIntake {
  PartnerKind receiving_partner{};
  Channel channel{};
  ReporterType reporter_type{};
  std::string reporter_organisation;
  Date received_on;
  Person subject;
  // What was seen or heard, as reported; interpretation lives only in the hypothesis below and
  // in the partners' contributions.
  std::string observed_facts;
  std::vector<Phenomenon> phenomenon_hypothesis;
  bool online_component = false;
  bool care_concern = false;
  Urgency urgency = Urgency::Regular;
  std::string municipality;
  std::string region;
};

// Who did something: the partner organisation (by its configured id), its kind, the person
// and the role they acted in.
struct Actor {
  std::string partner_id;
  PartnerKind partner_kind{};
  std::string user;
  Role role{};
};

struct Transition {
  std::optional<SignalState> from;  // empty for the registration itself
  SignalState to{};
  Actor actor;
  Timestamp at;
  std::string reason;
};

struct Contribution {
  std::string id;
  int round = 1;
  Actor contributor;
  // Empty means the partner explicitly holds no information on the person.
  std::optional<std::string> information_held;
  std::string legal_basis;
  Course position{};
  std::string reasoning;
  std::optional<std::string> revises;  // id of the contribution this one replaces
  // Kept in the criteria register, apart from the record (service/criteria_register.h).
  // Empty only for records made before criteria answers were kept (schema version 4).
  std::optional<CriteriaAnswers> criteria;
  Timestamp submitted_at;
};

struct Participant {
  PartnerKind partner{};
  std::string name;
};

struct Decision {
  std::string id;
  int round = 1;
  Course outcome{};
  std::string reasoning;
  std::optional<std::string> proportionality_note;
  std::optional<std::string> dissent;
  std::vector<Participant> participants;
  std::string catalogue_version;
  // Kept in the criteria register, apart from the record (service/criteria_register.h).
  // Empty only for records made before criteria answers were kept (schema version 4).
  std::optional<CriteriaAnswers> criteria;
  Date decided_on;
  Actor recorded_by;
  Timestamp recorded_at;
};

struct Closure {
  Date closed_on;
  std::string reason;
  Actor closed_by;
  Timestamp recorded_at;
};

enum class TransferState { Proposed, Accepted, Declined };
enum class TransferAnswer { Accept, Decline };

// The responsible gemeente handing the signal to the gemeente the person moved to (overdracht),
// in the same region or another; the receiving gemeente accepts or declines.
struct Transfer {
  std::string id;
  std::string from_gemeente;
  std::string from_region;
  std::string to_gemeente;
  std::string to_region;
  std::string reason;
  Actor proposed_by;
  Timestamp proposed_at;
  TransferState state = TransferState::Proposed;
  // Set once the receiving gemeente answered.
  std::optional<Actor> answered_by;
  std::optional<Timestamp> answered_at;
  std::optional<std::string> answer_reason;
};

// Whether the person was told of the processing (AVG art. 14), or why not yet.
enum class InformingKind { Informed, Postponed };

// One step in informing the person, appended in order; the last one says where it stands. A
// postponement names its legal ground twice: a code from the configured list (configuration
// informing, unconfirmed) and the reasoning in words, and the date it is to be looked at again.
struct Informing {
  std::string id;
  InformingKind kind{};
  // Informed: the date, who told the person (a name or function, free text) and how.
  std::optional<Date> informed_on;
  std::optional<std::string> informed_by;
  std::optional<std::string> means;
  // Postponed: the ground's code and reasoning, and the review date.
  std::optional<std::string> ground_code;
  std::optional<std::string> ground;
  std::optional<Date> review_on;
  Actor recorded_by;
  Timestamp recorded_at;
};

// A periodic review of an inclusion in the casusoverleg: who looked at it, when and what they
// concluded. Its recorded_at restarts the review limit (core/time_limits.h).
struct InclusionReview {
  std::string id;
  Date reviewed_on;
  std::string conclusion;
  Actor recorded_by;
  Timestamp recorded_at;
};

// Everything recorded about one signal. Contributions, decisions and transitions are
// append-only histories, in the order they happened.
struct Dossier {
  std::string signal_id;
  // intake.region is the signal's region now: a transfer to a gemeente of another region moves
  // the signal there (the transfer keeps where it came from).
  SignalIntake intake;
  SignalState state = SignalState::Received;
  int round = 1;
  Actor registered_by;
  Timestamp registered_at;
  // The partner id of the gemeente where the person lives, whose mayor answers for the signal
  // (Stb. 2025, 78): the only gemeente that sees it and acts in its weegploeg.
  std::string responsible_gemeente;
  std::vector<Contribution> contributions;
  std::vector<Decision> decisions;
  std::vector<Transition> transitions;
  std::optional<Closure> closure;
  std::vector<Transfer> transfers;  // in the order they were proposed
  std::vector<Informing> informings;        // in the order they were recorded
  std::vector<InclusionReview> reviews;     // in the order they were recorded
};

template <>
struct TokenTable<PartnerKind> {
  static constexpr std::pair<PartnerKind, std::string_view> entries[] = {
      {PartnerKind::Gemeente, "gemeente"},
      {PartnerKind::Politie, "politie"},
      {PartnerKind::Om, "om"},
      {PartnerKind::Zvh, "zvh"},
  };
};
template <>
struct TokenTable<Role> {
  static constexpr std::pair<Role, std::string_view> entries[] = {
      {Role::IntakeOfficer, "intake-officer"},
      {Role::WeegploegMember, "weegploeg-member"},
      {Role::WeegploegChair, "weegploeg-chair"},
      {Role::ProcessDirector, "process-director"},
      {Role::PrivacyOfficer, "privacy-officer"},
      {Role::Auditor, "auditor"},
      {Role::Administrator, "administrator"},
  };
};
template <>
struct TokenTable<Door> {
  static constexpr std::pair<Door, std::string_view> entries[] = {
      {Door::Abi, "abi"},
      {Door::WebService, "web-service"},
  };
};
template <>
struct TokenTable<SignalState> {
  static constexpr std::pair<SignalState, std::string_view> entries[] = {
      {SignalState::Received, "received"},
      {SignalState::AwaitingContributions, "awaiting-contributions"},
      {SignalState::ReadyForWeighing, "ready-for-weighing"},
      {SignalState::Decided, "decided"},
      {SignalState::Closed, "closed"},
      {SignalState::Withdrawn, "withdrawn"},
      {SignalState::TriagedOut, "triaged-out"},
  };
};
template <>
struct TokenTable<TransferState> {
  static constexpr std::pair<TransferState, std::string_view> entries[] = {
      {TransferState::Proposed, "proposed"},
      {TransferState::Accepted, "accepted"},
      {TransferState::Declined, "declined"},
  };
};
template <>
struct TokenTable<TransferAnswer> {
  static constexpr std::pair<TransferAnswer, std::string_view> entries[] = {
      {TransferAnswer::Accept, "accept"},
      {TransferAnswer::Decline, "decline"},
  };
};
template <>
struct TokenTable<InformingKind> {
  static constexpr std::pair<InformingKind, std::string_view> entries[] = {
      {InformingKind::Informed, "informed"},
      {InformingKind::Postponed, "postponed"},
  };
};
template <>
struct TokenTable<Channel> {
  static constexpr std::pair<Channel, std::string_view> entries[] = {
      {Channel::Meldpunt, "meldpunt"},
      {Channel::Wijkagent, "wijkagent"},
      {Channel::PartnerReferral, "partner-referral"},
      {Channel::ZvhPortal, "zvh-portal"},
      {Channel::DetentionExit, "detention-exit"},
      {Channel::Other, "other"},
  };
};
template <>
struct TokenTable<ReporterType> {
  static constexpr std::pair<ReporterType, std::string_view> entries[] = {
      {ReporterType::LocalPartner, "local-partner"},
      {ReporterType::Citizen, "citizen"},
      {ReporterType::MunicipalDepartment, "municipal-department"},
      {ReporterType::DjiOrReclassering, "dji-reclassering"},
      {ReporterType::Other, "other"},
  };
};
template <>
struct TokenTable<Phenomenon> {
  static constexpr std::pair<Phenomenon, std::string_view> entries[] = {
      {Phenomenon::Jihadisme, "jihadisme"},
      {Phenomenon::RechtsExtremisme, "rechts-extremisme"},
      {Phenomenon::LinksExtremisme, "links-extremisme"},
      {Phenomenon::AntiInstitutioneelExtremisme, "anti-institutioneel-extremisme"},
      {Phenomenon::Dierenrechtenextremisme, "dierenrechtenextremisme"},
      {Phenomenon::AsielGerelateerdExtremisme, "asiel-gerelateerd-extremisme"},
      {Phenomenon::KlimaatExtremisme, "klimaat-extremisme"},
      {Phenomenon::Other, "other"},
      {Phenomenon::Unclear, "unclear"},
  };
};
template <>
struct TokenTable<Urgency> {
  static constexpr std::pair<Urgency, std::string_view> entries[] = {
      {Urgency::Regular, "regular"},
      {Urgency::Urgent, "urgent"},
      {Urgency::Acute, "acute"},
  };
};
template <>
struct TokenTable<Course> {
  static constexpr std::pair<Course, std::string_view> entries[] = {
      {Course::IncludeInCasusoverleg, "include-in-casusoverleg"},
      {Course::ReferElsewhere, "refer-elsewhere"},
      {Course::CriminalRoute, "criminal-route"},
      {Course::NoFurtherAction, "no-further-action"},
      {Course::MoreInformationNeeded, "more-information-needed"},
  };
};

}  // namespace zvhpga::core
