#include "contract/codec.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/workflow.h"
#include "criteria/form.h"
#include "xml/reader.h"
#include "xml/writer.h"

namespace zvhpga::contract {
namespace {

using core::from_token;
using core::to_token;

std::string request_element(core::Operation operation) {
  return std::string(to_token(operation)) + "Request";
}

template <typename Enum>
Enum child_enum(const xmlNode& parent, std::string_view name) {
  const std::string token = xml::child_token(parent, name);
  if (auto value = from_token<Enum>(token)) return *value;
  throw std::logic_error("validated document has an unknown token in " + std::string(name));
}

template <typename Enum>
std::string token_of(Enum value) {
  return std::string(to_token(value));
}

// ---- decoding ----

core::SignalIntake decode_intake(const xmlNode& node) {
  core::SignalIntake intake;
  intake.receiving_partner = child_enum<core::PartnerKind>(node, "receivingPartner");
  intake.channel = child_enum<core::Channel>(node, "channel");
  const xmlNode& reporter = xml::child(node, "reporter");
  intake.reporter_type = child_enum<core::ReporterType>(reporter, "type");
  intake.reporter_organisation = xml::child_text(reporter, "organisation");
  intake.received_on = xml::child_token(node, "receivedOn");
  const xmlNode& subject = xml::child(node, "subject");
  intake.subject.name = xml::child_text(subject, "name");
  intake.subject.birth_date = xml::child_token(subject, "birthDate");
  intake.subject.bsn = xml::optional_child_text(subject, "bsn");
  intake.subject.municipality = xml::child_text(subject, "municipality");
  intake.observed_facts = xml::child_text(node, "observedFacts");
  if (const xmlNode* hypothesis = xml::find_child(node, "phenomenonHypothesis")) {
    for (const xmlNode* phenomenon : xml::children(*hypothesis, "phenomenon")) {
      const auto value = from_token<core::Phenomenon>(xml::text(*phenomenon));
      if (!value) throw std::logic_error("validated document has an unknown phenomenon");
      // Multi-select: a repeated choice is the same choice.
      if (std::find(intake.phenomenon_hypothesis.begin(), intake.phenomenon_hypothesis.end(),
                    *value) == intake.phenomenon_hypothesis.end())
        intake.phenomenon_hypothesis.push_back(*value);
    }
  }
  intake.online_component = xml::child_bool(node, "onlineComponent");
  intake.care_concern = xml::child_bool(node, "careConcern");
  intake.urgency = child_enum<core::Urgency>(node, "urgency");
  intake.municipality = xml::child_text(node, "municipality");
  intake.region = xml::child_text(node, "region");
  return intake;
}

std::vector<core::Participant> decode_participants(const xmlNode& node) {
  std::vector<core::Participant> participants;
  for (const xmlNode* participant : xml::children(node, "participant"))
    participants.push_back({child_enum<core::PartnerKind>(*participant, "partner"),
                            xml::child_text(*participant, "name")});
  return participants;
}

std::optional<core::CriteriaAnswers> decode_criteria(const xmlNode& parent) {
  const xmlNode* node = xml::find_child(parent, "criteriaAnswers");
  if (node == nullptr) return std::nullopt;
  core::CriteriaAnswers answers;
  answers.catalogue_version = xml::attribute(*node, "catalogueVersion");
  for (const xmlNode* entry : xml::children(*node, "answer")) {
    core::Answer answer;
    answer.criterion_id = xml::attribute(*entry, "criterion");
    if (xml::find_child(*entry, "assessment") != nullptr)
      answer.assessment = child_enum<core::Assessment>(*entry, "assessment");
    answer.text = xml::optional_child_text(*entry, "text");
    for (const xmlNode* choice : xml::children(*entry, "choice"))
      answer.choices.push_back(xml::text(*choice));
    answer.reasoning = xml::optional_child_text(*entry, "reasoning");
    for (const xmlNode* evidence : xml::children(*entry, "evidence")) {
      const auto source = from_token<core::EvidenceSource>(xml::attribute(*evidence, "source"));
      if (!source) throw std::logic_error("validated document has an unknown evidence source");
      answer.evidence.push_back({*source, xml::attribute(*evidence, "ref")});
    }
    answers.answers.push_back(std::move(answer));
  }
  return answers;
}

SubmitContribution decode_contribution(const xmlNode& node) {
  SubmitContribution request;
  request.signal_id = xml::child_token(node, "signalId");
  if (xml::find_child(node, "revises") != nullptr)
    request.revises = xml::child_token(node, "revises");
  request.information_held = xml::optional_child_text(node, "informationHeld");
  request.legal_basis = xml::child_text(node, "legalBasis");
  request.position = child_enum<core::Course>(node, "position");
  request.reasoning = xml::child_text(node, "reasoning");
  request.criteria = decode_criteria(node);
  return request;
}

SubjectKey decode_subject(const xmlNode& request) {
  const xmlNode& subject = xml::child(request, "subject");
  SubjectKey key;
  if (xml::find_child(subject, "bsn") != nullptr) {
    key.bsn = xml::child_token(subject, "bsn");
  } else {
    key.name = xml::child_text(subject, "name");
    key.birth_date = xml::child_token(subject, "birthDate");
  }
  return key;
}

RecordDecision decode_decision(const xmlNode& node) {
  RecordDecision request;
  request.signal_id = xml::child_token(node, "signalId");
  request.outcome = child_enum<core::Course>(node, "outcome");
  request.decided_on = xml::child_token(node, "decidedOn");
  request.reasoning = xml::child_text(node, "reasoning");
  request.proportionality_note = xml::optional_child_text(node, "proportionalityNote");
  request.dissent = xml::optional_child_text(node, "dissent");
  request.participants = decode_participants(xml::child(node, "participants"));
  request.catalogue_version = xml::child_text(node, "criteriaCatalogueVersion");
  request.criteria = decode_criteria(node);
  return request;
}

// ---- encoding ----

class Encoder {
 public:
  explicit Encoder(const std::string& root) : writer_(kNamespace, root) {}

