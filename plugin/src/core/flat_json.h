#pragma once
// A strict reader for one JSON object whose members are all scalars (RFC 8259): the header and
// the claims of a user assertion (docs/configuration.md, "User assertions"). It accepts less
// than JSON allows, never more: no nested object or array, whole numbers only, no duplicate
// member, no bad escape, no lone surrogate, no invalid UTF-8, nothing after the object. What
// it refuses it names in a sentence, without echoing the input.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.h"

namespace zvhpga::core {

using JsonScalar = std::variant<std::nullptr_t, bool, std::int64_t, std::string>;

class FlatJsonObject {
 public:
  explicit FlatJsonObject(std::vector<std::pair<std::string, JsonScalar>> members)
      : members_(std::move(members)) {}

  const JsonScalar* find(std::string_view name) const;
  // The member's value when it is present and of that type; nullopt otherwise.
  std::optional<std::string> text(std::string_view name) const;
  std::optional<std::int64_t> integer(std::string_view name) const;
  const std::vector<std::pair<std::string, JsonScalar>>& members() const { return members_; }

 private:
  std::vector<std::pair<std::string, JsonScalar>> members_;  // in document order
};

// Parses `text` as one flat JSON object. A refusal is an InvalidValue error whose message says
// what is wrong and at which byte.
Result<FlatJsonObject> parse_flat_json_object(std::string_view text);

}  // namespace zvhpga::core
