#pragma once
// The replies register over one connection, inside the transaction that connection is in.
#include <memory>

#include "odbc/handles.h"
#include "ports/replies.h"

namespace zvhpga::odbc {

std::unique_ptr<ports::ReplyRegister> make_reply_register(Connection& connection);

}  // namespace zvhpga::odbc
