#include "criteria/catalogue_reader.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "xml/document.h"
#include "xml/reader.h"

namespace zvhpga::criteria {
namespace {


core::Error refused(std::string message, std::vector<core::Problem> problems) {
  return {core::ErrorCode::CatalogueRefused, std::move(message), std::move(problems)};
}

template <typename Enum>
Enum token_attribute(const xmlNode& node, const char* name) {
  if (auto value = core::from_token<Enum>(xml::attribute(node, name))) return *value;
  throw std::logic_error(std::string("validated catalogue has an unknown token in ") + name);
}

std::vector<core::Stage> stages_of(const xmlNode& section) {
  std::vector<core::Stage> stages;
  std::istringstream list(xml::attribute(section, "stages"));
  for (std::string token; list >> token;) {
    const auto stage = core::from_token<core::Stage>(token);
    if (stage && std::ranges::find(stages, *stage) == stages.end()) stages.push_back(*stage);
  }
  return stages;
}

core::Criterion criterion_of(const xmlNode& node) {
  core::Criterion criterion;
  criterion.id = xml::attribute(node, "id");
  criterion.label = xml::child_text(node, "label");
  criterion.help = xml::child_text(node, "help");
  criterion.answer = token_attribute<core::AnswerType>(node, "answer");
  criterion.reasoning = token_attribute<core::Requirement>(node, "reasoning");
  criterion.evidence = token_attribute<core::Requirement>(node, "evidence");
  const std::string multiple = xml::attribute(node, "multiple");
  criterion.multiple = multiple == "true" || multiple == "1";
  for (const xmlNode* option : xml::children(node, "option"))
    criterion.options.push_back({xml::attribute(*option, "value"), xml::text(*option)});
  return criterion;
}

void check_criterion(const core::Criterion& criterion, std::vector<core::Problem>& problems) {
  const bool choice = criterion.answer == core::AnswerType::Choice;
  if (choice && criterion.options.size() < 2)
    problems.push_back({criterion.id, "A choice criterion needs at least two options."});
  if (!choice && (!criterion.options.empty() || criterion.multiple))
    problems.push_back({criterion.id, "Only a choice criterion has options or multiple=\"true\"."});
  for (auto option = criterion.options.begin(); option != criterion.options.end(); ++option) {
    if (std::any_of(criterion.options.begin(), option,
                    [&](const core::ChoiceOption& earlier) { return earlier.value == option->value; }))
      problems.push_back({criterion.id, "The option value '" + option->value + "' is used twice."});
  }
  const bool assessment = criterion.answer == core::AnswerType::Assessment;
  if (!assessment && (criterion.reasoning == core::Requirement::ForYesAndNo ||
                      criterion.evidence == core::Requirement::ForYesAndNo))
    problems.push_back({criterion.id, "'for-yes-and-no' applies to assessment criteria only."});
}

// Sections and criteria share one space of identifiers, so that a form field, a stored answer
// and a problem report can each name one thing unambiguously.
void check_identifiers(const core::Catalogue& catalogue, std::vector<core::Problem>& problems) {
  std::map<std::string, std::string> first_use;
  auto claim = [&](const std::string& id, std::string where) {
    const auto [earlier, fresh] = first_use.emplace(id, where);
    if (!fresh)
      problems.push_back({id, "The identifier is used twice: by " + earlier->second + " and by " +
                                  where + ". Every section and criterion needs its own."});
  };
  for (const core::Section& section : catalogue.sections) {
    claim(section.id, "section '" + section.id + "'");
    for (const core::Criterion& criterion : section.criteria)
      claim(criterion.id, "a criterion in section '" + section.id + "'");
  }
}

}  // namespace

core::Result<core::Catalogue> read_catalogue(std::string_view text, const xml::Schema& schema) {
  auto doc = xml::parse_untrusted(text, kMaxCatalogueBytes);
  if (!doc) return refused("The catalogue cannot be read: " + doc.error().message, doc.error().problems);
  if (auto valid = schema.validate(*doc.value()); !valid)
    return refused("The catalogue does not follow schemas/zvhpga-criteria-v1.xsd.",
                   valid.error().problems);

  const xmlNode& root = *xmlDocGetRootElement(doc.value().get());
  core::Catalogue catalogue;
  catalogue.version = xml::attribute(root, "version");
  catalogue.issued_on = xml::attribute(root, "issuedOn");
  catalogue.title = xml::child_text(root, "title");
  catalogue.introduction = xml::child_text(root, "introduction");
  std::vector<core::Problem> problems;
  for (const xmlNode* node : xml::children(root, "section")) {
    core::Section section;
    section.id = xml::attribute(*node, "id");
    section.label = xml::child_text(*node, "label");
    section.help = xml::child_text(*node, "help");
    section.stages = stages_of(*node);
    for (const xmlNode* criterion : xml::children(*node, "criterion")) {
      section.criteria.push_back(criterion_of(*criterion));
      check_criterion(section.criteria.back(), problems);
    }
    catalogue.sections.push_back(std::move(section));
  }
  check_identifiers(catalogue, problems);
  if (!problems.empty())
    return refused("Catalogue version " + catalogue.version + " is not consistent; see the "
                   "problems listed.", std::move(problems));
  return catalogue;
}

}  // namespace zvhpga::criteria
