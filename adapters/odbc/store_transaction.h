#pragma once
#include <memory>
#include <span>

#include "odbc/connection_pool.h"
#include "odbc/host_statements.h"
#include "service/ports.h"

namespace zvhpga::odbc {

// A StoreTransaction over one leased connection; begins at construction. The host statements
// must outlive it.
std::unique_ptr<service::StoreTransaction> begin_transaction(
    ConnectionPool::Lease lease, service::TransactionMode mode,
    std::span<const HostStatement> host_statements);

}  // namespace zvhpga::odbc
