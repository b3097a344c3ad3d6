#pragma once
// Builds a document in one namespace; text is always escaped by libxml2, and what XML cannot
// carry at all is shown as U+FFFD (core::xml_text).
#include <optional>
#include <string>
#include <string_view>

#include "xml/document.h"

namespace zvhpga::xml {

class Writer {
 public:
  Writer(const std::string& namespace_uri, const std::string& root_name);

  xmlNode* root() const { return root_; }
  xmlNode* add(xmlNode* parent, const std::string& name);
  xmlNode* add(xmlNode* parent, const std::string& name, const std::string& text);
  void add_optional(xmlNode* parent, const std::string& name, const std::optional<std::string>& text);
  void set_attribute(xmlNode* element, const std::string& name, const std::string& value);
  Document release() { return std::move(doc_); }

 private:
  Document doc_;
  xmlNs* ns_ = nullptr;
  xmlNode* root_ = nullptr;
};

}  // namespace zvhpga::xml
