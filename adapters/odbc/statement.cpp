#include "odbc/statement.h"

#include <algorithm>
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

}  // namespace

Statement::Statement(Connection& connection, std::string_view sql)
    : connection_(connection), sql_(sql) {
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
  throw connection_.failure(std::string(action) + " \"" + sql_ + "\"", SQL_HANDLE_STMT,
                            handle_.get());
}

void Statement::close() {
  if (!executed_) return;
  SQLFreeStmt(handle_.get(), SQL_CLOSE);
  executed_ = false;
}

void Statement::unbind() {
  if (!parameters_bound_) return;
  SQLFreeStmt(handle_.get(), SQL_RESET_PARAMS);
  parameters_bound_ = false;
}

void Statement::execute(std::span<const Parameter> parameters) {
  close();
  unbind();  // after a failed execution or binding, which left them bound
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
  SQLSMALLINT count = 0;
  if (!SQL_SUCCEEDED(SQLNumResultCols(handle_.get(), &count))) fail("describing the result of");
  return count;
}

SQLSMALLINT Statement::parameter_count() {
  SQLSMALLINT count = 0;
  if (!SQL_SUCCEEDED(SQLNumParams(handle_.get(), &count))) fail("counting the parameters of");
  return count;
}

std::int64_t Statement::affected_rows() {
  SQLLEN count = 0;
  if (!SQL_SUCCEEDED(SQLRowCount(handle_.get(), &count))) fail("counting rows of");
  return count;
}

bool Statement::fetch() {
  const SQLRETURN rc = SQLFetch(handle_.get());
  if (rc == SQL_NO_DATA) return false;
  if (!SQL_SUCCEEDED(rc)) fail("fetching from");
  return true;
}

std::optional<std::string> Statement::text(SQLUSMALLINT column) {
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
