#pragma once
// The privacy register over one connection, inside the transaction that connection is in.
#include <memory>

#include "odbc/handles.h"
#include "ports/privacy.h"

namespace zvhpga::odbc {

std::unique_ptr<ports::PrivacyRegister> make_privacy_register(Connection& connection);

}  // namespace zvhpga::odbc
