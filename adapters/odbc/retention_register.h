#pragma once
// The retention register over one connection, inside the transaction that connection is in.
#include <memory>

#include "odbc/handles.h"
#include "ports/retention.h"

namespace zvhpga::odbc {

std::unique_ptr<ports::RetentionRegister> make_retention_register(Connection& connection);

}  // namespace zvhpga::odbc
