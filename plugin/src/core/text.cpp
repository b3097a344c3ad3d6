#include "core/text.h"

namespace zvhpga::core {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

struct Decoded {
  char32_t code_point;
  std::size_t length;
};

// The UTF-8 sequence at text[at], or nothing if it is not one: truncated, overlong, a
// surrogate or beyond U+10FFFF.
std::optional<Decoded> decode_at(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return Decoded{lead, 1};
  std::size_t length = 0;
  char32_t minimum = 0;  // below it the sequence is overlong
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    minimum = 0x10000;
  } else {
    return std::nullopt;
  }
  char32_t code_point = lead & (0x7F >> length);
  if (text.size() - at < length) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return std::nullopt;
    code_point = (code_point << 6) | (byte(i) & 0x3F);
  }
  if (code_point < minimum || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF))
    return std::nullopt;
  return Decoded{code_point, length};
}

bool is_xml_char(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
}

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

}  // namespace

std::optional<std::string> identity_text_fault(std::string_view text) {
  std::size_t characters = 0;
  for (std::size_t at = 0; at < text.size(); ++characters) {
    const auto decoded = decode_at(text, at);
    if (!decoded) return "is not valid UTF-8";
    if (!is_xml_char(decoded->code_point) || is_control(decoded->code_point))
      return "holds a control character";
    at += decoded->length;
  }
  if (characters > kMaxIdentityCharacters)
    return "is longer than " + std::to_string(kMaxIdentityCharacters) + " characters";
  return std::nullopt;
}

std::string xml_text(std::string_view text) {
  std::string shown;
  shown.reserve(text.size());
  // The characters XML can carry are copied a run at a time, not one by one.
  std::size_t kept_from = 0;
  for (std::size_t at = 0; at < text.size();) {
    const auto decoded = decode_at(text, at);
    if (decoded && is_xml_char(decoded->code_point)) {
      at += decoded->length;
    } else {
      shown.append(text.substr(kept_from, at - kept_from)).append(kReplacement);
      kept_from = ++at;
    }
  }
  shown.append(text.substr(kept_from));
  return shown;
}

}  // namespace zvhpga::core
