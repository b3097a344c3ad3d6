#pragma once
// Text that travels from a caller into the audit trail and into documents: what is valid, and
// how a value that is not is still shown.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace zvhpga::core {

// The longest identity field (user, role, organisation, message id) in characters: the
// contract's ShortText.
inline constexpr std::size_t kMaxIdentityCharacters = 200;

// Why `text` cannot be an identity field, in words that finish "The user ...": not valid UTF-8,
// a character XML cannot carry or any control character (also tab, line feed, DEL and the C1
// controls), or more than kMaxIdentityCharacters characters. Empty when it can.
std::optional<std::string> identity_text_fault(std::string_view text);

// `text` with every byte that is not part of a character XML 1.0 can carry (invalid UTF-8, C0
// controls other than tab, line feed and carriage return, U+FFFE, U+FFFF) replaced by U+FFFD,
// so that a value stored before it was checked can still be shown. Never longer in characters
// than `text` is in bytes.
std::string xml_text(std::string_view text);

}  // namespace zvhpga::core
