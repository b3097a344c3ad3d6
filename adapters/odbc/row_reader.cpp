#include "odbc/row_reader.h"

#include <charconv>
#include <limits>

#include "ports/store.h"

namespace zvhpga::odbc {
namespace {

// SQLSTATE 22000: data exception.
constexpr std::string_view kDataException = "22000";

std::int64_t parsed_integer(Column column, const std::string& text) {
  std::int64_t value = 0;
  const char* const end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc{} || stop != end || text.empty()) refuse_unreadable_value(column);
  return value;
}

}  // namespace

void refuse_missing_value(Column column) {
  throw ports::StoreFailure(
      "missing value in column " + column.name() + ": NULL where a value is required",
      std::string(kDataException), false);
}

void refuse_unreadable_value(Column column) {
  throw ports::StoreFailure("unreadable value in column " + column.name(),
                            std::string(kDataException), false);
}

std::string RowReader::text(Column column) {
  auto value = statement_.text(next());
  if (!value) refuse_missing_value(column);
  return std::move(*value);
}

std::optional<std::int64_t> RowReader::optional_integer(Column column) {
  const auto value = statement_.text(next());
  if (!value) return std::nullopt;
  return parsed_integer(column, *value);
}

std::int64_t RowReader::integer(Column column) {
  const auto value = optional_integer(column);
  if (!value) refuse_missing_value(column);
  return *value;
}

std::optional<int> RowReader::optional_number(Column column) {
  const auto value = optional_integer(column);
  if (!value) return std::nullopt;
  if (*value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max()) {
    refuse_unreadable_value(column);
  }
  return static_cast<int>(*value);
}

int RowReader::number(Column column) {
  const auto value = optional_number(column);
  if (!value) refuse_missing_value(column);
  return *value;
}

bool RowReader::flag(Column column) {
  const int value = number(column);
  if (value != 0 && value != 1) refuse_unreadable_value(column);
  return value == 1;
}

std::optional<core::Actor> RowReader::optional_actor(std::string_view prefix) {
  auto partner_id = optional_text();
  auto partner_kind = optional_token<core::PartnerKind>({prefix, "_partner_kind"});
  auto user = optional_text();
  auto role = optional_token<core::Role>({prefix, "_role"});
  if (!partner_id && !partner_kind && !user && !role) return std::nullopt;
  if (!partner_id) refuse_missing_value({prefix, "_partner_id"});
  if (!partner_kind) refuse_missing_value({prefix, "_partner_kind"});
  if (!user) refuse_missing_value({prefix, "_user"});
  if (!role) refuse_missing_value({prefix, "_role"});
  return core::Actor{std::move(*partner_id), *partner_kind, std::move(*user), *role};
}

core::Actor RowReader::actor(std::string_view prefix) {
  core::Actor actor;
  actor.partner_id = text({prefix, "_partner_id"});
  actor.partner_kind = token<core::PartnerKind>({prefix, "_partner_kind"});
  actor.user = text({prefix, "_user"});
  actor.role = token<core::Role>({prefix, "_role"});
  return actor;
}

}  // namespace zvhpga::odbc
