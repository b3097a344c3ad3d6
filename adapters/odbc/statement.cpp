#include "odbc/statement.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <vector>

namespace zvhpga::odbc {
namespace {

// SQLGetData is called in a loop with this much room, so text of any length reads back whole
// without guessing a column size up front.
constexpr std::size_t kChunkBytes = 8192;

SQLCHAR* sql_text(const std::string& sql) {
  // ODBC takes non-const buffers for input-only text.
  return reinterpret_cast<SQLCHAR*>(const_cast<char*>(sql.data()));
}

SQLINTEGER sql_length(const std::string& sql) {
  if (sql.size() > static_cast<std::size_t>(std::numeric_limits<SQLINTEGER>::max())) {
    throw ports::StoreFailure("SQL text too long", "HY090", false);
  }
  return static_cast<SQLINTEGER>(sql.size());
}

std::atomic<std::uint64_t> executions{0};

}  // namespace

std::uint64_t statements_executed() { return executions.load(std::memory_order_relaxed); }

Statement::Statement(Connection& connection, std::string_view sql)
    : connection_(connection), sql_(sql) {
  if (sqlite3* database = connection_.sqlite()) {
    sqlite3_stmt* raw = nullptr;
    // Kept for the connection's life (Connection::prepared): PERSISTENT tells SQLite so.
    const int rc = sqlite3_prepare_v3(database, sql_.data(), static_cast<int>(sql_.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    sqlite_.reset(raw);
    if (rc != SQLITE_OK) fail("preparing");
    return;
  }
  SQLHANDLE handle = nullptr;
  if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, connection_.get(), &handle))) {
    throw connection_.failure("allocating a statement", SQL_HANDLE_DBC, connection_.get());
  }
  handle_ = UniqueHandle<SQL_HANDLE_STMT>(handle);
  if (!SQL_SUCCEEDED(SQLPrepare(handle_.get(), sql_text(sql_), sql_length(sql_)))) {
    fail("preparing");
  }
}

void Statement::fail(std::string_view action) {
  if (connection_.sqlite() != nullptr)
    throw connection_.sqlite_failure(std::string(action) + " \"" + sql_ + "\"");
  throw connection_.failure(std::string(action) + " \"" + sql_ + "\"", SQL_HANDLE_STMT,
                            handle_.get());
}

void Statement::close() {
  if (!executed_) return;
  if (sqlite_) {
    // Ends the statement's read of the database, as closing an ODBC cursor does.
    sqlite3_reset(sqlite_.get());
    sqlite_row_pending_ = false;
    executed_ = false;
    return;
  }
  SQLFreeStmt(handle_.get(), SQL_CLOSE);
  executed_ = false;
}

void Statement::unbind() {
  if (!parameters_bound_) return;
  if (sqlite_) {
    sqlite3_clear_bindings(sqlite_.get());
    parameters_bound_ = false;
    return;
  }
  SQLFreeStmt(handle_.get(), SQL_RESET_PARAMS);
  parameters_bound_ = false;
}

void Statement::execute_sqlite(std::span<const Parameter> parameters) {
  sqlite3_stmt* statement = sqlite_.get();
  // A write runs to its end inside this call, so its text is bound where it lies; a query's
  // rows are stepped later, when the caller's text may be gone, so its (small) keys are copied.
  const bool steps_later = sqlite3_column_count(statement) > 0;
  const auto lifetime = steps_later ? SQLITE_TRANSIENT : SQLITE_STATIC;
  for (std::size_t index = 0; index < parameters.size(); ++index) {
    const int number = static_cast<int>(index + 1);
    int rc = SQLITE_OK;
    if (const auto* text = std::get_if<std::string_view>(&parameters[index])) {
      if (text->find('\0') != std::string_view::npos) {
        throw ports::StoreFailure("text with a NUL character cannot be stored", "22021", false);
      }
      // SQLite binds a null pointer as NULL: the empty text needs a real one.
      rc = sqlite3_bind_text64(statement, number, text->empty() ? "" : text->data(),
                               text->size(), lifetime, SQLITE_UTF8);
    } else if (const auto* value = std::get_if<std::int64_t>(&parameters[index])) {
      rc = sqlite3_bind_int64(statement, number, *value);
    } else {
      rc = sqlite3_bind_null(statement, number);
    }
    parameters_bound_ = true;
    if (rc != SQLITE_OK) fail("binding a parameter of");
  }
  if (static_cast<int>(parameters.size()) != sqlite3_bind_parameter_count(statement)) {
    throw ports::StoreFailure("\"" + sql_ + "\" takes " +
                                  std::to_string(sqlite3_bind_parameter_count(statement)) +
                                  " parameters, not " + std::to_string(parameters.size()),
                              "07002", false);
  }
  executed_ = true;
  sqlite_row_pending_ = step_sqlite();
  // sqlite3_changes64 counts the connection's last INSERT, UPDATE or DELETE, which a query
  // is not.
  sqlite_changes_ =
      sqlite3_stmt_readonly(statement) != 0 ? 0 : sqlite3_changes64(connection_.sqlite());
  if (!steps_later) unbind();
}

