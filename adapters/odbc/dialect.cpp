#include "odbc/dialect.h"

#include <algorithm>
#include <cctype>

namespace zvhpga::resources {
std::optional<std::string_view> sqlite_migrations(std::string_view name);
}

namespace zvhpga::odbc {
namespace {

bool equals_ignoring_case(std::string_view left, std::string_view right) {
  return std::ranges::equal(left, right, [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// Keys of a connection string "key=value;key={value;with;semicolons};...".
bool has_attribute(std::string_view connection_string, std::string_view key) {
  std::size_t position = 0;
  while (position < connection_string.size()) {
    const auto equals = connection_string.find('=', position);
    if (equals == std::string_view::npos) return false;
    if (equals_ignoring_case(trim(connection_string.substr(position, equals - position)), key)) {
      return true;
    }
    auto value_start = equals + 1;
    while (value_start < connection_string.size() && connection_string[value_start] == ' ') {
      ++value_start;
    }
    auto search_from = value_start;
    if (value_start < connection_string.size() && connection_string[value_start] == '{') {
      search_from = connection_string.find('}', value_start);
      if (search_from == std::string_view::npos) return false;
    }
    const auto semicolon = connection_string.find(';', search_from);
    if (semicolon == std::string_view::npos) return false;
    position = semicolon + 1;
  }
  return false;
}

// The SQLite3 ODBC driver reports engine errors as HY000 with the SQLite result code as the
// native error; the primary code sits in the low byte (extended codes add high bits).
constexpr SQLINTEGER kSqliteBusy = 5;
constexpr SQLINTEGER kSqliteLocked = 6;

bool sqlite_is_transient(std::string_view /*sqlstate*/, SQLINTEGER native_error) {
  const auto primary = native_error & 0xff;
  return primary == kSqliteBusy || primary == kSqliteLocked;
}

// The driver's own default lock timeout is 100 s; a request should rather fail (retryably)
// after a few seconds than hold a connection that long.
constexpr DefaultAttribute kSqliteDefaults[] = {{"Timeout", "5000"}};
// Foreign keys are off per connection in SQLite unless asked for.
constexpr std::string_view kSqliteSessionSetup[] = {"PRAGMA foreign_keys = ON"};
constexpr std::string_view kSqliteMigrations[] = {"0001_initial.sql", "0002_audit.sql",
                                                  "0006_processing_log.sql"};

constexpr Dialect kSqlite{
    .kind = DialectKind::Sqlite,
    .name = "SQLite",
    .default_attributes = kSqliteDefaults,
    .session_setup = kSqliteSessionSetup,
    .begin_read_only = "BEGIN DEFERRED",
    // IMMEDIATE takes the RESERVED lock now, so what the transaction reads cannot change
    // under it and two writers never deadlock upgrading their locks.
    .begin_read_write = "BEGIN IMMEDIATE",
    .commit = "COMMIT",
    .rollback = "ROLLBACK",
    .count_tables_named = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
    .migrations = kSqliteMigrations,
    .migration_script = &resources::sqlite_migrations,
    .is_transient = &sqlite_is_transient,
};

}  // namespace

const Dialect* dialect_for_dbms(std::string_view dbms_name) {
  if (equals_ignoring_case(dbms_name, "SQLite")) return &kSqlite;
  return nullptr;
}

std::string with_default_attributes(std::string connection_string, const Dialect& dialect) {
  for (const auto& attribute : dialect.default_attributes) {
    if (has_attribute(connection_string, attribute.key)) continue;
    if (!connection_string.empty() && connection_string.back() != ';') connection_string += ';';
    connection_string.append(attribute.key).append("=").append(attribute.value).append(";");
  }
  return connection_string;
}

}  // namespace zvhpga::odbc
