#pragma once
// Versioned schema migrations, embedded in the library and applied in one transaction.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "odbc/handles.h"

namespace zvhpga::odbc {

// Whether opening a store may upgrade a schema that is older than this build. An empty
// database always gets the whole schema; an older one only when the administrator asked
// (`zvh-pga db migrate`), so an upgrade never happens as a side effect of a restart.
enum class SchemaUpgrade { Refuse, Apply };

// Splits a migration script into statements: a statement ends at a line whose last non-blank
// character is ';' (dropped); lines starting with "--" are comments.
std::vector<std::string> split_statements(std::string_view script);

// The version a migration file brings: the number its name starts with ("0005_x.sql" → 5).
std::int64_t migration_version(std::string_view file_name);

// Where a database's schema stands against this build's migrations.
struct SchemaState {
  std::set<std::int64_t> recorded;    // versions the database records
  std::vector<std::int64_t> pending;  // this build's versions it lacks, in order
  std::vector<std::int64_t> unknown;  // versions it records that this build does not know
};

// Reads the versions only; changes nothing.
SchemaState inspect_schema(Connection& connection, const Dialect& dialect);

// Applies every migration of `dialect` the database has not recorded, in one transaction, and
// returns the versions applied. Versions are recorded one by one, so migrations numbered in
// parallel by different features may arrive in any order. Throws a non-retryable StoreFailure
// if the database records a version this build does not know (it is newer), or if it lacks
// some and `upgrade` is Refuse.
std::vector<std::int64_t> apply_migrations(Connection& connection, const Dialect& dialect,
                                           SchemaUpgrade upgrade);

}  // namespace zvhpga::odbc
