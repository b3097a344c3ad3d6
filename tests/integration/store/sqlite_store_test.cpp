// Behaviours particular to the SQLite driver, and the parts that need no database.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "odbc/dialect.h"
#include "odbc/handles.h"
#include "odbc/key_store.h"
#include "odbc/statement.h"
#include "odbc/migrations.h"
#include "store_fixture.h"

namespace zvhpga::odbc::testing {
namespace {

using ports::StoreFailure;
using ports::TransactionMode;

TEST(SqliteStoreTest, BusyDatabaseIsARetryableFailure) {
  ScratchDirectory scratch;
  // A short lock timeout so the test waits 100 ms, not the default 5 s.
  const StoreOptions options{.connection_string = "Driver=SQLite3;Database=" +
                                                  (scratch.path() / "store.db").string() +
                                                  ";Timeout=100;"};
  auto holder = open_store(options);
  auto contender = open_store(options);
  auto holding = holder->begin(TransactionMode::ReadWrite);

  try {
    contender->begin(TransactionMode::ReadWrite);
    FAIL() << "a second writer got the write lock";
  } catch (const StoreFailure& failure) {
    EXPECT_TRUE(failure.retryable()) << failure.what();
  }
}

// A failed COMMIT fails every member of a group-commit batch (docs/storage.md). Apart from a
// failing disk, only a deferred constraint makes a COMMIT fail on SQLite, and then one member's
// bad write would cost the others of its batch a retry; the schema defers none, and a migration
// that did would fail here.
TEST(SqliteStoreTest, SchemaDefersNoConstraintToCommit) {
  ScratchDirectory scratch;
  const std::string connection_string =
      "Driver=SQLite3;Database=" + (scratch.path() / "store.db").string() + ";";
  open_store(StoreOptions{.connection_string = connection_string});  // runs the migrations
  Connection reader(std::make_shared<Environment>(), connection_string);
  Statement& deferring = reader.prepared(
      "SELECT name FROM sqlite_master WHERE upper(sql) LIKE '%DEFERRABLE%' "
      "OR upper(sql) LIKE '%INITIALLY DEFERRED%'");
  deferring.execute({});
  std::vector<std::string> names;
  while (deferring.fetch()) names.push_back(deferring.text(1).value_or(""));
  EXPECT_EQ(names, std::vector<std::string>{});

  Statement& tables = reader.prepared("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
  tables.execute({});
  ASSERT_TRUE(tables.fetch());
  EXPECT_GT(tables.integer(1).value_or(0), 10) << "the migrations did not run";
}

// SQLite keeps text in an INTEGER column, and its driver converts such text to 0 without a
// word; the store must refuse the row, not report a status code of 0. (The schema lets no NULL
// into a column the adapter requires, so a damaged value is the case that can happen.)
TEST(SqliteStoreTest, RefusesTextThatIsNotANumberInAnIntegerColumn) {
  ScratchDirectory scratch;
  const std::string connection_string =
      "Driver=SQLite3;Database=" + (scratch.path() / "store.db").string() + ";";
  auto store = open_store(StoreOptions{.connection_string = connection_string});
  Connection writer(std::make_shared<Environment>(), connection_string);
  writer.execute(
      "INSERT INTO pga_processing_log (trace_id, span_id, name, status_code, start_time, "
      "end_time, processing_activity_id, data_subject_pseudonym, data_subject_id_sealed, "
      "data_subject_id_type, resource) VALUES ('0af7651916cd43dd8448eb211c80319c', "
      "'b7ad6b7169203331', 'zvhpga.read', 'not a number', '2024-06-01T10:00:00Z', "
      "'2024-06-01T10:00:01Z', 'urn:zvhpga:activity', 'pseudonym', 'sealed', 'BSN', "
      "'zvh-pga')");

  auto transaction = store->begin(TransactionMode::ReadOnly);
  try {
    const auto lines = transaction->processing_log().lines_about("pseudonym");
    FAIL() << "read status code " << (lines.empty() ? -1 : lines.front().status_code);
  } catch (const StoreFailure& failure) {
    EXPECT_FALSE(failure.retryable());
    EXPECT_NE(std::string(failure.what()).find("pga_processing_log.status_code"),
              std::string::npos)
        << failure.what();
  }
}

TEST(StoreOpenTest, UnknownDriverIsANonRetryableFailure) {
  try {
    open_store(StoreOptions{.connection_string = "Driver=NoSuchOdbcDriver;Database=x;"});
    FAIL() << "connected through a driver that does not exist";
  } catch (const StoreFailure& failure) {
    EXPECT_FALSE(failure.sqlstate().empty());
    EXPECT_FALSE(failure.retryable());
  }
}

TEST(SqliteStoreTest, LockTimeoutIsAddedWhenTheConnectionStringLacksOne) {
  const auto& sqlite = *dialect_for_dbms("SQLite");
  EXPECT_EQ(with_default_attributes("Driver=SQLite3;Database={/tmp/a;b.db}", sqlite),
            "Driver=SQLite3;Database={/tmp/a;b.db};Timeout=5000;");
}

TEST(SqliteStoreTest, CallersLockTimeoutIsKept) {
  const auto& sqlite = *dialect_for_dbms("SQLite");
  EXPECT_EQ(with_default_attributes("Driver=SQLite3; timeout = 250;Database=x;", sqlite),
            "Driver=SQLite3; timeout = 250;Database=x;");
}

TEST(StoreMigrationScriptTest, SplitsStatementsAtSemicolonsEndingALine) {
  const auto statements = split_statements(
      "-- a comment; not a statement\n"
      "CREATE TABLE a (\n"
      "  text TEXT DEFAULT 'x;y'\n"
      ");\n"
      "\n"
      "CREATE INDEX b ON a (text);  \n");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[0], "CREATE TABLE a (\ntext TEXT DEFAULT 'x;y'\n)");
  EXPECT_EQ(statements[1], "CREATE INDEX b ON a (text)");
}

unsigned mode_of(const std::filesystem::path& file) {
  struct stat status {};
  EXPECT_EQ(::stat(file.c_str(), &status), 0) << file;
  return status.st_mode & 07777;
}

// A SQLite store configured outside the private data directory, in a directory others may
// enter.
class SqliteFileModeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::chmod(scratch_.path().c_str(), 0755), 0);
    umask_before_ = ::umask(022);
  }
  void TearDown() override { ::umask(umask_before_); }

  ScratchDirectory scratch_;
  mode_t umask_before_ = 0;
};

