#pragma once
// What a browser posts from a rendered contribution form, turned into the SubmitContribution
// document the plugin checks. The host maps fields only; every judgement on the answers
// (complete, of the right type, reasoned, evidenced) stays the plugin's.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "xml_document.h"

namespace zvhpga::cli {

// Fields in the order the browser sent them; a name may repeat (check boxes).
using FormFields = std::vector<std::pair<std::string, std::string>>;

// application/x-www-form-urlencoded; nullopt when the body is not well-formed (a bad %-escape).
std::optional<FormFields> parse_urlencoded(std::string_view body);

// The fields the host adds to the catalogue's form: what SubmitContribution asks beyond the
// criteria answers.
inline constexpr std::string_view kInformationHeldField = "contribution.information-held";
inline constexpr std::string_view kLegalBasisField = "contribution.legal-basis";
inline constexpr std::string_view kPositionField = "contribution.position";
inline constexpr std::string_view kReasoningField = "contribution.reasoning";
inline constexpr std::string_view kCsrfField = "csrf-token";

// The questions of a form as GetForm's neutral document lists them: criterion -> answerType.
class FormQuestions {
 public:
  explicit FormQuestions(const XmlDocument& form);
  const std::string& catalogue_version() const { return catalogue_version_; }
  // "assessment", "text" or "choice"; nullopt for an identifier the form does not ask.
  std::optional<std::string> answer_type(const std::string& criterion) const;
  const std::vector<std::string>& criteria() const { return order_; }
  // The question as the person sees it; nullopt for an identifier the form does not ask.
  std::optional<std::string> label(const std::string& criterion) const;

 private:
  std::string catalogue_version_;
  std::map<std::string, std::string, std::less<>> answer_types_;
  std::map<std::string, std::string, std::less<>> labels_;
  std::vector<std::string> order_;
};

// The SubmitContributionRequest for these fields, asking for a refusal in Dutch: the host
// shows it to the person who filled the form. A question left unanswered is left out, so
// that the plugin lists it; a field naming no question of the form becomes an answer with that
// identifier, so that the plugin names it too.
std::string contribution_request(const std::string& signal_id, const FormQuestions& questions,
                                 const FormFields& fields);

}  // namespace zvhpga::cli
