#pragma once
// libxml2 documents behind RAII, and the one way the plugin parses anything: UTF-8 only, no
// DOCTYPE (so no entities, no external subsets), no network, no XInclude, bounded size.
#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace zvhpga::xml {

struct DocumentDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using Document = std::unique_ptr<xmlDoc, DocumentDeleter>;

// Parses untrusted bytes. Errors: RequestTooLarge, DoctypeRefused, MalformedXml; the message
// gives the line and what is wrong, never parser internals.
core::Result<Document> parse_untrusted(std::string_view bytes, std::size_t max_bytes);

// RequestTooLarge when a document of `bytes` bytes is over `max_bytes`; parse_untrusted's own
// check, for a document that a door parsed as part of a larger one.
core::Status check_size(std::size_t bytes, std::size_t max_bytes);

// Serialises a document as UTF-8 with an XML declaration.
std::string serialize(const xmlDoc& doc);
// The element and everything in it as Exclusive XML Canonicalization 1.0 (without comments)
// writes it: the same bytes for the same element however the document around it declared its
// namespaces or quoted its attributes, wherever in a document (a SOAP Body) it stands.
std::string canonical(const xmlNode& element);
// A serialised document without its XML declaration and surrounding white space, ready to be
// placed inside another one (a SOAP Body, a fault detail).
std::string_view without_declaration(std::string_view document);

// libxml2 speaks unsigned char; the plugin speaks std::string. These are the only casts.
inline const xmlChar* to_xml(const char* text) { return reinterpret_cast<const xmlChar*>(text); }
inline const char* from_xml(const xmlChar* text) { return reinterpret_cast<const char*>(text); }

}  // namespace zvhpga::xml
