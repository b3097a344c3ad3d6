#pragma once
// Everything that differs between database products lives here, so adding one means adding one
// Dialect value, its migrations and nothing else.
#include <sql.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace zvhpga::odbc {

enum class DialectKind { Sqlite, PostgreSql, SqlServer };

// A connection-string attribute the adapter adds when the caller left it out.
struct DefaultAttribute {
  std::string_view key;
  std::string_view value;
};

struct Dialect {
  DialectKind kind;
  std::string_view name;
  std::span<const DefaultAttribute> default_attributes;
  // Run once on every new connection, before it is used.
  std::span<const std::string_view> session_setup;
  // Transactions are driven with explicit statements while the connection stays in
  // autocommit mode: that is the only way to choose how the write lock is taken. Unless the
  // driver must end them itself (psqlODBC commits on its own after each statement it believes
  // runs in autocommit mode): then the connection is in manual-commit mode, the begin
  // statements only choose the isolation of the transaction the driver opens, and commit and
  // rollback are SQLEndTran. An empty begin statement: the session's defaults already fit.
  bool driver_ends_transactions;
  std::string_view begin_read_only;
  std::string_view begin_read_write;
  // Whether every ReadWrite store transaction runs lock_audit_head as its first statement,
  // before it reads anything. Every such transaction appends to the audit trail, so the head
  // orders them all: one that must wait for another then waits at its start instead of failing
  // at its end, and what it reads afterwards already holds the other's commit. False where
  // begin_read_write already takes a lock that orders writers (SQLite's BEGIN IMMEDIATE).
  bool lock_audit_head_first;
  // A write transaction that sees other transactions' commits as they happen and waits for or
  // skips rows others hold, instead of failing: for migrations and work claims.
  std::string_view begin_locking_write;
  // Run first in a migration transaction so concurrent instances migrate one after the other;
  // empty where begin_locking_write already serialises writers.
  std::string_view migration_lock;
  std::string_view commit;
  std::string_view rollback;
  // One parameter, the table name; yields a single count of the plugin's tables of that name.
  std::string_view count_tables_named;
  // Parameters: queue, now, now, limit. Yields work_id of unfinished items that are due and whose
  // claim is absent or expired, locking them for this transaction where the product can skip
  // rows other transactions hold.
  std::string_view select_claimable_work;
  // Reads the audit trail's head (last_seq, last_mac) and holds it against other appenders
  // until the transaction ends, in one statement, so the chain cannot fork.
  std::string_view lock_audit_head;
  // An SQL expression: whole days from s.received_on to d.decided_on, both ISO dates in text
  // columns (the statistics' time to decision).
  std::string_view days_from_receipt_to_decision;
  // Migration scripts in order of their version, the number that starts each file name.
  std::span<const std::string_view> migrations;
  std::optional<std::string_view> (*migration_script)(std::string_view file_name);
  // Product-specific signs that a failure is transient, beyond the standard SQLSTATEs.
  bool (*is_transient)(std::string_view sqlstate, SQLINTEGER native_error);
  // Whether a failure is an integrity constraint violation (a NOT NULL, UNIQUE, CHECK or
  // foreign key refusal), which StoreFailure then reports with the standard SQLSTATE 23000
  // whatever code the driver used.
  bool (*is_constraint_violation)(std::string_view sqlstate, SQLINTEGER native_error);
  // Why this connection string would reach the server without a verified TLS connection, or
  // nullopt if it verifies (or, like SQLite, does not use the network).
  std::optional<std::string> (*unverified_tls)(std::string_view connection_string);
};

// The dialect for a product as SQLGetInfo(SQL_DBMS_NAME) names it; nullptr if unsupported.
const Dialect* dialect_for_dbms(std::string_view dbms_name);
// The dialect for a connection string's Driver attribute, before connecting; nullptr when the
// string names no driver (a DSN) or one this build does not know.
const Dialect* dialect_for_connection_string(std::string_view connection_string);

// The value of a connection-string attribute, braces removed; keys ignore case.
std::optional<std::string_view> attribute_value(std::string_view connection_string,
                                                std::string_view key);

// The connection string with every default attribute the caller did not set appended.
std::string with_default_attributes(std::string connection_string, const Dialect& dialect);

}  // namespace zvhpga::odbc
