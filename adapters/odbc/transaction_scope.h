#pragma once
// One database transaction on one connection, begun the dialect's way, rolled back on
// destruction unless committed.
#include "odbc/handles.h"
#include "service/ports.h"

namespace zvhpga::odbc {

class TransactionScope {
 public:
  TransactionScope(Connection& connection, service::TransactionMode mode);
  TransactionScope(const TransactionScope&) = delete;
  TransactionScope& operator=(const TransactionScope&) = delete;
  ~TransactionScope();

  void commit();

 private:
  Connection& connection_;
  bool open_ = true;
};

}  // namespace zvhpga::odbc
