#pragma once
// The processing log over one connection, inside the transaction that connection is in.
#include <memory>

#include "odbc/handles.h"
#include "ports/audit.h"

namespace zvhpga::odbc {

std::unique_ptr<ports::ProcessingLog> make_processing_log(Connection& connection);

}  // namespace zvhpga::odbc
