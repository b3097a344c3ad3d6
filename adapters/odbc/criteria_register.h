#pragma once
// The criteria register over one connection, inside the transaction that connection is in.
#include <memory>

#include "odbc/handles.h"
#include "service/criteria_register.h"

namespace zvhpga::odbc {

std::unique_ptr<service::CriteriaRegister> make_criteria_register(Connection& connection);

}  // namespace zvhpga::odbc
