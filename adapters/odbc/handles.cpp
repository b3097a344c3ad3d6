#include "odbc/handles.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <initializer_list>

#include "odbc/statement.h"

namespace zvhpga::odbc {
namespace {

SQLHANDLE allocate(SQLSMALLINT handle_type, SQLHANDLE parent, std::string_view what) {
  SQLHANDLE handle = nullptr;
  const SQLRETURN rc = SQLAllocHandle(handle_type, parent, &handle);
  if (!SQL_SUCCEEDED(rc)) {
    // An allocation failure on a parent carries its diagnostics there.
    if (parent != nullptr) {
      const SQLSMALLINT parent_type =
          handle_type == SQL_HANDLE_STMT ? SQL_HANDLE_DBC : SQL_HANDLE_ENV;
      throw failure_from_diagnostics(what, parent_type, parent, nullptr);
    }
    throw ports::StoreFailure(std::string(what) + ": out of memory", "HY001", false);
  }
  return handle;
}

std::string dbms_name(SQLHDBC connection) {
  std::array<SQLCHAR, 256> buffer{};
  SQLSMALLINT length = 0;
  const SQLRETURN rc = SQLGetInfo(connection, SQL_DBMS_NAME, buffer.data(),
                                  static_cast<SQLSMALLINT>(buffer.size()), &length);
  if (!SQL_SUCCEEDED(rc)) {
    throw failure_from_diagnostics("reading the DBMS name", SQL_HANDLE_DBC, connection, nullptr);
  }
  return std::string(reinterpret_cast<const char*>(buffer.data()));
}

bool equals_ignoring_case(std::string_view left, std::string_view right) {
  return std::ranges::equal(left, right, [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
}

// A connection-string value that becomes part of a PRAGMA: only one of the words SQLite knows,
// never the caller's text.
std::string_view pragma_word(std::string_view connection_string, std::string_view key,
                             std::initializer_list<std::string_view> words) {
  const auto value = attribute_value(connection_string, key);
  if (!value) return {};
  for (const std::string_view word : words) {
    if (equals_ignoring_case(*value, word)) return word;
  }
  throw ports::StoreFailure("the embedded SQLite store does not know " + std::string(key) + "=" +
                                std::string(*value),
                            "HY024", false);
}

// SQLite creates a new database file with mode 0644 less the umask, and its -wal and -shm files
// with the database file's mode. The store holds personal data and the key store wrapped keys,
// also where they are configured outside the private data directory: a file that does not exist
// yet is made here, 0600 whatever the umask, before SQLite opens it. An existing file keeps its
// mode (doctor flags one that others may read).
void create_private_file(const std::string& file) {
  if (file.empty()) return;
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    // EEXIST: it is there already; any other failure SQLite meets and reports itself.
    return;
  }
  const bool made_private = ::fchmod(fd, 0600) == 0;
  ::close(fd);
  if (!made_private)
    throw ports::StoreFailure("connecting to the database: " + file + " could not be made mode 0600",
                              "08001", false);
}

}  // namespace

bool names_embedded_sqlite(std::string_view connection_string) {
  const auto driver = attribute_value(connection_string, "Driver");
  return driver && equals_ignoring_case(*driver, kEmbeddedSqliteDriver);
}

std::string sqlite_file(std::string_view connection_string) {
  const auto driver = attribute_value(connection_string, "Driver");
  if (!driver) return {};
  std::string lower(*driver);
  std::ranges::transform(lower, lower.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.find("sqlite") == std::string::npos) return {};
  const auto database = attribute_value(connection_string, "Database");
  // ":memory:" is SQLite's name for a database in memory: no file.
  if (!database || *database == ":memory:") return {};
  return std::string(*database);
}

bool is_connection_failure(std::string_view sqlstate) { return sqlstate.starts_with("08"); }

bool is_retryable_sqlstate(std::string_view sqlstate) {
  return is_connection_failure(sqlstate) || sqlstate == "40001" || sqlstate == "40P01" ||
         sqlstate == "HYT00" || sqlstate == "HYT01";
}

ports::StoreFailure failure_from_diagnostics(std::string_view action, SQLSMALLINT handle_type,
                                               SQLHANDLE handle, const Dialect* dialect) {
  std::string message(action);
  std::string first_sqlstate;
  SQLINTEGER first_native_error = 0;
  for (SQLSMALLINT record = 1;; ++record) {
    std::array<SQLCHAR, 6> sqlstate{};
    SQLINTEGER native_error = 0;
    std::array<SQLCHAR, SQL_MAX_MESSAGE_LENGTH> text{};
    SQLSMALLINT text_length = 0;
    const SQLRETURN rc =
        SQLGetDiagRec(handle_type, handle, record, sqlstate.data(), &native_error, text.data(),
                      static_cast<SQLSMALLINT>(text.size()), &text_length);
    if (!SQL_SUCCEEDED(rc)) break;
    const std::string state(reinterpret_cast<const char*>(sqlstate.data()));
    // Warnings (class 01) can precede the error itself; the driver manager reports a missing
    // driver library as 01000 alone, so a warning still counts when nothing else follows.
    if (record == 1 || (first_sqlstate.starts_with("01") && !state.starts_with("01"))) {
      first_sqlstate = state;
      first_native_error = native_error;
    }
    message.append(record == 1 ? ": [" : "; [")
        .append(state)
        .append("] ")
        .append(reinterpret_cast<const char*>(text.data()));
  }
  if (dialect != nullptr && dialect->is_constraint_violation(first_sqlstate, first_native_error))
    first_sqlstate = "23000";
  const bool retryable =
      is_retryable_sqlstate(first_sqlstate) ||
      (dialect != nullptr && dialect->is_transient(first_sqlstate, first_native_error));
  return ports::StoreFailure(message, first_sqlstate, retryable);
}

Environment::Environment()
    : handle_(allocate(SQL_HANDLE_ENV, SQL_NULL_HANDLE, "allocating the ODBC environment")) {
  // ODBC passes integer attribute values in its pointer argument.
  const SQLRETURN rc = SQLSetEnvAttr(
      handle_.get(), SQL_ATTR_ODBC_VERSION,
      reinterpret_cast<SQLPOINTER>(  // NOLINT(performance-no-int-to-ptr)
          static_cast<std::uintptr_t>(SQL_OV_ODBC3)),
      0);
  if (!SQL_SUCCEEDED(rc)) {
    throw failure_from_diagnostics("selecting ODBC 3", SQL_HANDLE_ENV, handle_.get(), nullptr);
  }
}

Connection::Session::Session(SQLHDBC connection, const std::string& connection_string)
    : connection_(connection) {
  // The driver manager takes a non-const buffer but only reads it.
  auto* text = reinterpret_cast<SQLCHAR*>(const_cast<char*>(connection_string.c_str()));
  const SQLRETURN rc =
      SQLDriverConnect(connection, nullptr, text, SQL_NTS, nullptr, 0, nullptr, SQL_DRIVER_NOPROMPT);
  if (!SQL_SUCCEEDED(rc)) {
    throw failure_from_diagnostics("connecting to the database", SQL_HANDLE_DBC, connection,
                                   nullptr);
  }
}

Connection::Session::~Session() { SQLDisconnect(connection_); }

void Connection::open_embedded_sqlite(const std::string& connection_string) {
  dialect_ = dialect_for_dbms("SQLite");
  const auto database = attribute_value(connection_string, "Database");
  if (!database || database->empty()) {
    throw ports::StoreFailure("the embedded SQLite store needs Database=<file>", "HY024", false);
  }
  sqlite3* raw = nullptr;
  // One thread at a time uses a connection (the pool lends it whole), so SQLite's own mutexes
  // would only cost. The file is created when absent, as the ODBC driver does.
  const int opened = sqlite3_open_v2(std::string(*database).c_str(), &raw,
                                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                         SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                                     nullptr);
  sqlite_.reset(raw);
  if (opened != SQLITE_OK) {
    // The file cannot be opened (no such directory, no permission): as a lost server is.
    const std::string why = raw != nullptr ? sqlite3_errmsg(raw) : "out of memory";
    throw ports::StoreFailure("connecting to the database: " + why, "08001", false);
  }
  int timeout = 5000;
  if (const auto text = attribute_value(connection_string, "Timeout")) {
    if (std::from_chars(text->data(), text->data() + text->size(), timeout).ec != std::errc{} ||
        timeout < 0) {
      throw ports::StoreFailure("the embedded SQLite store needs Timeout in milliseconds",
                                "HY024", false);
    }
  }
  sqlite3_busy_timeout(raw, timeout);
  const auto journal = pragma_word(connection_string, "JournalMode",
                                   {"DELETE", "TRUNCATE", "PERSIST", "MEMORY", "WAL", "OFF"});
  if (!journal.empty()) execute("PRAGMA journal_mode = " + std::string(journal));
  const auto sync = pragma_word(connection_string, "SyncPragma", {"OFF", "NORMAL", "FULL", "EXTRA"});
  if (!sync.empty()) execute("PRAGMA synchronous = " + std::string(sync));
}

Connection::Connection(std::shared_ptr<Environment> environment,
                       const std::string& connection_string)
    : environment_(std::move(environment)) {
  create_private_file(sqlite_file(connection_string));
  if (names_embedded_sqlite(connection_string)) {
    open_embedded_sqlite(connection_string);
    for (const auto sql : dialect_->session_setup) execute(sql);
    return;
  }
  handle_ = UniqueHandle<SQL_HANDLE_DBC>(
      allocate(SQL_HANDLE_DBC, environment_->get(), "allocating a connection"));
  session_.emplace(handle_.get(), connection_string);
  const std::string product = dbms_name(handle_.get());
  dialect_ = dialect_for_dbms(product);
  if (dialect_ == nullptr) {
    throw ports::StoreFailure("unsupported database product: " + product, "HYC00", false);
  }
  if (dialect_->driver_ends_transactions) {
    const SQLRETURN rc = SQLSetConnectAttr(
        handle_.get(), SQL_ATTR_AUTOCOMMIT,
        reinterpret_cast<SQLPOINTER>(  // NOLINT(performance-no-int-to-ptr)
            static_cast<std::uintptr_t>(SQL_AUTOCOMMIT_OFF)),
        SQL_IS_UINTEGER);
    if (!SQL_SUCCEEDED(rc)) throw failure("leaving autocommit mode", SQL_HANDLE_DBC, handle_.get());
  }
  for (const auto sql : dialect_->session_setup) execute(sql);
  // In manual-commit mode the setup opened a transaction; settings must outlive it.
  if (dialect_->driver_ends_transactions) commit();
}

Connection::~Connection() = default;

void Connection::execute(std::string_view sql) { Statement(*this, sql).execute({}); }

Statement& Connection::prepared(std::string_view sql) {
  if (const auto found = statements_.find(sql); found != statements_.end()) return *found->second;
  // Prepared before it is stored: a text the database refuses is not kept.
  auto statement = std::make_unique<Statement>(*this, sql);
  return *statements_.emplace(std::string(sql), std::move(statement)).first->second;
}

void Connection::close_cursors() {
  for (auto& [sql, statement] : statements_) statement->close();
}

void Connection::end_transaction(SQLSMALLINT completion, std::string_view statement) {
  // A kept statement whose result was not read to the end would otherwise hold it (and, on
  // SQLite, its read of the database) past the transaction.
  close_cursors();
  if (!dialect_->driver_ends_transactions) {
    prepared(statement).execute({});
    return;
  }
  // psqlODBC forgets its open transaction when it notices a lost server while cleaning up a
  // statement, an error nobody sees; a COMMIT after that returns success and commits nothing.
  // On a connection the driver reports dead nothing can have been committed: say so.
  if (completion == SQL_COMMIT && driver_reports_dead()) {
    broken_ = true;
    throw ports::StoreFailure("the connection was lost before the commit; nothing was committed",
                                "08S01", true);
  }
  if (!SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, handle_.get(), completion))) {
    throw failure(completion == SQL_COMMIT ? "committing" : "rolling back", SQL_HANDLE_DBC,
                  handle_.get());
  }
}

