#include "criteria/form_fields.h"

#include <optional>

#include "core/text.h"

namespace zvhpga::criteria {
namespace {

std::optional<int> hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

std::optional<std::string> decoded(std::string_view text) {
  std::string result;
  result.reserve(text.size());
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
  // What cannot travel in an XML document (invalid UTF-8, control characters) is no answer.
  if (core::xml_text(result) != result) return std::nullopt;
  return result;
}

core::Error unreadable(std::string message) {
  return core::Error{core::ErrorCode::InvalidValue, std::move(message),
                     {{"fields", "Send the form as the browser posts it."}}};
}

}  // namespace

core::Result<FormFields> parse_urlencoded(std::string_view body) {
  if (body.size() > kMaxFormBytes)
    return unreadable("The posted form is " + std::to_string(body.size()) +
                      " bytes, more than the " + std::to_string(kMaxFormBytes) +
                      " a form can be; nothing was read.");
  FormFields fields;
  while (!body.empty()) {
    const auto end = body.find('&');
    const std::string_view pair = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    if (pair.empty()) continue;
    if (fields.size() == kMaxFormFields)
      return unreadable("The posted form has more than " + std::to_string(kMaxFormFields) +
                        " fields; nothing was read.");
    const auto equals = pair.find('=');
    auto name = decoded(pair.substr(0, equals));
    auto value = decoded(equals == std::string_view::npos ? std::string_view()
                                                          : pair.substr(equals + 1));
    if (!name || !value)
      return unreadable("Field " + std::to_string(fields.size() + 1) +
                        " of the posted form has a bad %-escape or a character a form cannot "
                        "carry; nothing was read.");
    fields.emplace_back(std::move(*name), std::move(*value));
  }
  return fields;
}

std::vector<std::string> values_of(const FormFields& fields, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [field, value] : fields)
    if (field == name) values.push_back(value);
  return values;
}

}  // namespace zvhpga::criteria