  xml::Document finish() { return writer_.release(); }
  xmlNode* root() const { return writer_.root(); }

  void text(xmlNode* parent, const std::string& name, const std::string& value) {
    writer_.add(parent, name, value);
  }
  void optional(xmlNode* parent, const std::string& name, const std::optional<std::string>& value) {
    writer_.add_optional(parent, name, value);
  }
  template <typename Enum>
  void token(xmlNode* parent, const std::string& name, Enum value) {
    writer_.add(parent, name, token_of(value));
  }
  void number(xmlNode* parent, const std::string& name, int value) {
    writer_.add(parent, name, std::to_string(value));
  }
  void boolean(xmlNode* parent, const std::string& name, bool value) {
    writer_.add(parent, name, value ? "true" : "false");
  }
  xmlNode* element(xmlNode* parent, const std::string& name) { return writer_.add(parent, name); }

  void intake(xmlNode* node, const core::SignalIntake& intake) {
    token(node, "receivingPartner", intake.receiving_partner);
    token(node, "channel", intake.channel);
    xmlNode* reporter = element(node, "reporter");
    token(reporter, "type", intake.reporter_type);
    text(reporter, "organisation", intake.reporter_organisation);
    text(node, "receivedOn", intake.received_on);
    xmlNode* subject = element(node, "subject");
    text(subject, "name", intake.subject.name);
    text(subject, "birthDate", intake.subject.birth_date);
    optional(subject, "bsn", intake.subject.bsn);
    text(subject, "municipality", intake.subject.municipality);
    text(node, "observedFacts", intake.observed_facts);
    if (!intake.phenomenon_hypothesis.empty()) {
      xmlNode* hypothesis = element(node, "phenomenonHypothesis");
      for (core::Phenomenon phenomenon : intake.phenomenon_hypothesis)
        token(hypothesis, "phenomenon", phenomenon);
    }
    boolean(node, "onlineComponent", intake.online_component);
    boolean(node, "careConcern", intake.care_concern);
    token(node, "urgency", intake.urgency);
    text(node, "municipality", intake.municipality);
    text(node, "region", intake.region);
  }

  void actor(xmlNode* parent, const std::string& name, const core::Actor& actor) {
    xmlNode* node = element(parent, name);
    text(node, "partnerId", actor.partner_id);
    token(node, "partnerKind", actor.partner_kind);
    text(node, "user", actor.user);
    token(node, "role", actor.role);
  }

  void dossier(xmlNode* node, const core::Dossier& dossier);
  void transfers(xmlNode* node, const std::vector<core::Transfer>& all);
  void informings(xmlNode* node, const std::vector<core::Informing>& all);
  void reviews(xmlNode* node, const std::vector<core::InclusionReview>& all);

