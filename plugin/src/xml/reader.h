#pragma once
// Reads a document that already passed schema validation. A missing required element here is
// a defect in the schema or the codec, so it throws std::logic_error (reported as internal).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/document.h"

namespace zvhpga::xml {

std::string_view local_name(const xmlNode& element);
std::string_view namespace_uri(const xmlNode& element);

const xmlNode* find_child(const xmlNode& parent, std::string_view name);
const xmlNode& child(const xmlNode& parent, std::string_view name);
std::vector<const xmlNode*> children(const xmlNode& parent, std::string_view name);

std::string text(const xmlNode& element);
std::string child_text(const xmlNode& parent, std::string_view name);
// A value the schema lets carry surrounding white space (dates, booleans, numbers), trimmed.
std::string child_token(const xmlNode& parent, std::string_view name);
std::optional<std::string> optional_child_text(const xmlNode& parent, std::string_view name);
bool child_bool(const xmlNode& parent, std::string_view name);
// An attribute's value with surrounding white space trimmed; empty when it is absent.
std::string attribute(const xmlNode& element, const char* name);

}  // namespace zvhpga::xml
