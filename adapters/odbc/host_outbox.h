#pragma once
// The outbox of pushes to the host platform over one connection, inside the transaction that
// connection is in (schemas/sql/*/0003_host_outbox.sql).
#include <memory>

#include "odbc/handles.h"
#include "ports/outbox.h"

namespace zvhpga::odbc {

std::unique_ptr<ports::HostOutbox> make_host_outbox(Connection& connection);

}  // namespace zvhpga::odbc
