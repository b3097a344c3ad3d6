#pragma once
// The host platform's own tables (persons, cases) are reached only through statements the
// administrator names in the configuration: parameterised SQL, values always bound. Each is
// prepared against the database when the store opens, so a broken one stops the start-up with
// its name instead of failing a request weeks later. A check runs the statement once with NULL
// parameters inside a transaction that is rolled back; a constraint refusing those NULLs shows
// the statement reached the table, so it passes.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "odbc/statement.h"

namespace zvhpga::odbc {

struct HostStatement {
  std::string name;  // e.g. "person-by-bsn"
  std::string sql;   // with '?' parameter markers
};

struct HostResult {
  std::vector<std::vector<std::optional<std::string>>> rows;  // SQL NULL is nullopt
  std::int64_t affected_rows = 0;  // for INSERT, UPDATE, DELETE
};

// Throws a non-retryable StoreFailure naming the first statement the database cannot prepare,
// and a retryable one if the database could not be asked.
void check_host_statements(Connection& connection, std::span<const HostStatement> statements);

// The statement named `name`; a non-retryable StoreFailure if none is.
const HostStatement& find_host_statement(std::span<const HostStatement> statements,
                                         std::string_view name);

// Runs one statement in a transaction of its own and commits it.
HostResult run_host_statement(Connection& connection, const HostStatement& statement,
                              std::span<const Parameter> parameters);

}  // namespace zvhpga::odbc
