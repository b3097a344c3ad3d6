#include "odbc/host_statements.h"

#include <algorithm>
#include <vector>

#include "odbc/row_reader.h"
#include "odbc/transaction_scope.h"

namespace zvhpga::odbc {

void check_host_statements(Connection& connection, std::span<const HostStatement> statements) {
  for (const auto& statement : statements) {
    try {
      // Drivers may defer preparing until execution (sqliteodbc, psqlODBC), so the statement
      // runs once with every parameter NULL, in a transaction that is always rolled back.
      TransactionScope never_committed(
          connection, begin_statement(connection.dialect(), ports::TransactionMode::ReadWrite));
      Statement prepared(connection, statement.sql);
      const std::vector<Parameter> nulls(static_cast<std::size_t>(prepared.parameter_count()),
                                         Null{});
      prepared.execute(nulls);
    } catch (const ports::StoreFailure& failure) {
      // The database parsed the statement, found its tables and columns, and only refused the
      // NULLs of the check (a host's case table rarely allows them).
      if (failure.sqlstate().starts_with("23")) continue;
      if (failure.retryable()) throw;
      throw ports::StoreFailure(
          "host statement '" + statement.name + "' cannot be prepared: " + failure.what(),
          failure.sqlstate(), false);
    }
  }
}

const HostStatement& find_host_statement(std::span<const HostStatement> statements,
                                         std::string_view name) {
  const auto found = std::ranges::find(statements, name, &HostStatement::name);
  if (found == statements.end()) {
    throw ports::StoreFailure("no host statement named '" + std::string(name) + "'", "HY000",
                                false);
  }
  return *found;
}

HostResult run_host_statement(Connection& connection, const HostStatement& statement,
                              std::span<const Parameter> parameters) {
  TransactionScope transaction(connection,
                               begin_statement(connection.dialect(),
                                               ports::TransactionMode::ReadWrite));
  Statement& prepared = connection.prepared(statement.sql);
  prepared.execute(parameters);
  HostResult result;
  const auto columns = prepared.column_count();
  if (columns > 0) {
    while (prepared.fetch()) {
      // The host's own columns: the adapter knows no schema for them, so any may be NULL.
      RowReader read(prepared);
      auto& row = result.rows.emplace_back();
      for (SQLSMALLINT column = 1; column <= columns; ++column) row.push_back(read.optional_text());
    }
  } else {
    result.affected_rows = prepared.affected_rows();
  }
  transaction.commit();
  return result;
}

}  // namespace zvhpga::odbc
