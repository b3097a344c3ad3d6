#pragma once
// Just enough libxml2 for a host: read a document, look at its values, change the text of an
// element, write it back. Element names are matched in the namespace of the root element,
// which for zvh-pga documents is the contract namespace.
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/tree.h>

namespace zvhpga::cli {

// Text made safe to put between XML tags or inside a quoted attribute, for documents a host
// writes by hand.
std::string xml_escaped(std::string_view text);

// An XHTML element written as polyglot markup: every empty element other than HTML's void ones
// gets an empty text node (which this adds), so that it is written with its end tag. An XML
// library's <textarea/> read as text/html swallows the rest of the page.
std::optional<std::string> polyglot_markup(xmlNode* element);

// One element of a parsed document, valid while the document lives: for walking repeated
// groups whose members must be read together, which values_at cannot.
class XmlElement {
 public:
  std::vector<XmlElement> children(std::string_view name) const;
  bool has_child(std::string_view name) const { return !children(name).empty(); }
  // The text of the first child of that name, or an empty string when there is none.
  std::string child_text(std::string_view name) const;

 private:
  friend class XmlDocument;
  XmlElement(const xmlNode* node, const xmlNs* ns) : node_(node), ns_(ns) {}

  const xmlNode* node_;
  const xmlNs* ns_;
};

class XmlDocument {
 public:
  // Parses without touching the network and without expanding entities; nullopt when the text
  // is not well-formed XML.
  static std::optional<XmlDocument> parse(std::string_view text);

  // The text of every element reached by following the path of child element names from the
  // root, e.g. {"signal", "contributions", "contribution", "contributionId"}.
  std::vector<std::string> values_at(std::initializer_list<std::string_view> path) const;
  // The first of values_at(path), or an empty string when there is none.
  std::string value_at(std::initializer_list<std::string_view> path) const;

  XmlElement root() const;

  // The local name of the root element, e.g. "Error".
  std::string root_name() const;

  // Replaces the text of every element with this local name, wherever it is; returns how many.
  int replace_text_everywhere(std::string_view element_name, std::string_view text);

  std::string to_string() const;

  // The first element inside the root's child `element_name`, serialised as XML with its
  // namespace declarations and as polyglot markup: how a host takes an embedded fragment (e.g.
  // XHTML) out.
  std::optional<std::string> element_inside(std::string_view element_name) const;

 private:
  struct Deleter {
    void operator()(xmlDoc* document) const { xmlFreeDoc(document); }
  };
  explicit XmlDocument(xmlDoc* document) : document_(document) {}

  std::unique_ptr<xmlDoc, Deleter> document_;
};

}  // namespace zvhpga::cli
