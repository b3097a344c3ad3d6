#pragma once
// RAII over the three ODBC handle kinds and SQLite's connection, and the one place where ODBC
// diagnostics and SQLite result codes become a ports::StoreFailure. Nothing outside this file and
// statement.cpp touches a raw handle.
//
// A connection reaches its database through ODBC, or, for the embedded SQLite store (a
// connection string whose Driver is kEmbeddedSqliteDriver), through SQLite's C API in this
// process: the same Connection and Statement, the same SQLite dialect and migrations, without a
// driver manager and a driver that copies every value and compiles writes anew.
#include <sql.h>
#include <sqlext.h>
#include <sqlite3.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "odbc/dialect.h"
#include "ports/store.h"

namespace zvhpga::odbc {

// Owns one handle of the given type and frees it exactly once.
template <SQLSMALLINT HandleType>
class UniqueHandle {
 public:
  UniqueHandle() = default;
  explicit UniqueHandle(SQLHANDLE handle) : handle_(handle) {}
  UniqueHandle(UniqueHandle&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  UniqueHandle& operator=(UniqueHandle&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, nullptr);
    }
    return *this;
  }
  UniqueHandle(const UniqueHandle&) = delete;
  UniqueHandle& operator=(const UniqueHandle&) = delete;
  ~UniqueHandle() { reset(); }

  SQLHANDLE get() const { return handle_; }

 private:
  void reset() {
    if (handle_ != nullptr) SQLFreeHandle(HandleType, std::exchange(handle_, nullptr));
  }
  SQLHANDLE handle_ = nullptr;
};

// The Driver attribute that selects SQLite's C API. It understands Database (the file), Timeout
// (the lock timeout in ms), JournalMode and SyncPragma, as the SQLite3 ODBC driver does.
inline constexpr std::string_view kEmbeddedSqliteDriver = "zvh-pga SQLite";
// Whether the connection string names the embedded SQLite driver.
bool names_embedded_sqlite(std::string_view connection_string);
// The SQLite database file the connection string names, embedded or through an ODBC driver whose
// name says SQLite; empty for a database server or a database in memory.
std::string sqlite_file(std::string_view connection_string);

struct SqliteCloser {
  void operator()(sqlite3* database) const { sqlite3_close_v2(database); }
};
using SqliteDatabase = std::unique_ptr<sqlite3, SqliteCloser>;

// SQLSTATE classes the service may retry: connection trouble, serialization failure,
// deadlock, timeouts.
bool is_retryable_sqlstate(std::string_view sqlstate);
bool is_connection_failure(std::string_view sqlstate);

// Collects every diagnostic record of the handle into one StoreFailure. The first error
// record's SQLSTATE (a warning's only if there is no error) and native error decide whether it
// is retryable. `dialect` may be null before the
// product is known (while connecting).
ports::StoreFailure failure_from_diagnostics(std::string_view action, SQLSMALLINT handle_type,
                                               SQLHANDLE handle, const Dialect* dialect);

// The process-wide ODBC 3 environment one store uses; connections keep it alive.
class Environment {
 public:
  Environment();
  SQLHENV get() const { return handle_.get(); }

 private:
  UniqueHandle<SQL_HANDLE_ENV> handle_;
};

class Statement;

class Connection {
 public:
  // Connects without prompting, detects the dialect and prepares the session. Throws
  // StoreFailure if the database cannot be reached or is of an unsupported product.
  Connection(std::shared_ptr<Environment> environment, const std::string& connection_string);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // The ODBC handle; null on an embedded SQLite connection.
  SQLHDBC get() const { return handle_.get(); }
  // The SQLite connection; null on an ODBC connection.
  sqlite3* sqlite() const { return sqlite_.get(); }
  const Dialect& dialect() const { return *dialect_; }

  // Runs SQL that takes no input once (DDL, session setup), without keeping it prepared.
  void execute(std::string_view sql);
  // The statement for this SQL text, prepared on this connection the first time it is asked
  // for and kept until the connection closes: parsing and planning a statement costs more
  // than running it. The caller binds fresh parameters with every execute(). One SQL text is
  // one statement, so a caller must finish reading a result before running the same text
  // again. The texts must come from a small fixed set (they are never evicted).
  Statement& prepared(std::string_view sql);
  // Ends the current transaction the dialect's way.
  void commit();
  void rollback();
  // Whether the server still answers; a connection that does not is marked broken.
  bool answers();

  // Builds the failure for a call on this connection or one of its statements, and remembers
  // a lost connection so the pool discards it instead of lending it out again.
  ports::StoreFailure failure(std::string_view action, SQLSMALLINT handle_type,
                                SQLHANDLE handle);
  // The same for a call on the embedded SQLite connection, from its last result code.
  ports::StoreFailure sqlite_failure(std::string_view action);
  bool broken() const { return broken_; }
  void mark_broken() { broken_ = true; }
  // The driver's own verdict (SQL_ATTR_CONNECTION_DEAD) that the server is gone.
  bool driver_reports_dead();

 private:
  void end_transaction(SQLSMALLINT completion, std::string_view statement);
  void close_cursors();
  void open_embedded_sqlite(const std::string& connection_string);

  // Disconnects on destruction; declared after the handle so it runs before the handle is freed.
  class Session {
   public:
    Session(SQLHDBC connection, const std::string& connection_string);
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    ~Session();

   private:
    SQLHDBC connection_;
  };

  // Finds statements by a string_view without building a std::string for each lookup.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };

  std::shared_ptr<Environment> environment_;
  UniqueHandle<SQL_HANDLE_DBC> handle_;
  std::optional<Session> session_;  // ODBC only
  SqliteDatabase sqlite_;           // embedded SQLite only
  const Dialect* dialect_ = nullptr;
  bool broken_ = false;
  // Declared after the session, so the statements are freed before it disconnects.
  std::unordered_map<std::string, std::unique_ptr<Statement>, TextHash, std::equal_to<>>
      statements_;
};

}  // namespace zvhpga::odbc
