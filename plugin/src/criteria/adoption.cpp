#include "criteria/adoption.h"

#include <algorithm>
#include <stdexcept>

#include "criteria/catalogue_reader.h"

namespace zvhpga::criteria {
namespace {

// An adopted catalogue was checked when it was adopted; failing now means the database was
// changed outside the plugin.
core::Catalogue read_adopted(const ports::AdoptedCatalogue& adopted, const xml::Schema& schema) {
  auto catalogue = read_catalogue(adopted.document, schema);
  if (!catalogue)
    throw std::runtime_error("adopted criteria catalogue " + adopted.version +
                             " no longer reads: " + catalogue.error().message);
  return std::move(catalogue.value());
}

void check_against_adopted(const core::Catalogue& candidate, std::string_view text,
                           const ports::AdoptedCatalogue& adopted,
                           const core::Catalogue& earlier, std::vector<core::Problem>& problems) {
  if (adopted.version == candidate.version && adopted.document != text)
    problems.push_back({"version", "Version " + candidate.version + " was adopted on " +
                                       adopted.adopted_at.substr(0, 10) +
                                       " with other content. A version never changes once "
                                       "adopted, so records made with it keep their meaning: "
                                       "publish the changed catalogue under a new version."});
  for (const core::Section& section : candidate.sections) {
    for (const core::Criterion& criterion : section.criteria) {
      const core::Criterion* before = earlier.find(criterion.id);
      if (before != nullptr && before->answer != criterion.answer)
        problems.push_back({criterion.id, "In version " + earlier.version + " this criterion "
                                          "has answer type '" +
                                          std::string(core::to_token(before->answer)) +
                                          "'; a changed question needs a new identifier."});
    }
  }
}

struct Evaluation {
  std::vector<ports::AdoptedCatalogue> adopted;
  std::vector<core::Catalogue> earlier;
  core::Result<core::Catalogue> candidate;
};

Evaluation evaluate(ports::CriteriaRegister& criteria, const xml::Schema& schema,
                    std::string_view text) {
  Evaluation evaluation{criteria.adopted_catalogues(), {}, read_catalogue(text, schema)};
  for (const ports::AdoptedCatalogue& adopted : evaluation.adopted)
    evaluation.earlier.push_back(read_adopted(adopted, schema));
  if (!evaluation.candidate) return evaluation;

  const core::Catalogue& candidate = *evaluation.candidate;
  std::vector<core::Problem> problems;
  for (std::size_t i = 0; i < evaluation.adopted.size(); ++i)
    check_against_adopted(candidate, text, evaluation.adopted[i], evaluation.earlier[i], problems);
  for (const ports::OpenSignalNeed& need : criteria.criteria_needed_by_open_signals()) {
    if (candidate.find(need.criterion_id) == nullptr)
      problems.push_back({need.criterion_id,
                          "Answered in " + std::to_string(need.signals) +
                              " signal(s) still being weighed: the weegploeg weighs their "
                              "answers side by side, so this criterion cannot be left out "
                              "until those signals are decided."});
  }
  // One identifier may be reported for several versions; once is enough.
  std::vector<core::Problem> unique;
  for (core::Problem& problem : problems) {
    if (std::ranges::none_of(unique, [&](const core::Problem& seen) {
          return seen.field == problem.field && seen.message == problem.message;
        }))
      unique.push_back(std::move(problem));
  }
  if (!unique.empty())
    evaluation.candidate = core::Error{core::ErrorCode::CatalogueRefused,
                                       "Catalogue version " + candidate.version +
                                           " cannot be adopted; see the problems listed.",
                                       std::move(unique)};
  return evaluation;
}

}  // namespace

core::Result<core::Catalogue> check_adoption(ports::CriteriaRegister& criteria,
                                             const xml::Schema& schema, std::string_view text) {
  return std::move(evaluate(criteria, schema, text).candidate);
}

core::Result<Adoption> adopt(ports::CriteriaRegister& criteria, const xml::Schema& schema,
                             std::string_view text, const core::Timestamp& now) {
  Evaluation evaluation = evaluate(criteria, schema, text);
  if (!evaluation.candidate) {
    if (evaluation.earlier.empty()) return evaluation.candidate.error();
    return Adoption{CatalogueSet(std::move(evaluation.earlier)), evaluation.candidate.error(),
                    false};
  }
  core::Catalogue candidate = std::move(evaluation.candidate.value());
  const auto same = std::ranges::find(evaluation.earlier, candidate.version, &core::Catalogue::version);
  const bool already_in_force = same != evaluation.earlier.end() && same + 1 == evaluation.earlier.end();
  if (already_in_force) return Adoption{CatalogueSet(std::move(evaluation.earlier)), std::nullopt, false};

  if (same == evaluation.earlier.end()) {
    criteria.adopt({candidate.version, candidate.issued_on, std::string(text), now});
  } else {
    criteria.put_in_force(candidate.version, now);
    evaluation.earlier.erase(same);
  }
  evaluation.earlier.push_back(std::move(candidate));
  return Adoption{CatalogueSet(std::move(evaluation.earlier)), std::nullopt, true};
}

}  // namespace zvhpga::criteria
