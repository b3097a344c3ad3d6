#pragma once
// One database transaction on one connection, begun the dialect's way, rolled back on
// destruction unless committed.
#include "odbc/handles.h"
#include "ports/store.h"

namespace zvhpga::odbc {

// The dialect's statement that begins a transaction of this mode.
std::string_view begin_statement(const Dialect& dialect, ports::TransactionMode mode);

// The connection a store transaction runs on and how it ends: a transaction of its own
// (a TransactionScope on a pooled connection) or a member of a group commit (group_commit.h).
// Destroying it without commit() undoes the transaction's writes.
class TransactionHold {
 public:
  virtual ~TransactionHold() = default;
  virtual Connection& connection() = 0;
  virtual void commit() = 0;
};

class TransactionScope {
 public:
  TransactionScope(Connection& connection, std::string_view begin_statement);
  TransactionScope(const TransactionScope&) = delete;
  TransactionScope& operator=(const TransactionScope&) = delete;
  ~TransactionScope();

  void commit();

 private:
  Connection& connection_;
  bool open_ = true;
};

}  // namespace zvhpga::odbc
