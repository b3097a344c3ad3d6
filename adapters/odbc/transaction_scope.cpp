#include "odbc/transaction_scope.h"

#include "odbc/statement.h"

namespace zvhpga::odbc {

std::string_view begin_statement(const Dialect& dialect, ports::TransactionMode mode) {
  return mode == ports::TransactionMode::ReadWrite ? dialect.begin_read_write
                                                     : dialect.begin_read_only;
}

TransactionScope::TransactionScope(Connection& connection, std::string_view begin_statement)
    : connection_(connection) {
  if (!begin_statement.empty()) connection_.prepared(begin_statement).execute({});
}

TransactionScope::~TransactionScope() {
  if (!open_) return;
  try {
    connection_.rollback();
  } catch (...) {
    // A transaction that cannot be rolled back must not be lent to the next request with
    // its writes still pending, and a connection the server dropped is of no further use:
    // closing it settles both.
    connection_.mark_broken();
  }
}

void TransactionScope::commit() {
  connection_.commit();
  open_ = false;
}

}  // namespace zvhpga::odbc
