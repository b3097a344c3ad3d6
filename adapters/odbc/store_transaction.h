#pragma once
#include <memory>
#include <span>

#include "odbc/connection_pool.h"
#include "odbc/host_statements.h"
#include "odbc/transaction_scope.h"
#include "ports/store.h"

namespace zvhpga::odbc {

// A transaction of its own on a leased connection, begun the dialect's way for `mode`.
std::unique_ptr<TransactionHold> hold_transaction(ConnectionPool::Lease lease,
                                                  ports::TransactionMode mode);

// A StoreTransaction over a held transaction. The host statements must outlive it.
std::unique_ptr<ports::StoreTransaction> begin_transaction(
    std::unique_ptr<TransactionHold> hold, std::span<const HostStatement> host_statements);

}  // namespace zvhpga::odbc
