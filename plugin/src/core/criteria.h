#pragma once
// The criteria on which partners and the weegploeg record their structured professional
// judgement, and the answers they give. A catalogue is versioned data (docs/criteria.md); every
// set of answers names the version it was made with and is checked against that version only.
// Nothing here weighs, totals or ranks answers: the plugin never scores or decides.
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/tokens.h"

namespace zvhpga::core {

// Closure asks no criteria: it is a stage of the forms (the signal's closure), not of the
// catalogue, whose sections serve the other three.
enum class Stage { Intake, Contribution, Decision, Closure };
enum class AnswerType { Assessment, Text, Choice };
enum class Assessment { Yes, No, Unknown, NotApplicable };
// When a reasoning or an evidence reference must accompany an answer.
enum class Requirement { Required, ForYesAndNo, Optional };
enum class EvidenceSource { ObservedFacts, Contribution };

struct ChoiceOption {
  std::string value;
  std::string label;
};

struct Criterion {
  std::string id;
  std::string label;
  std::string help;
  AnswerType answer{};
  Requirement reasoning{};
  Requirement evidence{};
  bool multiple = false;
  std::vector<ChoiceOption> options;
};

struct Section {
  std::string id;
  std::string label;
  std::string help;
  std::vector<Stage> stages;
  std::vector<Criterion> criteria;

  bool serves(Stage stage) const;
};

struct Catalogue {
  std::string version;
  std::string issued_on;  // YYYY-MM-DD
  std::string title;
  std::string introduction;
  std::vector<Section> sections;

  const Criterion* find(std::string_view criterion_id) const;
  // The criteria a record of this stage must answer, in catalogue order.
  std::vector<const Criterion*> criteria_for(Stage stage) const;
};

struct EvidenceRef {
  EvidenceSource source{};
  std::string ref;  // the contribution id; empty for the observed facts

  bool operator==(const EvidenceRef&) const = default;
};

// One criterion's answer as given; which of assessment / text / choices is filled says which
// answer type the author used, so that a wrong type can be reported rather than guessed at.
struct Answer {
  std::string criterion_id;
  std::optional<Assessment> assessment;
  std::optional<std::string> text;
  std::vector<std::string> choices;
  std::optional<std::string> reasoning;
  std::vector<EvidenceRef> evidence;

  bool operator==(const Answer&) const = default;
};

struct CriteriaAnswers {
  std::string catalogue_version;
  std::vector<Answer> answers;

  bool operator==(const CriteriaAnswers&) const = default;
};

// Whether an evidence reference names something that exists in the signal's dossier.
using EvidenceExists = std::function<bool(const EvidenceRef&)>;

// Every problem with answers given for one stage against the catalogue they name, one per
// criterion and rule, in catalogue order; empty when the answers are complete. `field` of each
// problem is the criterion identifier.
std::vector<Problem> check_answers(const Catalogue& catalogue, Stage stage,
                                   const CriteriaAnswers& answers,
                                   const EvidenceExists& evidence_exists);

template <>
struct TokenTable<Stage> {
  static constexpr std::pair<Stage, std::string_view> entries[] = {
      {Stage::Intake, "intake"},
      {Stage::Contribution, "contribution"},
      {Stage::Decision, "decision"},
      {Stage::Closure, "closure"},
  };
};
template <>
struct TokenTable<AnswerType> {
  static constexpr std::pair<AnswerType, std::string_view> entries[] = {
      {AnswerType::Assessment, "assessment"},
      {AnswerType::Text, "text"},
      {AnswerType::Choice, "choice"},
  };
};
template <>
struct TokenTable<Assessment> {
  static constexpr std::pair<Assessment, std::string_view> entries[] = {
      {Assessment::Yes, "yes"},
      {Assessment::No, "no"},
      {Assessment::Unknown, "unknown"},
      {Assessment::NotApplicable, "not-applicable"},
  };
};
template <>
struct TokenTable<Requirement> {
  static constexpr std::pair<Requirement, std::string_view> entries[] = {
      {Requirement::Required, "required"},
      {Requirement::ForYesAndNo, "for-yes-and-no"},
      {Requirement::Optional, "optional"},
  };
};
template <>
struct TokenTable<EvidenceSource> {
  static constexpr std::pair<EvidenceSource, std::string_view> entries[] = {
      {EvidenceSource::ObservedFacts, "observed-facts"},
      {EvidenceSource::Contribution, "contribution"},
  };
};

}  // namespace zvhpga::core
