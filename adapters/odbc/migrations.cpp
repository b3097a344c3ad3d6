#include "odbc/migrations.h"

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

std::int64_t current_version(Connection& connection) {
  Statement table_count(connection, connection.dialect().count_tables_named);
  table_count.execute({kVersionTable});
  if (!table_count.fetch() || table_count.integer(1).value_or(0) == 0) return 0;
  Statement version(connection, "SELECT MAX(version) FROM pga_schema_version");
  version.execute({});
  if (!version.fetch()) return 0;
  return version.integer(1).value_or(0);
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

void apply_migrations(Connection& connection) {
  const auto& dialect = connection.dialect();
  const auto known_version = static_cast<std::int64_t>(dialect.migrations.size());
  // The write lock from the start: two processes opening the same new database must not
  // both create the schema.
  TransactionScope transaction(connection, service::TransactionMode::ReadWrite);
  const std::int64_t version = current_version(connection);
  if (version > known_version) {
    throw service::StoreFailure("the database schema is at version " + std::to_string(version) +
                                    ", newer than the " + std::to_string(known_version) +
                                    " this build knows",
                                "HY000", false);
  }
  if (version == known_version) return;  // read-only after all; rolling back is harmless
  for (auto next = version; next < known_version; ++next) {
    const auto file_name = dialect.migrations[static_cast<std::size_t>(next)];
    const auto script = dialect.migration_script(file_name);
    if (!script) {
      throw service::StoreFailure("migration " + std::string(file_name) + " is not embedded",
                                  "HY000", false);
    }
    for (const auto& sql : split_statements(*script)) connection.execute(sql);
    Statement record(connection, "INSERT INTO pga_schema_version (version) VALUES (?)");
    record.execute({next + 1});
  }
  transaction.commit();
}

}  // namespace zvhpga::odbc
