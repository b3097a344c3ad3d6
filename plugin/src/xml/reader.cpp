#include "xml/reader.h"

#include <stdexcept>

namespace zvhpga::xml {
namespace {

bool is_element(const xmlNode* node) { return node->type == XML_ELEMENT_NODE; }

}  // namespace

std::string_view local_name(const xmlNode& element) { return from_xml(element.name); }

std::string_view namespace_uri(const xmlNode& element) {
  return element.ns != nullptr && element.ns->href != nullptr ? from_xml(element.ns->href)
                                                              : std::string_view();
}

const xmlNode* find_child(const xmlNode& parent, std::string_view name) {
  for (const xmlNode* node = parent.children; node != nullptr; node = node->next) {
    if (is_element(node) && local_name(*node) == name) return node;
  }
  return nullptr;
}

const xmlNode& child(const xmlNode& parent, std::string_view name) {
  const xmlNode* node = find_child(parent, name);
  if (node == nullptr)
    throw std::logic_error("validated document lacks element " + std::string(name));
  return *node;
}

std::vector<const xmlNode*> children(const xmlNode& parent, std::string_view name) {
  std::vector<const xmlNode*> found;
  for (const xmlNode* node = parent.children; node != nullptr; node = node->next) {
    if (is_element(node) && local_name(*node) == name) found.push_back(node);
  }
  return found;
}

std::string text(const xmlNode& element) {
  std::string result;
  for (const xmlNode* node = element.children; node != nullptr; node = node->next) {
    if (node->type == XML_TEXT_NODE && node->content != nullptr) result += from_xml(node->content);
  }
  return result;
}

std::string child_text(const xmlNode& parent, std::string_view name) {
  return text(child(parent, name));
}

namespace {
std::string trimmed(const std::string& value) {
  const auto first = value.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = value.find_last_not_of(" \t\r\n");
  return value.substr(first, last - first + 1);
}
}  // namespace

std::string child_token(const xmlNode& parent, std::string_view name) {
  return trimmed(child_text(parent, name));
}

std::optional<std::string> optional_child_text(const xmlNode& parent, std::string_view name) {
  const xmlNode* node = find_child(parent, name);
  if (node == nullptr) return std::nullopt;
  return text(*node);
}

bool child_bool(const xmlNode& parent, std::string_view name) {
  const std::string value = child_token(parent, name);
  return value == "true" || value == "1";
}

std::string attribute(const xmlNode& element, const char* name) {
  xmlChar* value = xmlGetNoNsProp(&element, to_xml(name));
  if (value == nullptr) return {};
  std::string result = trimmed(from_xml(value));
  xmlFree(value);
  return result;
}

}  // namespace zvhpga::xml
