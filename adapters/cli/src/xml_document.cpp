#include "xml_document.h"

#include <libxml/parser.h>

#include <algorithm>
#include <array>
#include <climits>

namespace zvhpga::cli {
namespace {

const char* text_of(const xmlChar* value) { return reinterpret_cast<const char*>(value); }

bool same_namespace(const xmlNode* node, const xmlNs* expected) {
  if (node->ns == nullptr || expected == nullptr) return node->ns == expected;
  return xmlStrEqual(node->ns->href, expected->href) != 0;
}

bool is_element(const xmlNode* node, std::string_view name, const xmlNs* ns) {
  return node->type == XML_ELEMENT_NODE && name == text_of(node->name) && same_namespace(node, ns);
}

std::string content_of(const xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  std::string text = content == nullptr ? std::string() : std::string(text_of(content));
  xmlFree(content);
  return text;
}

void collect(const xmlNode* parent, const std::string_view* step, const std::string_view* end,
             const xmlNs* ns, std::vector<std::string>& values) {
  for (const xmlNode* child = parent->children; child != nullptr; child = child->next) {
    if (!is_element(child, *step, ns)) continue;
    if (step + 1 == end) {
      values.push_back(content_of(child));
    } else {
      collect(child, step + 1, end, ns, values);
    }
  }
}

int replace_below(xmlNode* parent, std::string_view name, const xmlNs* ns, std::string_view text) {
  int replaced = 0;
  for (xmlNode* child = parent->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (is_element(child, name, ns)) {
      // A fresh text node rather than xmlNodeSetContent(text): the latter would interpret
      // '&' in the new text as the start of an entity reference.
      xmlNodeSetContent(child, nullptr);
      xmlAddChild(child, xmlNewTextLen(reinterpret_cast<const xmlChar*>(text.data()),
                                       static_cast<int>(text.size())));
      ++replaced;
    } else {
      replaced += replace_below(child, name, ns, text);
    }
  }
  return replaced;
}

void keep_end_tags(xmlNode* node) {
  static constexpr std::array<std::string_view, 13> kVoid{
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
      "track", "wbr"};
  for (xmlNode* child = node->children; child != nullptr; child = child->next)
    if (child->type == XML_ELEMENT_NODE) keep_end_tags(child);
  if (node->children == nullptr && std::ranges::find(kVoid, text_of(node->name)) == kVoid.end())
    xmlAddChild(node, xmlNewText(reinterpret_cast<const xmlChar*>("")));
}

}  // namespace

std::optional<std::string> polyglot_markup(xmlNode* element) {
  keep_end_tags(element);
  std::unique_ptr<xmlBuffer, decltype(&xmlBufferFree)> buffer(xmlBufferCreate(), xmlBufferFree);
  if (!buffer || xmlNodeDump(buffer.get(), element->doc, element, 0, 0) < 0) return std::nullopt;
  return std::string(text_of(xmlBufferContent(buffer.get())),
                     static_cast<std::size_t>(xmlBufferLength(buffer.get())));
}

std::string xml_escaped(std::string_view text) {
  std::string result;
  for (char c : text) {
    switch (c) {
      case '&': result += "&amp;"; break;
      case '<': result += "&lt;"; break;
      case '>': result += "&gt;"; break;
      case '"': result += "&quot;"; break;
      case '\r': break;  // browsers send CR LF in text areas; the documents keep LF
      default: result += c;
    }
  }
  return result;
}

std::optional<XmlDocument> XmlDocument::parse(std::string_view text) {
  if (text.size() > static_cast<std::size_t>(INT_MAX)) return std::nullopt;
  // No XML_PARSE_NOENT or DTD loading: entities stay unexpanded and nothing is fetched.
  constexpr int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  xmlDoc* document =
      xmlReadMemory(text.data(), static_cast<int>(text.size()), nullptr, nullptr, options);
  if (document == nullptr || xmlDocGetRootElement(document) == nullptr) {
    xmlFreeDoc(document);
    return std::nullopt;
  }
  return XmlDocument(document);
}

std::vector<std::string> XmlDocument::values_at(std::initializer_list<std::string_view> path) const {
  std::vector<std::string> values;
  const xmlNode* root = xmlDocGetRootElement(document_.get());
  if (path.size() != 0) collect(root, path.begin(), path.end(), root->ns, values);
  return values;
}

std::string XmlDocument::value_at(std::initializer_list<std::string_view> path) const {
  std::vector<std::string> values = values_at(path);
  return values.empty() ? std::string() : values.front();
}

XmlElement XmlDocument::root() const {
  const xmlNode* root = xmlDocGetRootElement(document_.get());
  return XmlElement(root, root->ns);
}

std::vector<XmlElement> XmlElement::children(std::string_view name) const {
  std::vector<XmlElement> found;
  for (const xmlNode* child = node_->children; child != nullptr; child = child->next)
    if (is_element(child, name, ns_)) found.push_back(XmlElement(child, ns_));
  return found;
}

std::string XmlElement::child_text(std::string_view name) const {
  for (const xmlNode* child = node_->children; child != nullptr; child = child->next)
    if (is_element(child, name, ns_)) return content_of(child);
  return {};
}

std::string XmlDocument::root_name() const {
  return text_of(xmlDocGetRootElement(document_.get())->name);
}

int XmlDocument::replace_text_everywhere(std::string_view element_name, std::string_view text) {
  xmlNode* root = xmlDocGetRootElement(document_.get());
  return replace_below(root, element_name, root->ns, text);
}

std::string XmlDocument::to_string() const {
  xmlChar* buffer = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(document_.get(), &buffer, &size, "UTF-8");
  std::string text = buffer == nullptr ? std::string() : std::string(text_of(buffer), static_cast<std::size_t>(size));
  xmlFree(buffer);
  return text;
}

std::optional<std::string> XmlDocument::element_inside(std::string_view element_name) const {
  const xmlNode* root = xmlDocGetRootElement(document_.get());
  for (const xmlNode* child = root->children; child != nullptr; child = child->next) {
    if (!is_element(child, element_name, root->ns)) continue;
    for (xmlNode* inner = child->children; inner != nullptr; inner = inner->next) {
      if (inner->type != XML_ELEMENT_NODE) continue;
      // A copy (the fragment declares its own namespace), so that reading the fragment leaves
      // the document as it was.
      std::unique_ptr<xmlNode, decltype(&xmlFreeNode)> copy(
          xmlDocCopyNode(inner, document_.get(), 1), xmlFreeNode);
      if (!copy) return std::nullopt;
      return polyglot_markup(copy.get());
    }
  }
  return std::nullopt;
}

}  // namespace zvhpga::cli
