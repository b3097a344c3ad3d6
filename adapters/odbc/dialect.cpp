#include "odbc/dialect.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

#include "odbc/migration_list.h"  // generated from adapters/odbc/CMakeLists.txt

namespace zvhpga::resources {
std::optional<std::string_view> sqlite_migrations(std::string_view name);
std::optional<std::string_view> postgresql_migrations(std::string_view name);
std::optional<std::string_view> sqlserver_migrations(std::string_view name);
}  // namespace zvhpga::resources

namespace zvhpga::odbc {
namespace {

bool equals_ignoring_case(std::string_view left, std::string_view right) {
  return std::ranges::equal(left, right, [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
}

std::string lowercase(std::string_view text) {
  std::string result(text);
  std::ranges::transform(result, result.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

bool is_one_of(std::string_view value, std::initializer_list<std::string_view> accepted) {
  return std::ranges::any_of(
      accepted, [value](std::string_view one) { return equals_ignoring_case(value, one); });
}

// psqlODBC and the SQL Server drivers pass the server's SQLSTATE through: class 23.
bool is_standard_constraint_violation(std::string_view sqlstate, SQLINTEGER /*native_error*/) {
  return sqlstate.starts_with("23");
}

// ---- SQLite (sqliteodbc) ----

// The SQLite3 ODBC driver reports engine errors as HY000 with the SQLite result code as the
// native error; the primary code sits in the low byte (extended codes add high bits).
constexpr SQLINTEGER kSqliteBusy = 5;
constexpr SQLINTEGER kSqliteLocked = 6;
constexpr SQLINTEGER kSqliteConstraint = 19;

bool sqlite_is_transient(std::string_view /*sqlstate*/, SQLINTEGER native_error) {
  const auto primary = native_error & 0xff;
  return primary == kSqliteBusy || primary == kSqliteLocked;
}

bool sqlite_is_constraint_violation(std::string_view /*sqlstate*/, SQLINTEGER native_error) {
  return (native_error & 0xff) == kSqliteConstraint;
}

// A local file: there is no network connection to protect.
std::optional<std::string> sqlite_unverified_tls(std::string_view /*connection_string*/) {
  return std::nullopt;
}

// The driver's own default lock timeout is 100 s; a request should rather fail (retryably)
// after a few seconds than hold a connection that long.
constexpr DefaultAttribute kSqliteDefaults[] = {{"Timeout", "5000"}};
// Foreign keys are off per connection in SQLite unless asked for.
constexpr std::string_view kSqliteSessionSetup[] = {"PRAGMA foreign_keys = ON"};

constexpr Dialect kSqlite{
    .kind = DialectKind::Sqlite,
    .name = "SQLite",
    .default_attributes = kSqliteDefaults,
    .session_setup = kSqliteSessionSetup,
    .driver_ends_transactions = false,
    .begin_read_only = "BEGIN DEFERRED",
    // IMMEDIATE takes the RESERVED lock now, so what the transaction reads cannot change
    // under it and two writers never deadlock upgrading their locks.
    .begin_read_write = "BEGIN IMMEDIATE",
    .lock_audit_head_first = false,
    .begin_locking_write = "BEGIN IMMEDIATE",
    .migration_lock = "",
    .commit = "COMMIT",
    .rollback = "ROLLBACK",
    .count_tables_named = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
    // The write lock taken at BEGIN IMMEDIATE already keeps other claimers out.
    .select_claimable_work =
        "SELECT work_id FROM pga_work_item WHERE queue = ? AND done_at IS NULL AND due_at <= ? "
        "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY due_at, work_id LIMIT ?",
    // Appenders write in BEGIN IMMEDIATE transactions, which hold the database's write lock
    // from their start; a deferred one that read the head could not commit over another's
    // append (SQLITE_BUSY_SNAPSHOT).
    .lock_audit_head = "SELECT last_seq, last_mac FROM pga_audit_head WHERE id = 1",
    .days_from_receipt_to_decision =
        "CAST(julianday(d.decided_on) - julianday(s.received_on) AS INTEGER)",
    .migrations = kMigrations,
    .migration_script = &resources::sqlite_migrations,
    .is_transient = &sqlite_is_transient,
    .is_constraint_violation = &sqlite_is_constraint_violation,
    .unverified_tls = &sqlite_unverified_tls,
};

// ---- PostgreSQL (psqlODBC) ----

// Server shutting down or starting up (57P01-57P03), too many connections (53300), a lock not
// granted within lock_timeout (55P03): all pass once the server or the other transaction is done.
bool postgresql_is_transient(std::string_view sqlstate, SQLINTEGER /*native_error*/) {
  return sqlstate.starts_with("57P") || sqlstate == "53300" || sqlstate == "55P03";
}

std::optional<std::string> postgresql_unverified_tls(std::string_view connection_string) {
  // libpq options passed through psqlODBC could override sslmode behind the check's back.
  if (const auto options = attribute_value(connection_string, "pqopt");
      options && lowercase(*options).find("ssl") != std::string::npos) {
    return "the connection string sets SSL options through pqopt, which cannot be checked";
  }
  const auto mode = attribute_value(connection_string, "sslmode");
  if (!mode) return "the connection string sets no sslmode (verify-full or verify-ca is required)";
  if (!is_one_of(*mode, {"verify-full", "verify-ca"})) {
    return "sslmode=" + std::string(*mode) +
           " does not verify the server's certificate (verify-full or verify-ca is required)";
  }
  return std::nullopt;
}

// The tables live in their own schema, apart from the host's; public stays on the path so host
// statements can name the host's tables unqualified. A lock wait ends after 5 s, as on SQLite.
// Transactions keep PostgreSQL's default isolation, READ COMMITTED, unless they say otherwise.
constexpr std::string_view kPostgreSqlSessionSetup[] = {"SET search_path TO zvhpga, public",
                                                        "SET lock_timeout = '5s'"};
// psqlODBC's default rollback level (statement, "7.4-2") wraps every statement in SAVEPOINT and
// RELEASE, two round trips more per statement, so that a transaction can go on after a failed
// one. The adapter never does: any failure rolls the whole request back. Level 1 rolls the
// transaction back at the first error, which is what the adapter does anyway.
constexpr DefaultAttribute kPostgreSqlDefaults[] = {{"Protocol", "7.4-1"}};

constexpr Dialect kPostgreSql{
    .kind = DialectKind::PostgreSql,
    .name = "PostgreSQL",
    .default_attributes = kPostgreSqlDefaults,
    .session_setup = kPostgreSqlSessionSetup,
    .driver_ends_transactions = true,
    // One snapshot for every query of a read, so a dossier never mixes two moments.
    .begin_read_only = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY",
    // READ COMMITTED, after the audit head's lock (lock_audit_head_first): every writer that
    // committed before this one got the lock is visible to each of its statements, and no other
    // writer can commit until it ends, so what load_dossier read cannot change before commit.
    // Writers run one after the other in the order of the lock, which is serializable without
    // SERIALIZABLE: that level would make the one that waited fail at the head instead
    // (docs/storage.md, "Concurrent writers").
    .begin_read_write = "",
    .lock_audit_head_first = true,
    .begin_locking_write = "",
    .migration_lock = "SELECT pg_advisory_xact_lock(2024060601)",
    .commit = "",
    .rollback = "",
    .count_tables_named = "SELECT COUNT(*) FROM information_schema.tables WHERE "
                          "table_schema = 'zvhpga' AND table_name = ?",
    // Rows another instance is claiming right now are skipped, not waited for.
    .select_claimable_work =
        "SELECT work_id FROM pga_work_item WHERE queue = ? AND done_at IS NULL AND due_at <= ? "
        "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY due_at, work_id LIMIT ? "
        "FOR UPDATE SKIP LOCKED",
    .lock_audit_head = "SELECT last_seq, last_mac FROM pga_audit_head WHERE id = 1 FOR UPDATE",
    .days_from_receipt_to_decision =
        "(CAST(d.decided_on AS DATE) - CAST(s.received_on AS DATE))",
    .migrations = kMigrations,
    .migration_script = &resources::postgresql_migrations,
    .is_transient = &postgresql_is_transient,
    .is_constraint_violation = &is_standard_constraint_violation,
    .unverified_tls = &postgresql_unverified_tls,
};

// ---- Microsoft SQL Server (T-SQL: Microsoft ODBC Driver 18, FreeTDS) ----

// Deadlock victim (1205), lock request timeout (1222), database not currently available
// (40613, 40501: Azure SQL reconfiguring).
bool sqlserver_is_transient(std::string_view /*sqlstate*/, SQLINTEGER native_error) {
  return native_error == 1205 || native_error == 1222 || native_error == 40613 ||
         native_error == 40501;
}

std::optional<std::string> sqlserver_unverified_tls(std::string_view connection_string) {
  const auto encrypt = attribute_value(connection_string, "Encrypt");
  if (!encrypt || !is_one_of(*encrypt, {"yes", "true", "mandatory", "strict"})) {
    return "the connection string does not set Encrypt=yes or Encrypt=strict";
  }
  if (const auto trust = attribute_value(connection_string, "TrustServerCertificate");
      trust && is_one_of(*trust, {"yes", "true"})) {
    return "TrustServerCertificate=" + std::string(*trust) +
           " skips verifying the server's certificate";
  }
  return std::nullopt;
}

// A T-SQL session cannot choose a schema: the plugin's login needs DEFAULT_SCHEMA = zvhpga
// (docs/storage.md). XACT_ABORT rolls the whole transaction back on any error, as the other
// products do, instead of leaving it open after a failed statement.
constexpr std::string_view kSqlServerSessionSetup[] = {"SET XACT_ABORT ON",
                                                       "SET LOCK_TIMEOUT 5000"};

constexpr Dialect kSqlServer{
    .kind = DialectKind::SqlServer,
    .name = "SQL Server",
    .default_attributes = {},
    .session_setup = kSqlServerSessionSetup,
    .driver_ends_transactions = false,
    .begin_read_only = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ BEGIN TRANSACTION",
    .begin_read_write = "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE BEGIN TRANSACTION",
    // Not tested against a server (docs/storage.md), so left as it was.
    .lock_audit_head_first = false,
    .begin_locking_write = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED BEGIN TRANSACTION",
    .migration_lock = "EXEC sp_getapplock @Resource = 'zvhpga-migrations', "
                      "@LockMode = 'Exclusive', @LockOwner = 'Transaction'",
    .commit = "COMMIT TRANSACTION",
    .rollback = "ROLLBACK TRANSACTION",
    .count_tables_named = "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE "
                          "TABLE_SCHEMA = 'zvhpga' AND TABLE_NAME = ?",
    .select_claimable_work =
        "SELECT work_id FROM pga_work_item WITH (UPDLOCK, READPAST, ROWLOCK) WHERE queue = ? "
        "AND done_at IS NULL AND due_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) "
        "ORDER BY due_at, work_id OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
    .lock_audit_head =
        "SELECT last_seq, last_mac FROM pga_audit_head WITH (UPDLOCK, HOLDLOCK) WHERE id = 1",
    .days_from_receipt_to_decision =
        "DATEDIFF(day, CAST(s.received_on AS DATE), CAST(d.decided_on AS DATE))",
    .migrations = kMigrations,
    .migration_script = &resources::sqlserver_migrations,
    .is_transient = &sqlserver_is_transient,
    .is_constraint_violation = &is_standard_constraint_violation,
    .unverified_tls = &sqlserver_unverified_tls,
};

}  // namespace

const Dialect* dialect_for_dbms(std::string_view dbms_name) {
  if (equals_ignoring_case(dbms_name, "SQLite")) return &kSqlite;
  if (equals_ignoring_case(dbms_name, "PostgreSQL")) return &kPostgreSql;
  if (equals_ignoring_case(dbms_name, "Microsoft SQL Server")) return &kSqlServer;
  return nullptr;
}

const Dialect* dialect_for_connection_string(std::string_view connection_string) {
  const auto driver = attribute_value(connection_string, "Driver");
  if (!driver) return nullptr;
  const std::string name = lowercase(*driver);
  const auto mentions = [&name](std::string_view part) {
    return name.find(part) != std::string::npos;
  };
  if (mentions("sqlite")) return &kSqlite;
  if (mentions("postgres") || mentions("psqlodbc")) return &kPostgreSql;
  if (mentions("sql server") || mentions("msodbcsql") || mentions("freetds") ||
      mentions("tdsodbc")) {
    return &kSqlServer;
  }
  return nullptr;
}

// Attributes are "key=value;key={value;with;semicolons};...".
std::optional<std::string_view> attribute_value(std::string_view connection_string,
                                                std::string_view key) {
  std::size_t position = 0;
  while (position < connection_string.size()) {
    const auto equals = connection_string.find('=', position);
    if (equals == std::string_view::npos) return std::nullopt;
    const bool wanted =
        equals_ignoring_case(trim(connection_string.substr(position, equals - position)), key);
    auto value_start = equals + 1;
    while (value_start < connection_string.size() && connection_string[value_start] == ' ') {
      ++value_start;
    }
    auto search_from = value_start;
    if (value_start < connection_string.size() && connection_string[value_start] == '{') {
      const auto closing = connection_string.find('}', value_start);
      if (closing == std::string_view::npos) return std::nullopt;
      if (wanted) return connection_string.substr(value_start + 1, closing - value_start - 1);
      search_from = closing;
    }
    const auto semicolon = connection_string.find(';', search_from);
    const auto value_end =
        semicolon == std::string_view::npos ? connection_string.size() : semicolon;
    if (wanted) return trim(connection_string.substr(value_start, value_end - value_start));
    if (semicolon == std::string_view::npos) return std::nullopt;
    position = semicolon + 1;
  }
  return std::nullopt;
}

std::string with_default_attributes(std::string connection_string, const Dialect& dialect) {
  for (const auto& attribute : dialect.default_attributes) {
    if (attribute_value(connection_string, attribute.key)) continue;
    if (!connection_string.empty() && connection_string.back() != ';') connection_string += ';';
    connection_string.append(attribute.key).append("=").append(attribute.value).append(";");
  }
  return connection_string;
}

}  // namespace zvhpga::odbc
