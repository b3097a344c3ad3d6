#pragma once
// The one way the adapter reads a fetched row: columns left to right, as ODBC requires, each
// checked against the schema. A NULL where the schema requires a value, or a value that does not
// parse as its column's type, is refused with a non-retryable StoreFailure naming the column;
// nothing is ever read as "" or 0 in its place. Optional columns read as std::optional.
#include <sql.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain.h"
#include "core/tokens.h"
#include "odbc/statement.h"

namespace zvhpga::odbc {

// A column as a refusal names it: "table.column", or an actor's prefix and its column's suffix.
// The two are joined only when a value is refused, so reading a row builds no names.
class Column {
 public:
  // Implicit, so that a reader call names its column with a plain string.
  Column(const char* name) : name_(name) {}
  Column(std::string_view name) : name_(name) {}
  Column(const std::string& name) : name_(name) {}
  Column(std::string_view prefix, std::string_view suffix) : name_(prefix), suffix_(suffix) {}

  std::string name() const { return std::string(name_).append(suffix_); }

 private:
  std::string_view name_;
  std::string_view suffix_;
};

// What was written is not what reads back: never guess, refuse. Reading again would read the
// same row, so neither is retryable.
[[noreturn]] void refuse_missing_value(Column column);
[[noreturn]] void refuse_unreadable_value(Column column);

class RowReader {
 public:
  explicit RowReader(Statement& statement) : statement_(statement) {}

  std::string text(Column column);
  // Text has no form that could be corrupt, so an optional column needs no name.
  std::optional<std::string> optional_text() { return statement_.text(next()); }

  // Integers are read as text and parsed whole: a driver's own conversion turns text that is
  // not a number into 0 (sqliteodbc), which would hide the corruption.
  std::int64_t integer(Column column);
  std::optional<std::int64_t> optional_integer(Column column);
  // An integer that fits an int (rounds, generations, status codes).
  int number(Column column);
  std::optional<int> optional_number(Column column);
  // An integer that must be 0 or 1.
  bool flag(Column column);

  template <typename Enum>
  Enum token(Column column) {
    const auto value = core::from_token<Enum>(text(column));
    if (!value) refuse_unreadable_value(column);
    return *value;
  }
  template <typename Enum>
  std::optional<Enum> optional_token(Column column) {
    const auto value = optional_text();
    if (!value) return std::nullopt;
    const auto parsed = core::from_token<Enum>(*value);
    if (!parsed) refuse_unreadable_value(column);
    return parsed;
  }

  // Four columns named prefix_partner_id, prefix_partner_kind, prefix_user and prefix_role.
  core::Actor actor(std::string_view prefix);
  // An actor whose four columns are all NULL or all set (one not yet known, as who answered).
  std::optional<core::Actor> optional_actor(std::string_view prefix);

 private:
  SQLUSMALLINT next() { return ++column_; }

  Statement& statement_;
  SQLUSMALLINT column_ = 0;
};

}  // namespace zvhpga::odbc
