#include "form_submission.h"

#include <algorithm>
#include <set>

namespace zvhpga::cli {
namespace {

std::optional<int> hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

std::optional<std::string> decoded(std::string_view text) {
  std::string result;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      result += ' ';
    } else if (text[i] == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const auto high = hex_digit(text[i + 1]);
      const auto low = hex_digit(text[i + 2]);
      if (!high || !low) return std::nullopt;
      result += static_cast<char>(*high * 16 + *low);
      i += 2;
    } else {
      result += text[i];
    }
  }
  return result;
}

std::vector<std::string> values_of(const FormFields& fields, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [field, value] : fields)
    if (field == name && !value.empty()) values.push_back(value);
  return values;
}

std::string first_value(const FormFields& fields, std::string_view name) {
  const auto values = values_of(fields, name);
  return values.empty() ? std::string() : values.front();
}

std::string element(std::string_view name, std::string_view text) {
  return "<" + std::string(name) + ">" + xml_escaped(text) + "</" + std::string(name) + ">";
}

bool is_host_field(std::string_view name) {
  return name.starts_with("contribution.") || name == kCsrfField;
}

// "feiten.wat.reasoning" -> "feiten.wat": the criterion a field belongs to.
std::string criterion_of(const std::string& field) {
  for (std::string_view suffix : {".reasoning", ".evidence-ref", ".evidence"})
    if (field.ends_with(suffix)) return field.substr(0, field.size() - suffix.size());
  return field;
}

}  // namespace

std::optional<FormFields> parse_urlencoded(std::string_view body) {
  FormFields fields;
  while (!body.empty()) {
    const auto end = body.find('&');
    const std::string_view pair = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    auto name = decoded(pair.substr(0, equals));
    auto value = decoded(equals == std::string_view::npos ? std::string_view()
                                                          : pair.substr(equals + 1));
    if (!name || !value) return std::nullopt;
    fields.emplace_back(std::move(*name), std::move(*value));
  }
  return fields;
}

FormQuestions::FormQuestions(const XmlDocument& form) {
  const XmlElement root = form.root();
  catalogue_version_ = root.child_text("catalogueVersion");
  for (const XmlElement& section : root.children("section"))
    for (const XmlElement& question : section.children("question")) {
      std::string criterion = question.child_text("criterion");
      answer_types_[criterion] = question.child_text("answerType");
      labels_[criterion] = question.child_text("label");
      order_.push_back(std::move(criterion));
    }
}

std::optional<std::string> FormQuestions::answer_type(const std::string& criterion) const {
  const auto found = answer_types_.find(criterion);
  if (found == answer_types_.end()) return std::nullopt;
  return found->second;
}

std::optional<std::string> FormQuestions::label(const std::string& criterion) const {
  const auto found = labels_.find(criterion);
  if (found == labels_.end()) return std::nullopt;
  return found->second;
}

std::string contribution_request(const std::string& signal_id, const FormQuestions& questions,
                                 const FormFields& fields) {
  std::string request = "<SubmitContributionRequest xmlns=\"urn:nl:zvh-pga:contract:1\" "
                        "language=\"nl\">" +
                        element("signalId", signal_id);
  const std::string information = first_value(fields, kInformationHeldField);
  request += information.empty() ? "<noInformationHeld/>" : element("informationHeld", information);
  request += element("legalBasis", first_value(fields, kLegalBasisField)) +
             element("position", first_value(fields, kPositionField)) +
             element("reasoning", first_value(fields, kReasoningField));

  // The form's questions in its order, then any identifier it does not ask.
  std::vector<std::string> criteria = questions.criteria();
  for (const auto& [field, value] : fields) {
    if (is_host_field(field)) continue;
    const std::string criterion = criterion_of(field);
    if (std::ranges::find(criteria, criterion) == criteria.end()) criteria.push_back(criterion);
  }
  request += "<criteriaAnswers catalogueVersion=\"" + xml_escaped(questions.catalogue_version()) +
             "\">";
  for (const std::string& criterion : criteria) {
    const auto values = values_of(fields, criterion);
    if (values.empty()) continue;
    const std::string type = questions.answer_type(criterion).value_or("text");
    request += "<answer criterion=\"" + xml_escaped(criterion) + "\">";
    if (type == "choice") {
      for (const std::string& value : values) request += element("choice", value);
    } else {
      request += element(type, values.front());
    }
    if (const auto reasoning = first_value(fields, criterion + ".reasoning"); !reasoning.empty())
      request += element("reasoning", reasoning);
    if (!values_of(fields, criterion + ".evidence").empty())
      request += "<evidence source=\"observed-facts\"/>";
    for (const std::string& ref : values_of(fields, criterion + ".evidence-ref"))
      request += "<evidence source=\"contribution\" ref=\"" + xml_escaped(ref) + "\"/>";
    request += "</answer>";
  }
  return request + "</criteriaAnswers></SubmitContributionRequest>";
}

}  // namespace zvhpga::cli
