#pragma once
// Everything that differs between database products lives here, so adding one (PostgreSQL is
// next) means adding one Dialect value, its migrations and nothing else.
#include <sql.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace zvhpga::odbc {

enum class DialectKind { Sqlite };

// A connection-string attribute the adapter adds when the caller left it out.
struct DefaultAttribute {
  std::string_view key;
  std::string_view value;
};

struct Dialect {
  DialectKind kind;
  std::string_view name;
  std::span<const DefaultAttribute> default_attributes;
  // Run once on every new connection, before it is used.
  std::span<const std::string_view> session_setup;
  // Transactions are driven with explicit statements while the connection stays in
  // autocommit mode: that is the only way to choose how the write lock is taken.
  std::string_view begin_read_only;
  std::string_view begin_read_write;
  std::string_view commit;
  std::string_view rollback;
  // One parameter, the table name; yields a single count.
  std::string_view count_tables_named;
  // Migration scripts in order; the script at position i brings the schema to version i + 1.
  std::span<const std::string_view> migrations;
  std::optional<std::string_view> (*migration_script)(std::string_view file_name);
  // Product-specific signs that a failure is transient, beyond the standard SQLSTATEs.
  bool (*is_transient)(std::string_view sqlstate, SQLINTEGER native_error);
};

// The dialect for a product as SQLGetInfo(SQL_DBMS_NAME) names it; nullptr if unsupported.
const Dialect* dialect_for_dbms(std::string_view dbms_name);

// The connection string with every default attribute the caller did not set appended.
std::string with_default_attributes(std::string connection_string, const Dialect& dialect);

}  // namespace zvhpga::odbc