bool Statement::step_sqlite() {
  const int rc = sqlite3_step(sqlite_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // The statement's error is the connection's until it is reset; read it first.
  const auto failure =
      connection_.sqlite_failure(std::string("executing \"") + sql_ + "\"");
  sqlite3_reset(sqlite_.get());
  throw failure;
}

void Statement::execute(std::span<const Parameter> parameters) {
  executions.fetch_add(1, std::memory_order_relaxed);
  close();
  unbind();  // after a failed execution or binding, which left them bound
  if (sqlite_) {
    execute_sqlite(parameters);
    return;
  }
  // Bound buffers must stay put until SQLExecute returns: sized once, never reallocated.
  std::vector<SQLLEN> indicators(parameters.size());
  std::vector<std::int64_t> numbers(parameters.size());
  static char empty_text[] = "";
  for (std::size_t index = 0; index < parameters.size(); ++index) {
    const auto number = static_cast<SQLUSMALLINT>(index + 1);
    SQLRETURN rc = SQL_SUCCESS;
    if (const auto* text = std::get_if<std::string_view>(&parameters[index])) {
      // Both drivers cut text at a NUL without a word (docs/storage.md): refuse it instead.
      if (text->find('\0') != std::string_view::npos) {
        throw ports::StoreFailure("text with a NUL character cannot be stored", "22021", false);
      }
      indicators[index] = static_cast<SQLLEN>(text->size());
      char* data = text->empty() ? empty_text : const_cast<char*>(text->data());
      rc = SQLBindParameter(handle_.get(), number, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR,
                            std::max<SQLULEN>(text->size(), 1), 0, data,
                            static_cast<SQLLEN>(text->size()), &indicators[index]);
    } else if (const auto* value = std::get_if<std::int64_t>(&parameters[index])) {
      numbers[index] = *value;
      rc = SQLBindParameter(handle_.get(), number, SQL_PARAM_INPUT, SQL_C_SBIGINT, SQL_BIGINT, 0,
                            0, &numbers[index], 0, nullptr);
    } else {
      indicators[index] = SQL_NULL_DATA;
      rc = SQLBindParameter(handle_.get(), number, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 1, 0,
                            empty_text, 0, &indicators[index]);
    }
    parameters_bound_ = true;
    if (!SQL_SUCCEEDED(rc)) fail("binding a parameter of");
  }
  // Set before executing: a failed execution may leave a result or an error state behind.
  executed_ = true;
  const SQLRETURN rc = SQLExecute(handle_.get());
  // SQL_NO_DATA: a searched UPDATE or DELETE that matched nothing, which is not an error.
  if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) fail("executing");
  // The bound buffers die with this call: a kept statement must not point at them. (After a
  // failure the next execute() unbinds, once the diagnostics have been read.)
  unbind();
}

SQLSMALLINT Statement::column_count() {
  if (sqlite_) return static_cast<SQLSMALLINT>(sqlite3_column_count(sqlite_.get()));
  SQLSMALLINT count = 0;
  if (!SQL_SUCCEEDED(SQLNumResultCols(handle_.get(), &count))) fail("describing the result of");
  return count;
}

SQLSMALLINT Statement::parameter_count() {
  if (sqlite_) return static_cast<SQLSMALLINT>(sqlite3_bind_parameter_count(sqlite_.get()));
  SQLSMALLINT count = 0;
  if (!SQL_SUCCEEDED(SQLNumParams(handle_.get(), &count))) fail("counting the parameters of");
  return count;
}

std::int64_t Statement::affected_rows() {
  if (sqlite_) return sqlite_changes_;
  SQLLEN count = 0;
  if (!SQL_SUCCEEDED(SQLRowCount(handle_.get(), &count))) fail("counting rows of");
  return count;
}

bool Statement::fetch() {
  if (sqlite_) {
    if (!executed_) return false;
    if (sqlite_row_pending_) {
      sqlite_row_pending_ = false;
      return true;
    }
    if (sqlite3_stmt_busy(sqlite_.get()) == 0) return false;  // the last step was the end
    return step_sqlite();
  }
  const SQLRETURN rc = SQLFetch(handle_.get());
  if (rc == SQL_NO_DATA) return false;
  if (!SQL_SUCCEEDED(rc)) fail("fetching from");
  return true;
}

std::optional<std::string> Statement::text(SQLUSMALLINT column) {
  if (sqlite_) {
    const int index = column - 1;  // SQLite counts columns from 0
    if (sqlite3_column_type(sqlite_.get(), index) == SQLITE_NULL) return std::nullopt;
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(sqlite_.get(), index));
    if (data == nullptr) fail("reading text from");  // out of memory converting the value
    return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(sqlite_.get(), index)));
  }
  std::string value;
  // Kept with the statement: filling a fresh buffer for every column cost more than reading it.
  chunk_.resize(kChunkBytes);
  auto& chunk = chunk_;
  for (;;) {
    SQLLEN indicator = 0;
    const SQLRETURN rc = SQLGetData(handle_.get(), column, SQL_C_CHAR, chunk.data(),
                                    static_cast<SQLLEN>(chunk.size()), &indicator);
    if (rc == SQL_NO_DATA) return value;  // the previous call returned the last part
    if (!SQL_SUCCEEDED(rc)) fail("reading text from");
    if (indicator == SQL_NULL_DATA) return std::nullopt;
    // The driver writes a terminating NUL, so a full chunk holds size() - 1 bytes of text.
    const bool truncated =
        indicator == SQL_NO_TOTAL || static_cast<std::size_t>(indicator) >= chunk.size();
    value.append(chunk.data(), truncated ? chunk.size() - 1 : static_cast<std::size_t>(indicator));
    if (!truncated) return value;
  }
}

std::optional<std::int64_t> Statement::integer(SQLUSMALLINT column) {
  if (sqlite_) {
    const int index = column - 1;
    if (sqlite3_column_type(sqlite_.get(), index) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_int64(sqlite_.get(), index);
  }
  std::int64_t value = 0;
  SQLLEN indicator = 0;
  if (!SQL_SUCCEEDED(
          SQLGetData(handle_.get(), column, SQL_C_SBIGINT, &value, sizeof value, &indicator))) {
    fail("reading a number from");
  }
  if (indicator == SQL_NULL_DATA) return std::nullopt;
  return value;
}

}  // namespace zvhpga::odbc
