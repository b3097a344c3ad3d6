#pragma once
// A prepared statement with bound parameters: the only way the adapter sends input to the
// database, so no value ever becomes SQL text.
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "odbc/handles.h"

namespace zvhpga::odbc {

struct Null {};
// A parameter value. The text it views must outlive execute(). (The embedded SQLite connection
// binds a write's text where it lies, without a copy; a query's parameters are copied, since
// its later rows are stepped after execute() returned.)
using Parameter = std::variant<Null, std::string_view, std::int64_t>;

inline Parameter nullable_text(const std::optional<std::string>& text) {
  if (text) return std::string_view(*text);
  return Null{};
}
inline Parameter number(int value) { return std::int64_t{value}; }
inline Parameter flag(bool value) { return std::int64_t{value ? 1 : 0}; }

// How many times this process executed a statement, on any connection (ends of transactions
// the driver makes itself not counted): what the benchmarks divide by the work done, to count
// round trips per operation.
std::uint64_t statements_executed();

class Statement {
 public:
  // Allocates and prepares; the connection must outlive the statement.
  Statement(Connection& connection, std::string_view sql);

  // Binds the parameters in order and executes; closes any previous result first. A failed
  // execution leaves the statement prepared and usable again.
  void execute(std::span<const Parameter> parameters);
  void execute(std::initializer_list<Parameter> parameters) {
    execute(std::span<const Parameter>(parameters.begin(), parameters.size()));
  }
  // Columns of the result, and parameter markers, as the driver describes the prepared
  // statement. Asking makes drivers that defer preparing (psqlODBC) parse it on the server.
  SQLSMALLINT column_count();
  SQLSMALLINT parameter_count();
  // Rows touched by the last INSERT, UPDATE or DELETE.
  std::int64_t affected_rows();

  // Discards the rest of the current result, if there is one.
  void close();

  // Advances to the next row; false when there is none.
  bool fetch();
  // Columns of the current row, numbered from 1 and read in increasing order (ODBC lets
  // drivers refuse anything else). Empty for SQL NULL.
  std::optional<std::string> text(SQLUSMALLINT column);
  std::optional<std::int64_t> integer(SQLUSMALLINT column);

 private:
  [[noreturn]] void fail(std::string_view action);
  void unbind();
  void execute_sqlite(std::span<const Parameter> parameters);
  bool step_sqlite();

  struct SqliteFinalizer {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
  };

  Connection& connection_;
  std::string sql_;
  UniqueHandle<SQL_HANDLE_STMT> handle_;  // ODBC only
  std::unique_ptr<sqlite3_stmt, SqliteFinalizer> sqlite_;  // embedded SQLite only
  // The embedded SQLite statement has stepped to a row that fetch() has not yet returned.
  bool sqlite_row_pending_ = false;
  std::int64_t sqlite_changes_ = 0;
  // What the driver holds from the last execute(), so close() and the next execute() only
  // call it when there is something to release.
  bool executed_ = false;
  bool parameters_bound_ = false;
  std::vector<char> chunk_;
};

}  // namespace zvhpga::odbc