  void criteria(xmlNode* parent, const std::optional<core::CriteriaAnswers>& answers) {
    if (!answers) return;
    xmlNode* node = element(parent, "criteriaAnswers");
    writer_.set_attribute(node, "catalogueVersion", answers->catalogue_version);
    for (const core::Answer& answer : answers->answers) {
      xmlNode* entry = element(node, "answer");
      writer_.set_attribute(entry, "criterion", answer.criterion_id);
      if (answer.assessment) token(entry, "assessment", *answer.assessment);
      optional(entry, "text", answer.text);
      for (const std::string& choice : answer.choices) text(entry, "choice", choice);
      optional(entry, "reasoning", answer.reasoning);
      for (const core::EvidenceRef& evidence : answer.evidence) {
        xmlNode* ref = element(entry, "evidence");
        writer_.set_attribute(ref, "source", token_of(evidence.source));
        if (!evidence.ref.empty()) writer_.set_attribute(ref, "ref", evidence.ref);
      }
    }
  }

  void operator()(const SignalRegistered& response) {
    text(root(), "signalId", response.signal_id);
    token(root(), "state", response.state);
  }
  void operator()(const ContributionAccepted& response) {
    text(root(), "signalId", response.signal_id);
    text(root(), "contributionId", response.contribution_id);
    token(root(), "state", response.state);
    number(root(), "round", response.round);
    xmlNode* awaiting = element(root(), "awaitingPartners");
    for (core::PartnerKind partner : response.awaiting_partners) token(awaiting, "partner", partner);
  }
  void operator()(const DecisionRecorded& response) {
    text(root(), "signalId", response.signal_id);
    text(root(), "decisionId", response.decision_id);
    token(root(), "state", response.state);
    number(root(), "round", response.round);
  }
  void operator()(const SignalClosed& response) {
    text(root(), "signalId", response.signal_id);
    token(root(), "state", response.state);
  }
  void operator()(const SignalWithdrawn& response) {
    text(root(), "signalId", response.signal_id);
    token(root(), "state", response.state);
  }
  void operator()(const SignalTriagedOut& response) {
    text(root(), "signalId", response.signal_id);
    token(root(), "state", response.state);
  }
  void operator()(const RetentionForecast& response) {
    text(root(), "until", response.until);
    for (const ports::ForecastItem& due : response.items) {
      xmlNode* item = element(root(), "due");
      text(item, "signalId", due.clock.signal_id);
      text(item, "ruleId", due.clock.rule_id);
      text(item, "policyVersion", due.clock.policy_version);
      text(item, "triggerEvent", due.clock.trigger_event);
      text(item, "dueAt", due.clock.due_at);
      boolean(item, "held", due.held);
      optional(item, "proposalId", due.proposal_id);
    }
  }
  void operator()(const SignalDossier& response) {
    dossier(element(root(), "signal"), response.dossier);
    for (const RelatedSignal& related : response.related_signals) {
      xmlNode* node = element(root(), "relatedSignal");
      text(node, "signalId", related.signal_id);
      text(node, "receivedOn", related.received_on);
      token(node, "state", related.state);
    }
  }
  void operator()(const AuditTrailVerified& response) {
    const ports::Verification& verification = response.verification;
    boolean(root(), "intact", verification.intact());
    text(root(), "recordsChecked", std::to_string(verification.records_checked));
    if (verification.starts_after > 0)
      text(root(), "startsAfter", std::to_string(verification.starts_after));
    if (verification.broken_at) {
      xmlNode* broken = element(root(), "firstBroken");
      text(broken, "seq", std::to_string(*verification.broken_at));
      text(broken, "problem", verification.problem);
    }
    if (verification.intact() && verification.head.seq > 0) {
      xmlNode* head = element(root(), "head");
      text(head, "seq", std::to_string(verification.head.seq));
      text(head, "mac", verification.head.mac);
      text(head, "at", verification.head_at);
    }
  }
  void subject_data(const SubjectData& data) {
    for (const core::Dossier& signal : data.dossiers) dossier(element(root(), "signal"), signal);
    for (const ports::WithheldItem& item : data.withheld) {
      xmlNode* node = element(root(), "withheld");
      text(node, "signalId", item.signal_id);
      text(node, "itemId", item.item_id);
      text(node, "legalGround", item.legal_ground);
    }
    for (const ports::ProcessingLine& line : data.processing) {
      xmlNode* node = element(root(), "processing");
      text(node, "name", line.name);
      text(node, "activity", line.processing_activity_id);
      text(node, "startTime", line.start_time);
      text(node, "endTime", line.end_time);
      text(node, "status", line.status_code == 1 ? "ok" : line.status_code == 2 ? "error" : "unset");
    }
  }
  void operator()(const SubjectDataExported& response) { subject_data(response.data); }
  void operator()(const SubjectDataReleased& response) { subject_data(response.data); }
  void operator()(const ItemWithheld& response) {
    text(root(), "signalId", response.signal_id);
    text(root(), "itemId", response.item_id);
  }
  void operator()(const LegalHoldPlaced& response) {
    text(root(), "signalId", response.signal_id);
    text(root(), "holdId", response.hold_id);
  }
  void operator()(const LegalHoldReleased& response) {
    text(root(), "signalId", response.signal_id);
    text(root(), "holdId", response.hold_id);
  }
  void operator()(const DestructionApproved& response) {
    text(root(), "proposalId", response.proposal_id);
    text(root(), "signals", std::to_string(response.signals));
  }
  void operator()(const TransferProposed& response) {
    text(root(), "signalId", response.signal_id);
    text(root(), "transferId", response.transfer_id);
  }
  void operator()(const TransferAnswered& response) {
    text(root(), "signalId", response.signal_id);
    text(root(), "transferId", response.transfer_id);
    token(root(), "transferState", response.transfer_state);
    text(root(), "responsibleGemeente", response.responsible_gemeente);
    token(root(), "state", response.state);
    number(root(), "round", response.round);
  }
  void operator()(const PersonKnown& response) {
    boolean(root(), "known", response.known);
    optional(root(), "contactPoint", response.contact_point);
    for (const std::string& gemeente : response.responsible_gemeenten)
      text(root(), "responsibleGemeente", gemeente);
  }
  void operator()(const FormDefinition& response) {
    const core::Catalogue& catalogue = *response.catalogue;
    text(root(), "catalogueVersion", catalogue.version);
    text(root(), "issuedOn", catalogue.issued_on);
    token(root(), "stage", response.stage);
    token(root(), "partner", response.partner);
    text(root(), "title", catalogue.title);
    text(root(), "introduction", catalogue.introduction);
    for (const core::Section& section : catalogue.sections) {
      if (!section.serves(response.stage)) continue;
      xmlNode* node = element(root(), "section");
      text(node, "id", section.id);
      text(node, "label", section.label);
      text(node, "help", section.help);
      for (const core::Criterion& criterion : section.criteria) question(node, criterion);
    }
    if (response.include_xhtml) xhtml(response);
  }
  void xhtml(const FormDefinition& form) {
    const xml::Document rendered =
        criteria::render_xhtml(*form.catalogue, form.stage, form.partner, form.heading_level,
                               form.filled_in ? &*form.filled_in : nullptr);
    xmlNode* copy = xmlDocCopyNode(xmlDocGetRootElement(rendered.get()), root()->doc, 1);
    if (copy == nullptr || xmlAddChild(element(root(), "xhtml"), copy) == nullptr)
      throw std::bad_alloc();
  }
  // A registration or a closure is no record of its own besides the signal: it has no id.
  void stored_record(const std::string& signal_id, const std::optional<std::string>& record_id,
                     core::SignalState state) {
    text(root(), "outcome", "stored");
    text(root(), "signalId", signal_id);
    optional(root(), "recordId", record_id);
    token(root(), "state", state);
  }
  void operator()(const FormSubmitted& response) {
    if (const auto* stored = std::get_if<SignalRegistered>(&response.outcome)) {
      stored_record(stored->signal_id, std::nullopt, stored->state);
      return;
    }
    if (const auto* stored = std::get_if<ContributionAccepted>(&response.outcome)) {
      stored_record(stored->signal_id, stored->contribution_id, stored->state);
      return;
    }
    if (const auto* stored = std::get_if<DecisionRecorded>(&response.outcome)) {
      stored_record(stored->signal_id, stored->decision_id, stored->state);
      return;
    }
    if (const auto* stored = std::get_if<SignalClosed>(&response.outcome)) {
      stored_record(stored->signal_id, std::nullopt, stored->state);
      return;
    }
    text(root(), "outcome", "refused");
    if (response.refusal) text(root(), "code", std::string(core::code_name(*response.refusal)));
    xhtml(std::get<FormDefinition>(response.outcome));
  }
  void question(xmlNode* section, const core::Criterion& criterion) {
    xmlNode* node = element(section, "question");
    text(node, "criterion", criterion.id);
    text(node, "label", criterion.label);
    text(node, "help", criterion.help);
    token(node, "answerType", criterion.answer);
    boolean(node, "required", true);
    boolean(node, "multiple", criterion.multiple);
    token(node, "reasoning", criterion.reasoning);
    token(node, "evidence", criterion.evidence);
    auto option = [&](std::string_view value, const std::string& label) {
      xmlNode* entry = element(node, "option");
      text(entry, "value", std::string(value));
      text(entry, "label", label);
    };
    if (criterion.answer == core::AnswerType::Assessment) {
      for (const auto& [value, token_text] : core::TokenTable<core::Assessment>::entries)
        option(token_text, std::string(criteria::assessment_label(value)));
    }
    for (const core::ChoiceOption& choice : criterion.options) option(choice.value, choice.label);
  }
  void operator()(const StatisticsFigures& response) {
    const core::Statistics& statistics = response.statistics;
    text(root(), "region", statistics.region);
    text(root(), "from", statistics.from);
    text(root(), "to", statistics.to);
    number(root(), "minimumCount", statistics.minimum_count);
    published(element(root(), "signals"), statistics.signals);
    breakdown(element(root(), "byChannel"), statistics.by_channel);
    breakdown(element(root(), "byReporterType"), statistics.by_reporter_type);
    breakdown(element(root(), "byGemeente"), statistics.by_gemeente);
    breakdown(element(root(), "byPhenomenon"), statistics.by_phenomenon);
    breakdown(element(root(), "byOutcome"), statistics.by_outcome);
    xmlNode* outcomes = element(root(), "outcomesByPhenomenon");
    for (const core::OutcomesOfPhenomenon& row : statistics.outcomes_by_phenomenon) {
      xmlNode* node = element(outcomes, "phenomenon");
      text(node, "phenomenon", row.phenomenon);
      breakdown(node, row.outcomes);
    }
    breakdown(element(root(), "partnerPositions"), statistics.partner_positions);
    xmlNode* time = element(root(), "timeToDecision");
    published(element(time, "decided"), statistics.decided);
    if (statistics.median_days) text(time, "medianDays", std::to_string(*statistics.median_days));
    if (statistics.percentile90_days)
      text(time, "percentile90Days", std::to_string(*statistics.percentile90_days));
  }
  // A suppressed count is said to be suppressed, never written as a number.
  void published(xmlNode* parent, const core::PublishedCount& count) {
    if (count) text(parent, "count", std::to_string(*count));
    else element(parent, "suppressed");
  }
  void breakdown(xmlNode* parent, const core::StatisticsBreakdown& breakdown) {
    published(element(parent, "total"), breakdown.total);
    for (const core::StatisticsFigure& figure : breakdown.figures) {
      xmlNode* node = element(parent, "figure");
      text(node, "category", figure.category);
      published(node, figure.count);
      if (figure.per_mille)
        text(node, "percentage",
             std::to_string(*figure.per_mille / 10) + "." + std::to_string(*figure.per_mille % 10));
    }
  }
  void operator()(const Worklist& response) {
    for (const WorklistItem& entry : response.items) {
      xmlNode* item = element(root(), "item");
      text(item, "signalId", entry.signal_id);
      token(item, "state", entry.state);
      number(item, "round", entry.round);
      text(item, "receivedOn", entry.received_on);
      text(item, "registeredAt", entry.registered_at);
      token(item, "awaiting", entry.awaiting);
      optional(item, "overdueSince", entry.overdue_since);
    }
    // Named by its decision only: the outcome and the signal stay behind the director's
    // need-to-know (docs/roles.md).
    for (const ports::OutcomePush& push : response.undelivered_pushes) {
      xmlNode* item = element(root(), "undeliveredOutcomePush");
      text(item, "decisionId", push.decision_id);
      text(item, "queuedAt", push.created_at);
      number(item, "attempts", push.attempts);
      optional(item, "lastAttemptAt", push.last_attempt_at);
      optional(item, "lastError", push.last_error);
      optional(item, "nextAttemptAt", push.next_attempt_at);
    }
    for (const ports::TransferOffer& offer : response.transfer_offers) {
      xmlNode* item = element(root(), "transferOffer");
      text(item, "transferId", offer.transfer_id);
      text(item, "signalId", offer.signal_id);
      text(item, "fromGemeente", offer.from_gemeente);
      text(item, "proposedAt", offer.proposed_at);
    }
    for (const ports::PostponementDue& due : response.postponements_due) {
      xmlNode* item = element(root(), "informingReviewDue");
      text(item, "signalId", due.signal_id);
      text(item, "reviewOn", due.review_on);
      text(item, "groundCode", due.ground_code);
    }
  }
  void operator()(const InformingRecorded& response) {
    text(root(), "signalId", response.signal_id);
    text(root(), "informingId", response.informing_id);
    token(root(), "kind", response.kind);
  }
  void operator()(const InclusionReviewed& response) {
    text(root(), "signalId", response.signal_id);
    text(root(), "reviewId", response.review_id);
    text(root(), "nextReviewDue", response.next_review_due);
  }

