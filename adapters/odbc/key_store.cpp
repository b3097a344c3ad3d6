#include "odbc/key_store.h"

#include <mutex>

#include "odbc/handles.h"
#include "odbc/row_reader.h"
#include "odbc/signal_chunks.h"
#include "odbc/statement.h"
#include "odbc/transaction_scope.h"

namespace zvhpga::odbc {
namespace {

using ports::WrappedKey;

constexpr std::string_view kSqliteSchema[] = {
    "PRAGMA secure_delete = ON",
    "CREATE TABLE IF NOT EXISTS pga_signal_key (signal_id TEXT PRIMARY KEY, "
    "generation INTEGER NOT NULL, wrapped_key TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS pga_master_key (generation INTEGER PRIMARY KEY, "
    "check_value TEXT NOT NULL UNIQUE)"};

// The session's search_path already names the zvhpga schema (dialect.cpp).
constexpr std::string_view kPostgreSqlSchema[] = {
    "CREATE SCHEMA IF NOT EXISTS zvhpga",
    "CREATE TABLE IF NOT EXISTS zvhpga.pga_signal_key (signal_id TEXT PRIMARY KEY, "
    "generation INTEGER NOT NULL, wrapped_key TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS zvhpga.pga_master_key (generation INTEGER PRIMARY KEY, "
    "check_value TEXT NOT NULL UNIQUE)"};

std::span<const std::string_view> schema_for(const Dialect& dialect) {
  switch (dialect.kind) {
    case DialectKind::Sqlite: return kSqliteSchema;
    case DialectKind::PostgreSql: return kPostgreSqlSchema;
    case DialectKind::SqlServer: break;
  }
  throw ports::StoreFailure("the key store runs on SQLite or PostgreSQL, not on " +
                                  std::string(dialect.name),
                              "HY000", false);
}

WrappedKey read_key(Statement& select) {
  RowReader read(select);
  WrappedKey key;
  key.signal_id = read.text("pga_signal_key.signal_id");
  key.generation = read.number("pga_signal_key.generation");
  key.wrapped = read.text("pga_signal_key.wrapped_key");
  return key;
}

// One connection behind a mutex: key operations are a few small statements each, far fewer
// than the store's, and one connection keeps SQLite's secure_delete setting in one place.
class OdbcKeyStore final : public ports::KeyStore {
 public:
  explicit OdbcKeyStore(const std::string& connection_string)
      : connection_(std::make_shared<Environment>(), connection_string) {
    for (const auto sql : schema_for(connection_.dialect())) connection_.execute(sql);
    if (connection_.dialect().driver_ends_transactions) connection_.commit();
  }

  // Only under a generation the key store still knows: an instance that kept running through
  // a master key rotation would otherwise wrap new keys under the retired key, which the key
  // file no longer holds, and those signals would be lost at its next restart.
  void insert(const WrappedKey& key) override {
    if (write("INSERT INTO pga_signal_key (signal_id, generation, wrapped_key) "
              "SELECT ?, generation, ? FROM pga_master_key WHERE generation = ?",
              {key.signal_id, key.wrapped, std::int64_t{key.generation}}) == 0)
      throw ports::StoreFailure("the data key of signal " + key.signal_id +
                                      " was not stored: the key store no longer knows master "
                                      "key generation " + std::to_string(key.generation) +
                                      "; the master key was rotated; restart this instance",
                                  "HY000", false);
  }

  std::optional<WrappedKey> find(std::string_view signal_id) override {
    const std::lock_guard lock(mutex_);
    TransactionScope scope(connection_, connection_.dialect().begin_read_only);
    Statement& select = connection_.prepared(
        "SELECT signal_id, generation, wrapped_key FROM pga_signal_key WHERE signal_id = ?");
    select.execute({signal_id});
    std::optional<WrappedKey> key;
    if (select.fetch()) key = read_key(select);
    select.close();
    scope.commit();
    return key;
  }

