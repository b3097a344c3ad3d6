#include "xml/writer.h"

#include <new>

#include "core/text.h"

namespace zvhpga::xml {

Writer::Writer(const std::string& namespace_uri, const std::string& root_name)
    : doc_(xmlNewDoc(to_xml("1.0"))) {
  if (!doc_) throw std::bad_alloc();
  root_ = xmlNewDocNode(doc_.get(), nullptr, to_xml(root_name.c_str()), nullptr);
  if (root_ == nullptr) throw std::bad_alloc();
  xmlDocSetRootElement(doc_.get(), root_);
  ns_ = xmlNewNs(root_, to_xml(namespace_uri.c_str()), nullptr);
  if (ns_ == nullptr) throw std::bad_alloc();
  xmlSetNs(root_, ns_);
}

xmlNode* Writer::add(xmlNode* parent, const std::string& name) {
  xmlNode* node = xmlNewChild(parent, ns_, to_xml(name.c_str()), nullptr);
  if (node == nullptr) throw std::bad_alloc();
  return node;
}

xmlNode* Writer::add(xmlNode* parent, const std::string& name, const std::string& text) {
  // The one place text enters a document: a value stored before it was checked (Latin-1 bytes,
  // a control character) is shown with U+FFFD rather than making the document unwritable.
  const std::string shown = core::xml_text(text);
  xmlNode* node = xmlNewTextChild(parent, ns_, to_xml(name.c_str()), to_xml(shown.c_str()));
  if (node == nullptr) throw std::bad_alloc();
  return node;
}

void Writer::add_optional(xmlNode* parent, const std::string& name,
                          const std::optional<std::string>& text) {
  if (text) add(parent, name, *text);
}

void Writer::set_attribute(xmlNode* element, const std::string& name, const std::string& value) {
  const std::string shown = core::xml_text(value);
  if (xmlNewProp(element, to_xml(name.c_str()), to_xml(shown.c_str())) == nullptr)
    throw std::bad_alloc();
}

}  // namespace zvhpga::xml
