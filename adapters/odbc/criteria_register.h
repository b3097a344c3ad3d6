#pragma once
// The criteria register over one connection, inside the transaction that connection is in.
#include <memory>

#include "odbc/handles.h"
#include "ports/criteria.h"

namespace zvhpga::odbc {

std::unique_ptr<ports::CriteriaRegister> make_criteria_register(Connection& connection);

}  // namespace zvhpga::odbc