TEST_F(SqliteFileModeTest, StoreAndItsWalFilesAreCreatedForTheOwnerOnly) {
  const auto file = scratch_.path() / "store.db";
  auto store = open_store(StoreOptions{.connection_string = "Driver=" + std::string(kEmbeddedSqliteDriver) +
                                                            ";Database=" + file.string() +
                                                            ";JournalMode=WAL;"});
  // While the store is open its -wal and -shm files exist beside it.
  EXPECT_EQ(mode_of(file), 0600U);
  EXPECT_EQ(mode_of(file.string() + "-wal"), 0600U);
  EXPECT_EQ(mode_of(file.string() + "-shm"), 0600U);
}

TEST_F(SqliteFileModeTest, StoreThroughTheOdbcSqliteDriverIsCreatedForTheOwnerOnly) {
  const auto file = scratch_.path() / "store.db";
  auto store = open_store(StoreOptions{.connection_string = "Driver=SQLite3;Database=" +
                                                            file.string() + ";"});
  EXPECT_EQ(mode_of(file), 0600U);
}

TEST_F(SqliteFileModeTest, KeyStoreIsCreatedForTheOwnerOnly) {
  const auto file = scratch_.path() / "keys.db";
  auto keys = open_key_store("Driver=" + std::string(kEmbeddedSqliteDriver) +
                             ";Database=" + file.string() + ";");
  EXPECT_EQ(mode_of(file), 0600U);
}

}  // namespace
}  // namespace zvhpga::odbc::testing