 private:
  xml::Writer writer_;
};

void Encoder::dossier(xmlNode* node, const core::Dossier& dossier) {
  text(node, "signalId", dossier.signal_id);
  token(node, "state", dossier.state);
  number(node, "round", dossier.round);
  text(node, "registeredAt", dossier.registered_at);
  actor(node, "registeredBy", dossier.registered_by);
  if (!dossier.responsible_gemeente.empty())
    text(node, "responsibleGemeente", dossier.responsible_gemeente);
  intake(element(node, "intake"), dossier.intake);

  xmlNode* contributions = element(node, "contributions");
  for (const core::Contribution& contribution : dossier.contributions) {
    xmlNode* item = element(contributions, "contribution");
    text(item, "contributionId", contribution.id);
    number(item, "round", contribution.round);
    actor(item, "contributor", contribution.contributor);
    text(item, "submittedAt", contribution.submitted_at);
    optional(item, "revises", contribution.revises);
    boolean(item, "current", core::is_current(dossier, contribution));
    if (contribution.information_held)
      text(item, "informationHeld", *contribution.information_held);
    else
      element(item, "noInformationHeld");
    text(item, "legalBasis", contribution.legal_basis);
    token(item, "position", contribution.position);
    text(item, "reasoning", contribution.reasoning);
    criteria(item, contribution.criteria);
  }

  xmlNode* decisions = element(node, "decisions");
  for (const core::Decision& decision : dossier.decisions) {
    xmlNode* item = element(decisions, "decision");
    text(item, "decisionId", decision.id);
    number(item, "round", decision.round);
    token(item, "outcome", decision.outcome);
    text(item, "decidedOn", decision.decided_on);
    text(item, "reasoning", decision.reasoning);
    optional(item, "proportionalityNote", decision.proportionality_note);
    optional(item, "dissent", decision.dissent);
    xmlNode* participants = element(item, "participants");
    for (const core::Participant& participant : decision.participants) {
      xmlNode* entry = element(participants, "participant");
      token(entry, "partner", participant.partner);
      text(entry, "name", participant.name);
    }
    text(item, "criteriaCatalogueVersion", decision.catalogue_version);
    criteria(item, decision.criteria);
    actor(item, "recordedBy", decision.recorded_by);
    text(item, "recordedAt", decision.recorded_at);
  }

  if (dossier.closure) {
    xmlNode* closure = element(node, "closure");
    text(closure, "closedOn", dossier.closure->closed_on);
    text(closure, "reason", dossier.closure->reason);
    actor(closure, "closedBy", dossier.closure->closed_by);
    text(closure, "recordedAt", dossier.closure->recorded_at);
  }

  xmlNode* history = element(node, "history");
  for (const core::Transition& transition : dossier.transitions) {
    xmlNode* item = element(history, "transition");
    if (transition.from) token(item, "from", *transition.from);
    token(item, "to", transition.to);
    text(item, "at", transition.at);
    actor(item, "actor", transition.actor);
    text(item, "reason", transition.reason);
  }

  if (!dossier.transfers.empty()) transfers(node, dossier.transfers);
  if (!dossier.informings.empty()) informings(node, dossier.informings);
  if (!dossier.reviews.empty()) reviews(node, dossier.reviews);
}

void Encoder::transfers(xmlNode* node, const std::vector<core::Transfer>& all) {
  xmlNode* transfers = element(node, "transfers");
  for (const core::Transfer& transfer : all) {
    xmlNode* item = element(transfers, "transfer");
    text(item, "transferId", transfer.id);
    text(item, "fromGemeente", transfer.from_gemeente);
    text(item, "fromRegion", transfer.from_region);
    text(item, "toGemeente", transfer.to_gemeente);
    text(item, "toRegion", transfer.to_region);
    text(item, "reason", transfer.reason);
    actor(item, "proposedBy", transfer.proposed_by);
    text(item, "proposedAt", transfer.proposed_at);
    token(item, "state", transfer.state);
    if (transfer.answered_by) actor(item, "answeredBy", *transfer.answered_by);
    optional(item, "answeredAt", transfer.answered_at);
    optional(item, "answerReason", transfer.answer_reason);
  }
}

void Encoder::informings(xmlNode* node, const std::vector<core::Informing>& all) {
  xmlNode* informing = element(node, "informing");
  for (const core::Informing& step : all) {
    xmlNode* item = element(informing, "step");
    text(item, "informingId", step.id);
    token(item, "kind", step.kind);
    optional(item, "informedOn", step.informed_on);
    optional(item, "informedBy", step.informed_by);
    optional(item, "means", step.means);
    optional(item, "groundCode", step.ground_code);
    optional(item, "ground", step.ground);
    optional(item, "reviewOn", step.review_on);
    actor(item, "recordedBy", step.recorded_by);
    text(item, "recordedAt", step.recorded_at);
  }
}

void Encoder::reviews(xmlNode* node, const std::vector<core::InclusionReview>& all) {
  xmlNode* reviews = element(node, "inclusionReviews");
  for (const core::InclusionReview& review : all) {
    xmlNode* item = element(reviews, "review");
    text(item, "reviewId", review.id);
    text(item, "reviewedOn", review.reviewed_on);
    text(item, "conclusion", review.conclusion);
    actor(item, "recordedBy", review.recorded_by);
    text(item, "recordedAt", review.recorded_at);
  }
}

constexpr const char* kResponseElements[] = {
    "RegisterSignalResponse", "SubmitContributionResponse", "RecordDecisionResponse",
    "CloseSignalResponse",    "GetSignalResponse",          "ListWorklistResponse",
    "VerifyAuditTrailResponse", "ExportSubjectDataResponse", "ReleaseSubjectDataResponse",
    "WithholdItemResponse",     "IsPersonKnownResponse",      "GetFormResponse",
    "GetStatisticsResponse",    "PlaceLegalHoldResponse",   "ReleaseLegalHoldResponse",
    "ApproveDestructionResponse", "ProposeTransferResponse", "RespondToTransferResponse",
    "RecordInformingResponse", "RecordInclusionReviewResponse",
    "WithdrawSignalResponse", "TriageOutSignalResponse", "ForecastRetentionResponse",
    "SubmitFormResponse"};
static_assert(std::size(kResponseElements) == std::variant_size_v<Response>);

}  // namespace

std::optional<core::Operation> identify_operation(const xmlNode& root) {
  if (xml::namespace_uri(root) != kNamespace) return std::nullopt;
  for (const auto& [operation, name] : core::TokenTable<core::Operation>::entries) {
    if (xml::local_name(root) == request_element(operation)) return operation;
  }
  return std::nullopt;
}

Request decode_request(core::Operation operation, const xmlNode& root) {
  switch (operation) {
    case core::Operation::RegisterSignal:
      return RegisterSignal{decode_intake(root),
                            xml::optional_child_text(root, "responsibleGemeente")};
    case core::Operation::SubmitContribution: return decode_contribution(root);
    case core::Operation::RecordDecision: return decode_decision(root);
    case core::Operation::CloseSignal:
      return CloseSignal{xml::child_token(root, "signalId"), xml::child_token(root, "closedOn"),
                         xml::child_text(root, "reason")};
    case core::Operation::GetSignal: return GetSignal{xml::child_token(root, "signalId")};
    case core::Operation::ListWorklist: return ListWorklist{};
    case core::Operation::VerifyAuditTrail: {
      VerifyAuditTrail request;
      for (const xmlNode* checkpoint : xml::children(root, "checkpoint"))
        request.checkpoints.push_back(
            {std::stoll(xml::child_token(*checkpoint, "seq")), xml::child_token(*checkpoint, "mac")});
      return request;
    }
    case core::Operation::ExportSubjectData: return ExportSubjectData{decode_subject(root)};
    case core::Operation::ReleaseSubjectData: return ReleaseSubjectData{decode_subject(root)};
    case core::Operation::WithholdItem:
      return WithholdItem{xml::child_token(root, "signalId"), xml::child_text(root, "itemId"),
                          xml::child_text(root, "legalGround")};
    case core::Operation::IsPersonKnown: return IsPersonKnown{decode_subject(root)};
    case core::Operation::GetStatistics:
      return GetStatistics{xml::child_token(root, "from"), xml::child_token(root, "to"),
                           xml::optional_child_text(root, "region")};
    case core::Operation::GetForm: {
      GetForm request;
      request.stage = child_enum<core::Stage>(root, "stage");
      if (xml::find_child(root, "partner") != nullptr)
        request.partner = child_enum<core::PartnerKind>(root, "partner");
      request.include_xhtml =
          xml::find_child(root, "includeXhtml") != nullptr && xml::child_bool(root, "includeXhtml");
      // The schema allows 1 to 5 only.
      if (xml::find_child(root, "headingLevel") != nullptr)
        request.heading_level = std::stoi(xml::child_token(root, "headingLevel"));
      request.signal_id = xml::optional_child_text(root, "signalId");
      request.entered = xml::optional_child_text(root, "enteredAnswers");
      return request;
    }
    case core::Operation::SubmitForm: {
      SubmitForm request;
      if (xml::find_child(root, "signalId") != nullptr)
        request.signal_id = xml::child_token(root, "signalId");
      request.stage = child_enum<core::Stage>(root, "stage");
      request.fields = xml::child_text(root, "fields");
      if (xml::find_child(root, "headingLevel") != nullptr)
        request.heading_level = std::stoi(xml::child_token(root, "headingLevel"));
      return request;
    }
    case core::Operation::PlaceLegalHold:
      return PlaceLegalHold{xml::child_token(root, "signalId"), xml::child_text(root, "reason"),
                            xml::child_token(root, "reviewOn")};
    case core::Operation::ReleaseLegalHold:
      return ReleaseLegalHold{xml::child_token(root, "signalId"), xml::child_token(root, "holdId")};
    case core::Operation::ApproveDestruction:
      return ApproveDestruction{xml::child_token(root, "proposalId")};
    case core::Operation::ProposeTransfer:
      return ProposeTransfer{xml::child_token(root, "signalId"), xml::child_text(root, "toGemeente"),
                             xml::child_text(root, "reason")};
    case core::Operation::RespondToTransfer:
      return RespondToTransfer{xml::child_token(root, "signalId"),
                               xml::child_token(root, "transferId"),
                               child_enum<core::TransferAnswer>(root, "answer"),
                               xml::optional_child_text(root, "reason")};
    case core::Operation::RecordInforming: {
      RecordInforming request;
      request.signal_id = xml::child_token(root, "signalId");
      if (const xmlNode* informed = xml::find_child(root, "informed")) {
        request.kind = core::InformingKind::Informed;
        request.informed_on = xml::child_token(*informed, "informedOn");
        request.informed_by = xml::child_text(*informed, "informedBy");
        request.means = xml::child_text(*informed, "means");
      } else {
        const xmlNode& postponed = xml::child(root, "postponed");
        request.kind = core::InformingKind::Postponed;
        request.ground_code = xml::child_token(postponed, "groundCode");
        request.ground = xml::child_text(postponed, "ground");
        request.review_on = xml::child_token(postponed, "reviewOn");
      }
      return request;
    }
    case core::Operation::RecordInclusionReview:
      return RecordInclusionReview{xml::child_token(root, "signalId"),
                                   xml::child_token(root, "reviewedOn"),
                                   xml::child_text(root, "conclusion")};
    case core::Operation::WithdrawSignal:
      return WithdrawSignal{xml::child_token(root, "signalId"), xml::child_text(root, "reason")};
    case core::Operation::TriageOutSignal:
      return TriageOutSignal{xml::child_token(root, "signalId"), xml::child_text(root, "reason")};
    case core::Operation::ForecastRetention:
      return ForecastRetention{xml::child_token(root, "until")};
  }
  throw std::logic_error("unhandled operation");
}

DecodedRequest decode(core::Operation operation, const xmlNode& root) {
  DecodedRequest decoded{decode_request(operation, root), std::nullopt,
                         xml::attribute(root, "requestId")};
  if (const xmlNode* node = xml::find_child(root, "requestedBy"))
    decoded.requested_by = RequestedBy{xml::child_text(*node, "user"),
                                       xml::child_token(*node, "role"),
                                       xml::optional_child_text(*node, "assertion")};
  return decoded;
}

xml::Document encode_response(const Response& response) {
  Encoder encoder(kResponseElements[response.index()]);
  std::visit(encoder, response);
  return encoder.finish();
}

xml::Document encode_error(const core::Error& error) {
  Encoder encoder("Error");
  encoder.text(encoder.root(), "code", std::string(core::code_name(error.code)));
  encoder.text(encoder.root(), "message", error.message);
  for (const core::Problem& problem : error.problems) {
    xmlNode* node = encoder.element(encoder.root(), "problem");
    encoder.text(node, "field", problem.field);
    encoder.text(node, "message", problem.message);
  }
  return encoder.finish();
}

}  // namespace zvhpga::contract
