#pragma once
// The used user assertions over one connection, inside the transaction that connection is in
// (schemas/sql/*/0015_assertion_replay.sql).
#include <memory>

#include "odbc/handles.h"
#include "ports/assertion_replay.h"

namespace zvhpga::odbc {

std::unique_ptr<ports::AssertionReplay> make_assertion_replay(Connection& connection);

}  // namespace zvhpga::odbc
