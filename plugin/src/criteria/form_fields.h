#pragma once
// What a browser posts from a form (application/x-www-form-urlencoded), read by the plugin
// itself, so that a host relays the posted text untouched and never maps fields of its own.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace zvhpga::criteria {

// Fields in the order the browser sent them; a name may repeat (check boxes).
using FormFields = std::vector<std::pair<std::string, std::string>>;

// A form with every question answered at length stays far below these; anything larger is not
// a form, and is refused before a field is looked at.
inline constexpr std::size_t kMaxFormBytes = std::size_t{256} * 1024;
inline constexpr std::size_t kMaxFormFields = 2000;

// The fields of a posted body; an InvalidValue error (nothing read) for a body over the limits,
// a bad %-escape, or a name or value that is not UTF-8 once decoded.
core::Result<FormFields> parse_urlencoded(std::string_view body);

// Every value posted under name, in the order sent, empty ones included.
std::vector<std::string> values_of(const FormFields& fields, std::string_view name);

}  // namespace zvhpga::criteria
