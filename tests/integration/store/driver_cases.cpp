#include "driver_cases.h"

#include <cstdlib>

#include "odbc/handles.h"
#include "odbc/transaction_scope.h"

namespace zvhpga::odbc::testing {
namespace {

std::string sqlite_connection_string(const std::filesystem::path& database) {
  return "Driver=SQLite3;Database=" + database.string() + ";";
}

// The embedded store: the same SQLite dialect through SQLite's C API instead of ODBC.
std::string embedded_sqlite_connection_string(const std::filesystem::path& database) {
  return "Driver=" + std::string(kEmbeddedSqliteDriver) + ";Database=" + database.string() + ";";
}

// PostgreSQL keeps state between tests, so each test starts by dropping the plugin's schema
// and the host tables the tests create. Runs only when ZVHPGA_TEST_PG_CONNECTION names a
// throwaway database.
std::optional<std::string> fresh_postgresql_database() {
  const char* connection_string = std::getenv("ZVHPGA_TEST_PG_CONNECTION");
  if (connection_string == nullptr || *connection_string == '\0') return std::nullopt;
  Connection connection(std::make_shared<Environment>(), connection_string);
  TransactionScope transaction(connection, connection.dialect().begin_locking_write);
  connection.execute("DROP SCHEMA IF EXISTS zvhpga CASCADE");
  connection.execute("DROP TABLE IF EXISTS public.host_person CASCADE");
  transaction.commit();
  return std::string(connection_string);
}

}  // namespace

std::vector<DriverCase> driver_cases() {
  return {
      {.name = "SQLite",
       .fresh_database = [](const std::filesystem::path& scratch) -> std::optional<std::string> {
         return sqlite_connection_string(scratch / "store.db");
       },
       .unreachable_database =
           [](const std::filesystem::path& scratch) {
             return sqlite_connection_string(scratch / "no-such-directory" / "store.db");
           }},
      {.name = "EmbeddedSQLite",
       .fresh_database = [](const std::filesystem::path& scratch) -> std::optional<std::string> {
         return embedded_sqlite_connection_string(scratch / "store.db");
       },
       .unreachable_database =
           [](const std::filesystem::path& scratch) {
             return embedded_sqlite_connection_string(scratch / "no-such-directory" / "store.db");
           }},
      {.name = "PostgreSQL",
       .fresh_database = [](const std::filesystem::path&) { return fresh_postgresql_database(); },
       .unreachable_database =
           [](const std::filesystem::path&) -> std::string {
             return "Driver=PostgreSQL Unicode;Server=127.0.0.1;Port=1;Database=none;"
                    "UID=none;PWD=none;";
           }},
  };
}

}  // namespace zvhpga::odbc::testing