  void erase_all(std::span<const std::string> signal_ids) override {
    const std::lock_guard lock(mutex_);
    TransactionScope scope(connection_, connection_.dialect().begin_read_write);
    static const std::string sql = with_signal_ids("DELETE FROM pga_signal_key WHERE signal_id IN ");
    Statement& erase = connection_.prepared(sql);
    by_signal_chunk(signal_ids, {},
                    [&](std::span<const Parameter> parameters) { erase.execute(parameters); });
    scope.commit();
  }

  std::vector<std::string> signal_ids() override {
    const std::lock_guard lock(mutex_);
    TransactionScope scope(connection_, connection_.dialect().begin_read_only);
    Statement& select =
        connection_.prepared("SELECT signal_id FROM pga_signal_key ORDER BY signal_id");
    select.execute({});
    std::vector<std::string> ids;
    while (select.fetch()) ids.push_back(RowReader(select).text("pga_signal_key.signal_id"));
    scope.commit();
    return ids;
  }

  std::optional<int> generation_with_check(std::string_view check) override {
    return single_generation("SELECT generation FROM pga_master_key WHERE check_value = ?",
                             {check});
  }

  std::optional<int> newest_generation() override {
    return single_generation("SELECT MAX(generation) FROM pga_master_key", {});
  }

  void add_generation(int generation, std::string_view check) override {
    write("INSERT INTO pga_master_key (generation, check_value) VALUES (?, ?)",
          {std::int64_t{generation}, check});
  }

  void retire_generation(int generation) override {
    write("DELETE FROM pga_master_key WHERE generation = ?", {std::int64_t{generation}});
  }

  std::vector<WrappedKey> keys_of_generation(int generation, std::size_t limit) override {
    const std::lock_guard lock(mutex_);
    TransactionScope scope(connection_, connection_.dialect().begin_read_only);
    Statement& select = connection_.prepared(
        "SELECT signal_id, generation, wrapped_key FROM pga_signal_key WHERE generation = ? "
        "ORDER BY signal_id");
    select.execute({std::int64_t{generation}});
    std::vector<WrappedKey> keys;
    while (keys.size() < limit && select.fetch()) keys.push_back(read_key(select));
    select.close();
    scope.commit();
    return keys;
  }

  void rewrap(const WrappedKey& key, int from_generation) override {
    write("UPDATE pga_signal_key SET generation = ?, wrapped_key = ? "
          "WHERE signal_id = ? AND generation = ?",
          {std::int64_t{key.generation}, key.wrapped, key.signal_id,
           std::int64_t{from_generation}});
  }

 private:
  // Returns the number of rows the statement changed.
  std::int64_t write(std::string_view sql, std::initializer_list<Parameter> parameters) {
    const std::lock_guard lock(mutex_);
    TransactionScope scope(connection_, connection_.dialect().begin_read_write);
    Statement& statement = connection_.prepared(sql);
    statement.execute(parameters);
    const std::int64_t changed = statement.affected_rows();
    scope.commit();
    return changed;
  }

  // A generation, or nothing when no row matches (or MAX() over no rows yields NULL).
  std::optional<int> single_generation(std::string_view sql,
                                       std::initializer_list<Parameter> parameters) {
    const std::lock_guard lock(mutex_);
    TransactionScope scope(connection_, connection_.dialect().begin_read_only);
    Statement& select = connection_.prepared(sql);
    select.execute(parameters);
    std::optional<int> value;
    if (select.fetch()) value = RowReader(select).optional_number("pga_master_key.generation");
    select.close();
    scope.commit();
    return value;
  }

  std::mutex mutex_;
  Connection connection_;
};

}  // namespace

std::unique_ptr<ports::KeyStore> open_key_store(const std::string& connection_string) {
  return std::make_unique<OdbcKeyStore>(connection_string);
}

}  // namespace zvhpga::odbc
