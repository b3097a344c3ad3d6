#include "odbc/transaction_scope.h"

namespace zvhpga::odbc {

TransactionScope::TransactionScope(Connection& connection, service::TransactionMode mode)
    : connection_(connection) {
  const auto& dialect = connection_.dialect();
  connection_.execute(mode == service::TransactionMode::ReadWrite ? dialect.begin_read_write
                                                                  : dialect.begin_read_only);
}

TransactionScope::~TransactionScope() {
  if (!open_) return;
  try {
    connection_.execute(connection_.dialect().rollback);
  } catch (...) {
    // A transaction that cannot be rolled back must not be lent to the next request with
    // its writes still pending: closing the connection discards them.
    connection_.mark_broken();
  }
}

void TransactionScope::commit() {
  connection_.execute(connection_.dialect().commit);
  open_ = false;
}

}  // namespace zvhpga::odbc
