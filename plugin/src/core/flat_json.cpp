#include "core/flat_json.h"

#include <algorithm>
#include <limits>

namespace zvhpga::core {
namespace {

constexpr char32_t kMaxCodePoint = 0x10FFFF;

bool is_surrogate(char32_t code_point) { return code_point >= 0xD800 && code_point <= 0xDFFF; }

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  Result<FlatJsonObject> object() {
    std::vector<std::pair<std::string, JsonScalar>> members;
    skip_whitespace();
    if (!take('{')) return refuse("is not a JSON object");
    skip_whitespace();
    if (!take('}')) {
      for (;;) {
        skip_whitespace();
        if (peek() != '"') return refuse("expects a member name in quotes");
        auto name = string();
        if (!name) return name.error();
        const bool duplicate = std::ranges::any_of(
            members, [&](const auto& member) { return member.first == *name; });
        if (duplicate) return refuse("names a member twice");
        skip_whitespace();
        if (!take(':')) return refuse("expects ':' after a member name");
        skip_whitespace();
        auto value = scalar();
        if (!value) return value.error();
        members.emplace_back(std::move(*name), std::move(*value));
        skip_whitespace();
        if (take('}')) break;
        if (!take(',')) return refuse("expects ',' or '}' after a member");
      }
    }
    skip_whitespace();
    if (at_ < text_.size()) return refuse("has text after the object");
    return FlatJsonObject(std::move(members));
  }

 private:
  Error refuse(std::string_view what) const {
    return {ErrorCode::InvalidValue,
            "The JSON text " + std::string(what) + " (at byte " + std::to_string(at_) + ").",
            {}};
  }

  char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
  bool take(char expected) {
    if (at_ >= text_.size() || text_[at_] != expected) return false;
    ++at_;
    return true;
  }
  bool take_word(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }
  void skip_whitespace() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
      ++at_;
  }

  Result<JsonScalar> scalar() {
    switch (peek()) {
      case '"': {
        auto text = string();
        if (!text) return text.error();
        return JsonScalar(std::move(*text));
      }
      case 't':
        if (take_word("true")) return JsonScalar(true);
        break;
      case 'f':
        if (take_word("false")) return JsonScalar(false);
        break;
      case 'n':
        if (take_word("null")) return JsonScalar(nullptr);
        break;
      case '{':
      case '[': return refuse("holds a nested object or array, which is not accepted");
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return number();
    }
    return refuse("holds a value that is not JSON");
  }

  Result<JsonScalar> number() {
    const bool negative = take('-');
    if (peek() < '0' || peek() > '9') return refuse("has a '-' without digits");
    if (peek() == '0' && at_ + 1 < text_.size() && text_[at_ + 1] >= '0' && text_[at_ + 1] <= '9')
      return refuse("has a number with a leading zero");
    // Accumulated as a negative value, so that the most negative int64 fits too.
    std::int64_t value = 0;
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    while (peek() >= '0' && peek() <= '9') {
      const int digit = text_[at_++] - '0';
      if (value < (kMin + digit) / 10) return refuse("has a number too large");
      value = value * 10 - digit;
    }
    if (peek() == '.' || peek() == 'e' || peek() == 'E')
      return refuse("has a number that is not whole, which is not accepted");
    if (!negative) {
      if (value == kMin) return refuse("has a number too large");
      value = -value;
    }
    return JsonScalar(value);
  }

  // Four hex digits after "\u".
  std::optional<char32_t> hex_quad() {
    if (text_.size() - at_ < 4) return std::nullopt;
    char32_t value = 0;
    for (int index = 0; index < 4; ++index) {
      const char c = text_[at_++];
      value <<= 4;
      if (c >= '0' && c <= '9') value |= static_cast<char32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') value |= static_cast<char32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') value |= static_cast<char32_t>(c - 'A' + 10);
      else return std::nullopt;
    }
    return value;
  }

  Result<char32_t> escaped_code_point() {
    const auto first = hex_quad();
    if (!first) return refuse("has a \\u escape without four hex digits");
    if (*first >= 0xDC00 && *first <= 0xDFFF) return refuse("has a lone low surrogate escape");
    if (*first < 0xD800 || *first > 0xDBFF) return *first;
    if (!take_word("\\u")) return refuse("has a high surrogate escape without its low half");
    const auto second = hex_quad();
    if (!second) return refuse("has a \\u escape without four hex digits");
    if (*second < 0xDC00 || *second > 0xDFFF)
      return refuse("has a high surrogate escape without its low half");
    return 0x10000 + ((*first - 0xD800) << 10) + (*second - 0xDC00);
  }

  // One UTF-8 sequence starting at the current byte, checked: shortest form, no surrogate,
  // nothing above U+10FFFF.
  bool take_utf8(std::string& out) {
    const auto lead = static_cast<unsigned char>(text_[at_]);
    int length = 0;
    char32_t code_point = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code_point = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      return false;
    }
    if (text_.size() - at_ < static_cast<std::size_t>(length)) return false;
    for (int index = 1; index < length; ++index) {
      const auto next = static_cast<unsigned char>(text_[at_ + static_cast<std::size_t>(index)]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    constexpr char32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kShortest[length] || is_surrogate(code_point) || code_point > kMaxCodePoint)
      return false;
    out.append(text_.substr(at_, static_cast<std::size_t>(length)));
    at_ += static_cast<std::size_t>(length);
    return true;
  }

  Result<std::string> string() {
    take('"');
    std::string out;
    for (;;) {
      if (at_ >= text_.size()) return refuse("has a string without its closing quote");
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') {
        ++at_;
        return out;
      }
      if (c < 0x20) return refuse("has a control character in a string");
      if (c >= 0x80) {
        if (!take_utf8(out)) return refuse("is not valid UTF-8");
        continue;
      }
      ++at_;
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      const char escape = at_ < text_.size() ? text_[at_++] : '\0';
      switch (escape) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          auto code_point = escaped_code_point();
          if (!code_point) return code_point.error();
          append_utf8(out, *code_point);
          break;
        }
        default: return refuse("has an escape that JSON does not know");
      }
    }
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

const JsonScalar* FlatJsonObject::find(std::string_view name) const {
  for (const auto& [member, value] : members_)
    if (member == name) return &value;
  return nullptr;
}

std::optional<std::string> FlatJsonObject::text(std::string_view name) const {
  const JsonScalar* value = find(name);
  if (value == nullptr || !std::holds_alternative<std::string>(*value)) return std::nullopt;
  return std::get<std::string>(*value);
}

std::optional<std::int64_t> FlatJsonObject::integer(std::string_view name) const {
  const JsonScalar* value = find(name);
  if (value == nullptr || !std::holds_alternative<std::int64_t>(*value)) return std::nullopt;
  return std::get<std::int64_t>(*value);
}

Result<FlatJsonObject> parse_flat_json_object(std::string_view text) {
  return Reader(text).object();
}

}  // namespace zvhpga::core
