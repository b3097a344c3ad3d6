#pragma once
// One table per enum maps it to the token used in documents and in the store, so the two can
// never drift apart. Tables are defined next to their enums (domain.h).
#include <optional>
#include <string_view>

namespace zvhpga::core {

template <typename Enum>
struct TokenTable;  // specialisations provide: static constexpr std::pair<Enum, std::string_view> entries[]

template <typename Enum>
constexpr std::string_view to_token(Enum value) {
  for (const auto& [entry, token] : TokenTable<Enum>::entries) {
    if (entry == value) return token;
  }
  return {};
}

template <typename Enum>
constexpr std::optional<Enum> from_token(std::string_view token) {
  for (const auto& [entry, candidate] : TokenTable<Enum>::entries) {
    if (candidate == token) return entry;
  }
  return std::nullopt;
}

}  // namespace zvhpga::core
