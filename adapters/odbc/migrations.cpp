#include "odbc/migrations.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "odbc/row_reader.h"
#include "odbc/statement.h"
#include "odbc/transaction_scope.h"

namespace zvhpga::odbc {
namespace {

constexpr std::string_view kVersionTable = "pga_schema_version";

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

std::set<std::int64_t> recorded_versions(Connection& connection, const Dialect& dialect) {
  Statement table_count(connection, dialect.count_tables_named);
  table_count.execute({kVersionTable});
  if (!table_count.fetch() || RowReader(table_count).integer("COUNT(*) of tables") == 0) return {};
  Statement versions(connection, "SELECT version FROM pga_schema_version");
  versions.execute({});
  std::set<std::int64_t> result;
  while (versions.fetch()) result.insert(RowReader(versions).integer("pga_schema_version.version"));
  return result;
}

std::string listed(const std::vector<std::int64_t>& versions) {
  std::string text;
  for (const auto version : versions) text += (text.empty() ? "" : ", ") + std::to_string(version);
  return text;
}

[[noreturn]] void refuse(const std::string& why) {
  throw ports::StoreFailure(why, "HY000", false);
}

}  // namespace

std::vector<std::string> split_statements(std::string_view script) {
  std::vector<std::string> statements;
  std::string current;
  while (!script.empty()) {
    const auto end_of_line = script.find('\n');
    const auto line = trim(script.substr(0, end_of_line));
    script.remove_prefix(end_of_line == std::string_view::npos ? script.size() : end_of_line + 1);
    if (line.empty() || line.starts_with("--")) continue;
    if (!current.empty()) current += '\n';
    if (line.ends_with(';')) {
      current.append(line.substr(0, line.size() - 1));
      statements.push_back(std::move(current));
      current.clear();
    } else {
      current.append(line);
    }
  }
  if (!trim(current).empty()) statements.push_back(std::move(current));
  return statements;
}

std::int64_t migration_version(std::string_view file_name) {
  std::int64_t version = 0;
  const auto [end, error] =
      std::from_chars(file_name.data(), file_name.data() + file_name.size(), version);
  if (error != std::errc{} || end == file_name.data() || version <= 0) {
    refuse("migration " + std::string(file_name) + " does not start with its version number");
  }
  return version;
}

SchemaState inspect_schema(Connection& connection, const Dialect& dialect) {
  SchemaState state;
  state.recorded = recorded_versions(connection, dialect);
  std::set<std::int64_t> known;
  for (const auto file_name : dialect.migrations) {
    const auto version = migration_version(file_name);
    known.insert(version);
    if (!state.recorded.contains(version)) state.pending.push_back(version);
  }
  std::ranges::set_difference(state.recorded, known, std::back_inserter(state.unknown));
  return state;
}

std::vector<std::int64_t> apply_migrations(Connection& connection, const Dialect& dialect,
                                           SchemaUpgrade upgrade) {
  TransactionScope transaction(connection, dialect.begin_locking_write);
  // Instances starting together migrate one after the other; the second then sees the first's
  // versions and finds nothing left to do.
  if (!dialect.migration_lock.empty()) connection.execute(dialect.migration_lock);
  const auto [recorded, pending, unknown] = inspect_schema(connection, dialect);
  if (!unknown.empty()) {
    refuse("the database schema has version(s) " + listed(unknown) +
           ", newer than this build knows; install the matching plugin");
  }
  if (pending.empty()) return {};  // read nothing but versions; rolling back is harmless
  if (!recorded.empty() && upgrade == SchemaUpgrade::Refuse) {
    refuse("the database schema lacks version(s) " + listed(pending) +
           " of this build; upgrade it with `zvh-pga db migrate`");
  }

  for (const auto file_name : dialect.migrations) {
    const auto version = migration_version(file_name);
    if (recorded.contains(version)) continue;
    const auto script = dialect.migration_script(file_name);
    if (!script) refuse("migration " + std::string(file_name) + " is not embedded");
    for (const auto& sql : split_statements(*script)) connection.execute(sql);
    Statement record(connection, "INSERT INTO pga_schema_version (version) VALUES (?)");
    record.execute({version});
  }
  transaction.commit();
  return pending;
}

}  // namespace zvhpga::odbc
