#include "retention/adoption.h"

#include <algorithm>
#include <stdexcept>

#include "retention/policy_reader.h"

namespace zvhpga::retention {
namespace {

struct Evaluation {
  std::vector<ports::AdoptedPolicy> adopted;
  std::vector<core::RetentionPolicy> earlier;
  core::Result<core::RetentionPolicy> candidate;
};

Evaluation evaluate(ports::RetentionRegister& retention, const xml::Schema& schema,
                    std::string_view text) {
  Evaluation evaluation{retention.adopted_policies(), {}, read_policy(text, schema)};
  for (const ports::AdoptedPolicy& adopted : evaluation.adopted) {
    // Checked when it was adopted; failing now means the database was changed outside the
    // plugin.
    auto policy = read_policy(adopted.document, schema);
    if (!policy)
      throw std::runtime_error("adopted retention policy " + adopted.version +
                               " no longer reads: " + policy.error().message);
    evaluation.earlier.push_back(std::move(policy.value()));
  }
  if (!evaluation.candidate) return evaluation;
  const std::string& version = evaluation.candidate->version;
  for (const ports::AdoptedPolicy& adopted : evaluation.adopted) {
    if (adopted.version == version && adopted.document != text)
      evaluation.candidate = core::Error{
          core::ErrorCode::RetentionPolicyRefused,
          "Retention policy version " + version + " cannot be adopted; see the problems listed.",
          {{"version", "Version " + version + " was adopted on " + adopted.adopted_at.substr(0, 10) +
                           " with other content. A version never changes once adopted, so "
                           "every running term stays explainable by its rule: publish the "
                           "changed policy under a new version."}}};
  }
  return evaluation;
}

}  // namespace

core::Result<core::RetentionPolicy> check_adoption(ports::RetentionRegister& retention,
                                                   const xml::Schema& schema,
                                                   std::string_view text) {
  return std::move(evaluate(retention, schema, text).candidate);
}

core::Result<Adoption> adopt(ports::RetentionRegister& retention, const xml::Schema& schema,
                             std::string_view text, const core::Timestamp& now) {
  Evaluation evaluation = evaluate(retention, schema, text);
  if (!evaluation.candidate) {
    if (evaluation.earlier.empty()) return evaluation.candidate.error();
    return Adoption{PolicySet(std::move(evaluation.earlier)), evaluation.candidate.error(), false};
  }
  core::RetentionPolicy candidate = std::move(evaluation.candidate.value());
  const auto same =
      std::ranges::find(evaluation.earlier, candidate.version, &core::RetentionPolicy::version);
  if (same != evaluation.earlier.end() && same + 1 == evaluation.earlier.end())
    return Adoption{PolicySet(std::move(evaluation.earlier)), std::nullopt, false};

  if (same == evaluation.earlier.end()) {
    retention.adopt({candidate.version, candidate.issued_on, std::string(text), now});
  } else {
    retention.put_in_force(candidate.version, now);
    evaluation.earlier.erase(same);
  }
  evaluation.earlier.push_back(std::move(candidate));
  return Adoption{PolicySet(std::move(evaluation.earlier)), std::nullopt, true};
}

}  // namespace zvhpga::retention