void Connection::commit() { end_transaction(SQL_COMMIT, dialect_->commit); }

void Connection::rollback() { end_transaction(SQL_ROLLBACK, dialect_->rollback); }

bool Connection::answers() {
  try {
    Statement& probe = prepared("SELECT 1");
    probe.execute({});
    probe.close();
    if (dialect_->driver_ends_transactions) rollback();
    return true;
  } catch (const ports::StoreFailure&) {
    broken_ = true;
    return false;
  }
}

bool Connection::driver_reports_dead() {
  if (sqlite_) return false;  // a file in this process cannot go away like a server
  SQLUINTEGER dead = SQL_CD_FALSE;
  return SQL_SUCCEEDED(SQLGetConnectAttr(handle_.get(), SQL_ATTR_CONNECTION_DEAD, &dead,
                                         SQL_IS_UINTEGER, nullptr)) &&
         dead == SQL_CD_TRUE;
}

ports::StoreFailure Connection::failure(std::string_view action, SQLSMALLINT handle_type,
                                          SQLHANDLE handle) {
  auto result = failure_from_diagnostics(action, handle_type, handle, dialect_);
  if (is_connection_failure(result.sqlstate())) broken_ = true;
  // psqlODBC reports a lost server as HY000 ("The connection has been lost", "internal
  // SAVEPOINT failed"); the driver's own verdict on the connection is the reliable sign.
  if (!broken_ && driver_reports_dead()) {
    broken_ = true;
    return ports::StoreFailure(std::string(result.what()) + " (connection lost)", "08S01",
                                 true);
  }
  return result;
}

ports::StoreFailure Connection::sqlite_failure(std::string_view action) {
  // The extended result code is the native error, as the ODBC driver reports it, so the
  // dialect reads both alike; the SQLSTATE is the driver's HY000.
  const int code = sqlite3_extended_errcode(sqlite_.get());
  std::string message = std::string(action) + ": [HY000] " + sqlite3_errmsg(sqlite_.get());
  std::string sqlstate = "HY000";
  if (dialect_->is_constraint_violation(sqlstate, code)) sqlstate = "23000";
  const bool retryable = dialect_->is_transient(sqlstate, code);
  return ports::StoreFailure(message, sqlstate, retryable);
}

}  // namespace zvhpga::odbc
