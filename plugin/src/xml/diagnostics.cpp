#include "xml/diagnostics.h"

#include <cstring>
#include <string_view>
#include <vector>

#include "xml/document.h"

namespace zvhpga::xml {
namespace {

std::string at_line(int line, std::string_view sentence) {
  std::string text = line > 0 ? "line " + std::to_string(line) + ": " : std::string();
  text += sentence;
  return text;
}

std::string quoted(const char* name) { return "'" + std::string(name != nullptr ? name : "") + "'"; }

bool says(const xmlError& error, const char* words) {
  return error.message != nullptr && std::strstr(error.message, words) != nullptr;
}

// libxml2 writes a qualified name as {namespace}local; the caller knows the namespace.
std::string_view without_namespace(std::string_view name) {
  if (const auto close = name.rfind('}'); close != std::string_view::npos) name.remove_prefix(close + 1);
  return name;
}

bool is_name(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_' || c == '.'))
      return false;
  return true;
}

// "a", "a or b", "a, b or c".
std::string one_of(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
    text += "'" + names[i] + "'";
  }
  return text;
}

// The element names the schema would have accepted next. libxml2 lists them only inside its
// sentence ("Expected is one of ( {ns}a, {ns}b )."); only the names are taken from it, and a
// wildcard or anything else that is no plain name is left out.
std::vector<std::string> expected_elements(const xmlError& error) {
  std::vector<std::string> names;
  if (error.message == nullptr) return names;
  const std::string_view message = error.message;
  const auto expected = message.find("Expected is");
  if (expected == std::string_view::npos) return names;
  const auto open = message.find('(', expected);
  const auto close = message.find(')', open);
  if (open == std::string_view::npos || close == std::string_view::npos) return names;
  std::string_view list = message.substr(open + 1, close - open - 1);
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (const std::string_view name = without_namespace(item); is_name(name)) names.emplace_back(name);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return names;
}

// The enumeration facet's values, which libxml2 hands over as "'a', 'b', 'c'".
std::string allowed_values(const char* values) {
  std::string text;
  for (const char* c = values; c != nullptr && *c != '\0'; ++c)
    if (*c != '\'') text += *c;
  return text;
}

// The simple type a value failed, as libxml2 names it in its sentence ("... of the atomic type
// 'xs:boolean'."): the type's local name, or nothing for an anonymous one.
std::string type_name(const xmlError& error) {
  if (error.message == nullptr) return {};
  const std::string_view message = error.message;
  const auto type = message.find("type '");
  if (type == std::string_view::npos) return {};
  const auto start = type + 6;
  const auto end = message.find('\'', start);
  if (end == std::string_view::npos) return {};
  std::string_view name = without_namespace(message.substr(start, end - start));
  if (name.starts_with("xs:")) name.remove_prefix(3);
  return is_name(name) ? std::string(name) : std::string();
}

// "1 character", "3 characters".
std::string counted(const char* count, std::string_view unit) {
  const std::string number = count != nullptr ? count : "?";
  return number + " " + std::string(unit) + (number == "1" ? "" : "s");
}

std::string characters(const char* count) { return counted(count, "character"); }

std::string describe_validity(const xmlError& error, const std::string& element) {
  const std::string value_of = "the value of '" + element + "'";
  const std::string the_element = "element '" + element + "'";
  switch (error.code) {
    case XML_SCHEMAV_ELEMENT_CONTENT: {
      const auto expected = expected_elements(error);
      const std::string next = expected.empty() ? "" : "; expected " + one_of(expected);
      if (says(error, "Missing child"))
        return the_element + " is incomplete" + (expected.empty() ? "; an element is missing" : next) + ".";
      const auto* node = static_cast<const xmlNode*>(error.node);
      const std::string parent = node != nullptr && node->parent != nullptr &&
                                         node->parent->type == XML_ELEMENT_NODE
                                     ? " in " + quoted(from_xml(node->parent->name))
                                     : "";
      return the_element + " is not allowed here" + parent + next + ".";
    }
    case XML_SCHEMAV_CVC_ELT_1: return the_element + " is not a document this schema describes.";
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1: return the_element + " must be empty.";
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2:
    case XML_SCHEMAV_CVC_TYPE_3_1_2: return the_element + " may contain only text, no elements.";
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3: return the_element + " may contain only elements, no text.";
    case XML_SCHEMAV_CVC_TYPE_3_1_1: return the_element + " may carry no attributes.";
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2:
      return the_element + " does not allow the attribute " + quoted(error.str1) + ".";
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_4:
      return the_element + " lacks the required attribute " + quoted(error.str1) + ".";
    case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1:
    case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_2:
    case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_3:
    case XML_SCHEMAV_CVC_FACET_VALID: {
      const std::string type = type_name(error);
      if (type == "boolean") return value_of + " must be true or false.";
      return value_of + " is not a valid " + (type.empty() ? std::string("value for it") : type) + ".";
    }
    case XML_SCHEMAV_CVC_LENGTH_VALID:
      return value_of + " must be exactly " + characters(error.str2) + " long.";
    case XML_SCHEMAV_CVC_MINLENGTH_VALID:
      return value_of + " must be at least " + characters(error.str2) + " long.";
    case XML_SCHEMAV_CVC_MAXLENGTH_VALID:
      return value_of + " is " + characters(error.str1) + " long; at most " +
             (error.str2 != nullptr ? error.str2 : "?") + " are allowed.";
    case XML_SCHEMAV_CVC_MININCLUSIVE_VALID:
      return value_of + " must be at least " + (error.str2 != nullptr ? error.str2 : "?") + ".";
    case XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID:
      return value_of + " must be at most " + (error.str2 != nullptr ? error.str2 : "?") + ".";
    case XML_SCHEMAV_CVC_MINEXCLUSIVE_VALID:
      return value_of + " must be greater than " + (error.str2 != nullptr ? error.str2 : "?") + ".";
    case XML_SCHEMAV_CVC_MAXEXCLUSIVE_VALID:
      return value_of + " must be less than " + (error.str2 != nullptr ? error.str2 : "?") + ".";
    case XML_SCHEMAV_CVC_TOTALDIGITS_VALID:
      return value_of + " has more than " + counted(error.str2, "digit") + ".";
    case XML_SCHEMAV_CVC_FRACTIONDIGITS_VALID:
      return value_of + " has more than " + counted(error.str2, "digit") + " after the decimal point.";
    case XML_SCHEMAV_CVC_PATTERN_VALID:
      return value_of + " does not have the form the schema prescribes.";
    case XML_SCHEMAV_CVC_ENUMERATION_VALID:
      return value_of + " is not one of the allowed values (" + allowed_values(error.str2) + ").";
    case XML_SCHEMAV_CVC_IDC: return the_element + " repeats a value that must be unique.";
    default: return the_element + " does not follow the schema.";
  }
}

std::string describe_wellformedness(const xmlError& error) {
  switch (error.code) {
    case XML_ERR_DOCUMENT_EMPTY: return "the document is empty.";
    case XML_ERR_DOCUMENT_END:
      return "something follows the root element's end; a document has exactly one root element.";
    case XML_ERR_INVALID_HEX_CHARREF:
    case XML_ERR_INVALID_DEC_CHARREF:
    case XML_ERR_INVALID_CHARREF:
    case XML_ERR_INVALID_CHAR:
      if (says(error, "UTF-8")) return "the bytes are not valid UTF-8.";
      return "a character (or a character reference) names a character XML does not allow.";
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
      return "the entity reference &" + std::string(error.str1 != nullptr ? error.str1 : "") +
             "; is not defined; only &amp; &lt; &gt; &quot; &apos; and character references are.";
    case XML_ERR_ENTITYREF_SEMICOL_MISSING: return "a reference lacks its closing ';'.";
    case XML_ERR_LT_IN_ATTRIBUTE: return "an attribute value contains '<'.";
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
      return "the attribute " + quoted(error.str1) + " has no value.";
    case XML_ERR_ATTRIBUTE_REDEFINED:
      return "the attribute " + quoted(error.str1) + " appears twice on one element.";
    case XML_ERR_HYPHEN_IN_COMMENT: return "a comment contains '--'.";
    case XML_ERR_COMMENT_NOT_FINISHED: return "a comment is not closed.";
    case XML_ERR_RESERVED_XML_NAME:
      return "an XML declaration (or a processing instruction named xml) appears after the start.";
    case XML_ERR_TAG_NAME_MISMATCH:
      return "the end tag " + quoted(error.str2) + " does not match the start tag " +
             quoted(error.str1) + " (line " + std::to_string(error.int1) + ").";
    case XML_ERR_TAG_NOT_FINISHED:
      return "the document ends before the element " + quoted(error.str1) + " is closed.";
    case XML_NS_ERR_UNDEFINED_NAMESPACE:
      return "the namespace prefix " + quoted(error.str1) + " is not declared.";
    // The parser's only use of this code for a document: nesting beyond its depth limit.
    case XML_ERR_INTERNAL_ERROR: return "elements are nested too deeply.";
    default: return "the markup is not well-formed here.";
  }
}

}  // namespace

std::string describe_parse_error(const xmlError* error) {
  if (error == nullptr || error->code == XML_ERR_OK) return "the document is not well-formed XML.";
  return at_line(error->line, describe_wellformedness(*error));
}

core::Problem describe_validation_error(const xmlError& error) {
  const auto* node = static_cast<const xmlNode*>(error.node);
  std::string element = node != nullptr && node->name != nullptr
                            ? std::string(from_xml(node->name))
                            : std::string("document");
  std::string message = at_line(error.line, describe_validity(error, element));
  return {std::move(element), std::move(message)};
}

}  // namespace zvhpga::xml
