#pragma once
// Versioned schema migrations, embedded in the library and applied in one transaction.
#include <string>
#include <string_view>
#include <vector>

#include "odbc/handles.h"

namespace zvhpga::odbc {

// Splits a migration script into statements: a statement ends at a line whose last non-blank
// character is ';' (dropped); lines starting with "--" are comments.
std::vector<std::string> split_statements(std::string_view script);

// Brings the schema to the newest version this build knows, recording each version applied.
// Throws a non-retryable StoreFailure if the database is already at a newer version.
void apply_migrations(Connection& connection);

}  // namespace zvhpga::odbc
