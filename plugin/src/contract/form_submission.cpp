#include "contract/form_submission.h"

#include <algorithm>
#include <string_view>

#include "contract/codec.h"
#include "xml/writer.h"

namespace zvhpga::contract {
namespace {

const core::Criterion* find_criterion(const core::Catalogue& catalogue, std::string_view id) {
  for (const core::Section& section : catalogue.sections)
    for (const core::Criterion& criterion : section.criteria)
      if (criterion.id == id) return &criterion;
  return nullptr;
}

bool is_own_field(core::Stage stage, std::string_view name) {
  return std::ranges::any_of(criteria::own_fields(stage),
                             [&](const criteria::OwnField& own) { return own.name == name; });
}

// "feiten.wat.reasoning" -> "feiten.wat": the criterion a field belongs to.
std::string criterion_of(const std::string& field) {
  for (std::string_view suffix : {".reasoning", ".evidence-ref", ".evidence"})
    if (field.ends_with(suffix)) return field.substr(0, field.size() - suffix.size());
  return field;
}

// The fields a browser sends at most once: every field but a check box's.
bool single_valued(const core::Catalogue& catalogue, const std::string& field) {
  if (field.ends_with(".evidence") || field.ends_with(".evidence-ref")) return false;
  const core::Criterion* criterion = find_criterion(catalogue, field);
  return criterion == nullptr || criterion->answer != core::AnswerType::Choice ||
         !criterion->multiple;
}

std::vector<std::string> non_empty(std::vector<std::string> values) {
  std::erase(values, std::string());
  return values;
}

std::string first_value(const criteria::FormFields& fields, std::string_view name) {
  const auto values = criteria::values_of(fields, name);
  return values.empty() ? std::string() : values.front();
}

// The stage's question whose element a problem names: "subject/birthDate" as the handler names
// it, or "birthDate" as the schema does; of two questions under one element name, the one left
// empty.
const criteria::OwnField* own_field_named(core::Stage stage, std::string_view element,
                                          const criteria::FormFields& posted) {
  const criteria::OwnField* found = nullptr;
  for (const criteria::OwnField& own : criteria::own_fields(stage)) {
    const bool named = own.element == element ||
                       (element.size() < own.element.size() && own.element.ends_with(element) &&
                        own.element[own.element.size() - element.size() - 1] == '/');
    if (!named) continue;
    if (found == nullptr || first_value(posted, own.name).empty()) found = &own;
    if (first_value(posted, own.name).empty()) break;
  }
  return found;
}

// The answers to the catalogue's questions of the stage, in its order, then any identifier it
// does not ask.
void criteria_answers(xml::Writer& writer, xmlNode* parent, core::Stage stage,
                      const core::Catalogue& catalogue, const criteria::FormFields& fields) {
  std::vector<std::string> asked;
  for (const core::Section& section : catalogue.sections)
    if (section.serves(stage))
      for (const core::Criterion& criterion : section.criteria) asked.push_back(criterion.id);
  for (const auto& [field, value] : fields) {
    if (is_own_field(stage, field)) continue;
    const std::string criterion = criterion_of(field);
    if (std::ranges::find(asked, criterion) == asked.end()) asked.push_back(criterion);
  }
  xmlNode* answers = writer.add(parent, "criteriaAnswers");
  writer.set_attribute(answers, "catalogueVersion", catalogue.version);
  for (const std::string& id : asked) {
    const auto values = non_empty(criteria::values_of(fields, id));
    if (values.empty()) continue;
    const core::Criterion* criterion = find_criterion(catalogue, id);
    const core::AnswerType type = criterion ? criterion->answer : core::AnswerType::Text;
    xmlNode* answer = writer.add(answers, "answer");
    writer.set_attribute(answer, "criterion", id);
    if (type == core::AnswerType::Choice) {
      for (const std::string& value : values) writer.add(answer, "choice", value);
    } else {
      writer.add(answer, std::string(core::to_token(type)), values.front());
    }
    if (const auto reasoning = first_value(fields, id + ".reasoning"); !reasoning.empty())
      writer.add(answer, "reasoning", reasoning);
    if (!non_empty(criteria::values_of(fields, id + ".evidence")).empty())
      writer.set_attribute(writer.add(answer, "evidence"), "source", "observed-facts");
    for (const std::string& ref : non_empty(criteria::values_of(fields, id + ".evidence-ref"))) {
      xmlNode* evidence = writer.add(answer, "evidence");
      writer.set_attribute(evidence, "source", "contribution");
      writer.set_attribute(evidence, "ref", ref);
    }
  }
}

// An optional element only when the person wrote something.
void optional_text(xml::Writer& writer, xmlNode* parent, const std::string& element,
                   const criteria::FormFields& fields, std::string_view field) {
  if (auto text = first_value(fields, field); !text.empty()) writer.add(parent, element, text);
}

xml::Document contribution(const std::string& signal_id, const core::Catalogue& catalogue,
                           const criteria::FormFields& fields) {
  xml::Writer writer(kNamespace, "SubmitContributionRequest");
  xmlNode* root = writer.root();
  writer.set_attribute(root, "language", "nl");
  writer.add(root, "signalId", signal_id);
  const std::string information = first_value(fields, criteria::kInformationHeldField.name);
  if (information.empty()) {
    writer.add(root, "noInformationHeld");
  } else {
    writer.add(root, "informationHeld", information);
  }
  // Written even when empty, so that the schema names the unanswered question by its element.
  writer.add(root, "legalBasis", first_value(fields, criteria::kLegalBasisField.name));
  writer.add(root, "position", first_value(fields, criteria::kPositionField.name));
  writer.add(root, "reasoning", first_value(fields, criteria::kContributionReasoningField.name));
  criteria_answers(writer, root, core::Stage::Contribution, catalogue, fields);
  return writer.release();
}

xml::Document decision(const std::string& signal_id, const core::Catalogue& catalogue,
                       const criteria::FormFields& fields) {
  xml::Writer writer(kNamespace, "RecordDecisionRequest");
  xmlNode* root = writer.root();
  writer.set_attribute(root, "language", "nl");
  writer.add(root, "signalId", signal_id);
  writer.add(root, "outcome", first_value(fields, criteria::kOutcomeField.name));
  writer.add(root, "decidedOn", first_value(fields, criteria::kDecidedOnField.name));
  writer.add(root, "reasoning", first_value(fields, criteria::kDecisionReasoningField.name));
  optional_text(writer, root, "proportionalityNote", fields, criteria::kProportionalityField.name);
  optional_text(writer, root, "dissent", fields, criteria::kDissentField.name);
  // Only those named; the plugin says for which partner nobody was.
  xmlNode* participants = writer.add(root, "participants");
  for (const auto& [partner, field] :
       {std::pair{core::PartnerKind::Gemeente, criteria::kPresentGemeenteField},
        std::pair{core::PartnerKind::Politie, criteria::kPresentPolitieField},
        std::pair{core::PartnerKind::Om, criteria::kPresentOmField}}) {
    const std::string name = first_value(fields, field.name);
    if (name.empty()) continue;
    xmlNode* participant = writer.add(participants, "participant");
    writer.add(participant, "partner", std::string(core::to_token(partner)));
    writer.add(participant, "name", name);
  }
  writer.add(root, "criteriaCatalogueVersion", catalogue.version);
  criteria_answers(writer, root, core::Stage::Decision, catalogue, fields);
  return writer.release();
}

xml::Document intake(const Submitter& submitter, const criteria::FormFields& fields) {
  xml::Writer writer(kNamespace, "RegisterSignalRequest");
  xmlNode* root = writer.root();
  writer.set_attribute(root, "language", "nl");
  // Every element written even when empty, so that the schema names the unanswered question.
  const auto answer = [&](xmlNode* parent, const std::string& element,
                          const criteria::OwnField& field) {
    writer.add(parent, element, first_value(fields, field.name));
  };
  writer.add(root, "receivingPartner", std::string(core::to_token(submitter.partner_kind)));
  answer(root, "channel", criteria::kChannelField);
  xmlNode* reporter = writer.add(root, "reporter");
  answer(reporter, "type", criteria::kReporterTypeField);
  answer(reporter, "organisation", criteria::kReporterOrganisationField);
  answer(root, "receivedOn", criteria::kReceivedOnField);
  xmlNode* subject = writer.add(root, "subject");
  answer(subject, "name", criteria::kSubjectNameField);
  answer(subject, "birthDate", criteria::kSubjectBirthDateField);
  optional_text(writer, subject, "bsn", fields, criteria::kSubjectBsnField.name);
  answer(subject, "municipality", criteria::kSubjectMunicipalityField);
  answer(root, "observedFacts", criteria::kObservedFactsField);
  if (const auto phenomena = non_empty(criteria::values_of(fields, criteria::kPhenomenonField.name));
      !phenomena.empty()) {
    xmlNode* hypothesis = writer.add(root, "phenomenonHypothesis");
    for (const std::string& phenomenon : phenomena) writer.add(hypothesis, "phenomenon", phenomenon);
  }
  answer(root, "onlineComponent", criteria::kOnlineComponentField);
  answer(root, "careConcern", criteria::kCareConcernField);
  answer(root, "urgency", criteria::kUrgencyField);
  answer(root, "municipality", criteria::kHandlingMunicipalityField);
  writer.add(root, "region", submitter.region);
  optional_text(writer, root, "responsibleGemeente", fields,
                criteria::kResponsibleGemeenteField.name);
  return writer.release();
}

core::Error invalid_form(std::string message, std::string field, std::string hint) {
  return core::Error{core::ErrorCode::InvalidValue, std::move(message),
                     {{std::move(field), std::move(hint)}}};
}

xml::Document closure(const std::string& signal_id, const criteria::FormFields& fields) {
  xml::Writer writer(kNamespace, "CloseSignalRequest");
  xmlNode* root = writer.root();
  writer.set_attribute(root, "language", "nl");
  writer.add(root, "signalId", signal_id);
  writer.add(root, "closedOn", first_value(fields, criteria::kClosedOnField.name));
  writer.add(root, "reason", first_value(fields, criteria::kClosureReasonField.name));
  return writer.release();
}

}  // namespace

core::Result<xml::Document> stage_document(core::Stage stage,
                                           const std::optional<std::string>& signal_id,
                                           const Submitter& submitter,
                                           const core::Catalogue& catalogue,
                                           const criteria::FormFields& fields) {
  const bool intake_stage = stage == core::Stage::Intake;
  if (intake_stage && signal_id)
    return invalid_form("The intake form registers a new signal and names none; nothing was "
                        "stored.",
                        "signalId", "Leave signalId out for stage intake.");
  if (!intake_stage && !signal_id)
    return invalid_form("The " + std::string(core::to_token(stage)) +
                            " form is about one signal, and the request names none; nothing was "
                            "stored.",
                        "signalId", "Name the signal the form was given for.");
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string& name = fields[i].first;
    const bool repeated = std::any_of(fields.begin(), fields.begin() + static_cast<long>(i),
                                      [&](const auto& earlier) { return earlier.first == name; });
    if (repeated && (intake_stage ? name != criteria::kPhenomenonField.name
                                  : single_valued(catalogue, name)))
      return invalid_form("The posted form sends the field '" + name.substr(0, 200) +
                              "' more than once, which its form has once; nothing was stored.",
                          "fields", "Send the form as the browser posts it.");
    if (intake_stage && !is_own_field(stage, name))
      return invalid_form("The posted form sends the field '" + name.substr(0, 200) +
                              "', which the intake form does not have; nothing was stored.",
                          "fields", "Send the form as the browser posts it.");
  }
  switch (stage) {
    case core::Stage::Intake: return intake(submitter, fields);
    case core::Stage::Contribution: return contribution(*signal_id, catalogue, fields);
    case core::Stage::Decision: return decision(*signal_id, catalogue, fields);
    case core::Stage::Closure: break;
  }
  return closure(*signal_id, fields);
}

std::vector<criteria::ShownProblem> shown_problems(const core::Error& refusal,
                                                   const core::Catalogue& catalogue,
                                                   core::Stage stage,
                                                   const criteria::FormFields& posted) {
  std::vector<criteria::ShownProblem> shown;
  for (const core::Problem& problem : refusal.problems) {
    criteria::ShownProblem item{"", "Het formulier", problem.message};
    if (const core::Criterion* criterion = find_criterion(catalogue, problem.field)) {
      item.field = criterion->id;
      item.label = criterion->label;
    } else if (const criteria::OwnField* field = own_field_named(stage, problem.field, posted)) {
      item.field = std::string(field->name);
      item.label = std::string(field->label);
    }
    const bool repeated = std::ranges::any_of(shown, [&](const criteria::ShownProblem& earlier) {
      return earlier.field == item.field && earlier.message == item.message;
    });
    if (!repeated) shown.push_back(std::move(item));
  }
  return shown;
}

}  // namespace zvhpga::contract
