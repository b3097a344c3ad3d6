#pragma once
// The audit trail's journal over one connection, inside the transaction that connection is in.
#include <memory>

#include "odbc/handles.h"
#include "ports/audit.h"

namespace zvhpga::odbc {

std::unique_ptr<ports::AuditJournal> make_audit_journal(Connection& connection);

}  // namespace zvhpga::odbc
