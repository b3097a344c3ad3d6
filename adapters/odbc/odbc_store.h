#pragma once
// The service's Store port over ODBC (unixODBC). SQLite works today; the dialect layer
// (dialect.h) is where PostgreSQL is added.
#include <cstddef>
#include <memory>
#include <string>

#include "service/ports.h"

namespace zvhpga::odbc {

struct StoreOptions {
  // An ODBC connection string, e.g. "Driver=SQLite3;Database=/var/lib/zvhpga/pga.db".
  // For SQLite a lock timeout (Timeout=5000, in ms) is added when absent.
  std::string connection_string;
  // Connections kept open at most; each open transaction holds one. Zero counts as one.
  std::size_t max_connections = 4;
};

// Connects, applies migrations (creates schema in an empty database, upgrades an older one,
// refuses — StoreFailure, not retryable — a schema version newer than this build knows),
// returns a thread-safe Store.
std::unique_ptr<service::Store> open_store(const StoreOptions& options);

}  // namespace zvhpga::odbc
