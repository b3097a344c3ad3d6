#include "core/criteria.h"

#include <algorithm>

namespace zvhpga::core {
namespace {

std::string options_of(const Criterion& criterion) {
  std::string text;
  for (const ChoiceOption& option : criterion.options)
    text += (text.empty() ? "" : ", ") + option.value;
  return text;
}

bool is_yes_or_no(const Answer& answer) {
  return answer.assessment == Assessment::Yes || answer.assessment == Assessment::No;
}

bool demands(Requirement requirement, const Answer& answer) {
  return requirement == Requirement::Required ||
         (requirement == Requirement::ForYesAndNo && is_yes_or_no(answer));
}

// The one way an answer of the wrong kind is reported, so the message always names the kind
// the catalogue asks for.
std::string expected_kind(const Criterion& criterion) {
  switch (criterion.answer) {
    case AnswerType::Assessment:
      return "This criterion is answered with an assessment: yes, no, unknown or not-applicable.";
    case AnswerType::Text: return "This criterion is answered with a text.";
    case AnswerType::Choice:
      return std::string("This criterion is answered with ") +
             (criterion.multiple ? "one or more choices" : "one choice") + " of: " +
             options_of(criterion) + ".";
  }
  return {};
}

bool has_kind(const Criterion& criterion, const Answer& answer) {
  const bool assessment = answer.assessment.has_value();
  const bool text = answer.text.has_value();
  const bool choice = !answer.choices.empty();
  switch (criterion.answer) {
    case AnswerType::Assessment: return assessment && !text && !choice;
    case AnswerType::Text: return text && !assessment && !choice;
    case AnswerType::Choice: return choice && !assessment && !text;
  }
  return false;
}

void check_choices(const Criterion& criterion, const Answer& answer,
                   std::vector<Problem>& problems) {
  for (const std::string& choice : answer.choices) {
    if (std::ranges::none_of(criterion.options,
                             [&](const ChoiceOption& option) { return option.value == choice; }))
      problems.push_back({criterion.id, "'" + choice + "' is not an option of this criterion; "
                                        "choose from: " + options_of(criterion) + "."});
  }
  if (!criterion.multiple && answer.choices.size() > 1)
    problems.push_back({criterion.id, "This criterion takes one choice, not " +
                                          std::to_string(answer.choices.size()) + "."});
}

void check_answer(const Criterion& criterion, const Answer& answer,
                  const EvidenceExists& evidence_exists, std::vector<Problem>& problems) {
  if (!has_kind(criterion, answer)) {
    problems.push_back({criterion.id, expected_kind(criterion)});
  } else if (criterion.answer == AnswerType::Choice) {
    check_choices(criterion, answer, problems);
  }
  if (demands(criterion.reasoning, answer) && !answer.reasoning)
    problems.push_back({criterion.id, is_yes_or_no(answer)
                                          ? "A 'yes' or 'no' needs a reasoning."
                                          : "This answer needs a reasoning."});
  if (demands(criterion.evidence, answer) && answer.evidence.empty())
    problems.push_back({criterion.id, std::string(is_yes_or_no(answer) ? "A 'yes' or 'no'"
                                                                       : "This answer") +
                                          " needs an evidence reference to the observed facts "
                                          "or to a contribution."});
  for (const EvidenceRef& evidence : answer.evidence) {
    if (!evidence_exists(evidence))
      problems.push_back({criterion.id, "The evidence reference to contribution " +
                                            evidence.ref + " names no contribution of this "
                                            "signal."});
  }
}

}  // namespace

bool Section::serves(Stage stage) const {
  return std::ranges::find(stages, stage) != stages.end();
}

const Criterion* Catalogue::find(std::string_view criterion_id) const {
  for (const Section& section : sections) {
    for (const Criterion& criterion : section.criteria) {
      if (criterion.id == criterion_id) return &criterion;
    }
  }
  return nullptr;
}

std::vector<const Criterion*> Catalogue::criteria_for(Stage stage) const {
  std::vector<const Criterion*> result;
  for (const Section& section : sections) {
    if (!section.serves(stage)) continue;
    for (const Criterion& criterion : section.criteria) result.push_back(&criterion);
  }
  return result;
}

std::vector<Problem> check_answers(const Catalogue& catalogue, Stage stage,
                                   const CriteriaAnswers& answers,
                                   const EvidenceExists& evidence_exists) {
  std::vector<Problem> problems;
  const auto expected = catalogue.criteria_for(stage);
  auto is_expected = [&](const std::string& id) {
    return std::ranges::any_of(expected, [&](const Criterion* c) { return c->id == id; });
  };
  for (std::size_t i = 0; i < answers.answers.size(); ++i) {
    const std::string& id = answers.answers[i].criterion_id;
    if (catalogue.find(id) == nullptr) {
      problems.push_back({id, "Catalogue version " + catalogue.version +
                                  " has no criterion with this identifier."});
    } else if (!is_expected(id)) {
      problems.push_back({id, "This criterion is not part of the " +
                                  std::string(to_token(stage)) + " form."});
    } else if (std::any_of(answers.answers.begin(), answers.answers.begin() + static_cast<std::ptrdiff_t>(i),
                           [&](const Answer& earlier) { return earlier.criterion_id == id; })) {
      problems.push_back({id, "This criterion is answered more than once."});
    }
  }
  for (const Criterion* criterion : expected) {
    const auto answer = std::ranges::find(answers.answers, criterion->id, &Answer::criterion_id);
    if (answer == answers.answers.end()) {
      problems.push_back({criterion->id, "Not answered. 'unknown' is an answer; leaving a "
                                         "criterion out is not."});
      continue;
    }
    check_answer(*criterion, *answer, evidence_exists, problems);
  }
  return problems;
}

}  // namespace zvhpga::core
