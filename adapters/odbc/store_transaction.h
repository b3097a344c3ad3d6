#pragma once
#include <memory>

#include "odbc/connection_pool.h"
#include "service/ports.h"

namespace zvhpga::odbc {

// A StoreTransaction over one leased connection; begins at construction.
std::unique_ptr<service::StoreTransaction> begin_transaction(ConnectionPool::Lease lease,
                                                             service::TransactionMode mode);

}  // namespace zvhpga::odbc
