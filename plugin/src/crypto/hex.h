#pragma once
// Lower-case hexadecimal, the one text form of bytes the plugin writes (MACs, sealed
// identifiers, random identifiers).
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zvhpga::crypto {

std::string to_hex(std::span<const unsigned char> bytes);
// Empty unless the text is an even number of lower-case hex digits.
std::optional<std::vector<unsigned char>> from_hex(std::string_view hex);

}  // namespace zvhpga::crypto
