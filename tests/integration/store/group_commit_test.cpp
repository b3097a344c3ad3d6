// Group commit (odbc/group_commit.h) on a real SQLite database: writers that queue share one
// COMMIT, and what each of them is told matches what is on disk.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "odbc/connection_pool.h"
#include "odbc/group_commit.h"
#include "odbc/statement.h"
#include "store_fixture.h"

namespace zvhpga::odbc::testing {
namespace {

using namespace std::chrono_literals;
using ports::StoreFailure;

class GroupCommitTest : public ::testing::Test {
 protected:
  GroupCommitTest()
      : connection_string_("Driver=SQLite3;Database=" + (scratch_.path() / "group.db").string() +
                           ";Timeout=2000;JournalMode=WAL;"),
        environment_(std::make_shared<Environment>()) {
    auto first = std::make_unique<Connection>(environment_, connection_string_);
    first->execute("CREATE TABLE entry (id INTEGER PRIMARY KEY)");
    // A deferred foreign key is checked at COMMIT: the one way to make a COMMIT itself fail.
    first->execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
    first->execute(
        "CREATE TABLE child (id INTEGER PRIMARY KEY, "
        "parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
    pool_ = std::make_shared<ConnectionPool>(environment_, connection_string_, 4, std::move(first));
    group_ = std::make_shared<GroupCommit>(pool_, 10s);
  }

  static void insert_entry(TransactionHold& member, std::int64_t id) {
    member.connection().prepared("INSERT INTO entry (id) VALUES (?)").execute({id});
  }

  // The entries a connection of its own sees: what was committed.
  std::vector<std::int64_t> committed_entries() {
    Connection reader(environment_, connection_string_);
    Statement& select = reader.prepared("SELECT id FROM entry ORDER BY id");
    select.execute({});
    std::vector<std::int64_t> ids;
    while (select.fetch()) ids.push_back(select.integer(1).value());
    return ids;
  }

  // Blocks until `count` writers wait for the writer in join().
  void await_waiting_writers(std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (group_->writers_waiting() < count) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the writers never queued";
      std::this_thread::sleep_for(1ms);
    }
  }

  // A writer on another thread that joins, inserts `id` and commits; its future holds what
  // commit() said.
  std::future<void> queued_writer(std::int64_t id) {
    return std::async(std::launch::async, [this, id] {
      auto member = group_->join();
      insert_entry(*member, id);
      member->commit();
    });
  }

  ScratchDirectory scratch_;
  const std::string connection_string_;
  const std::shared_ptr<Environment> environment_;
  std::shared_ptr<ConnectionPool> pool_;
  std::shared_ptr<GroupCommit> group_;
};

TEST_F(GroupCommitTest, LoneWriterCommitsAtOnce) {
  auto member = group_->join();
  insert_entry(*member, 1);
  member->commit();

  EXPECT_EQ(committed_entries(), std::vector<std::int64_t>{1});
  EXPECT_EQ(group_->figures().commits, 1u);
}

TEST_F(GroupCommitTest, QueuedWritersShareOneCommit) {
  auto first = group_->join();
  insert_entry(*first, 1);
  auto second = queued_writer(2);
  auto third = queued_writer(3);
  await_waiting_writers(2);

  first->commit();  // returns only once the writers behind it committed the batch
  second.get();
  third.get();

  EXPECT_EQ(committed_entries(), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(group_->figures().commits, 1u);
  EXPECT_EQ(group_->figures().members, 3u);
}

TEST_F(GroupCommitTest, CommitReturnsOnlyOnceTheBatchIsOnDisk) {
  auto first = group_->join();
  insert_entry(*first, 1);
  auto second = std::async(std::launch::async, [this] { return group_->join(); });
  await_waiting_writers(1);
  auto first_committed = std::async(std::launch::async, [&] { first->commit(); });
  auto second_member = second.get();  // the writer passed on; the batch is still open

  EXPECT_EQ(first_committed.wait_for(100ms), std::future_status::timeout);
  EXPECT_TRUE(committed_entries().empty());

  insert_entry(*second_member, 2);
  second_member->commit();
  first_committed.get();
  EXPECT_EQ(committed_entries(), (std::vector<std::int64_t>{1, 2}));
}

TEST_F(GroupCommitTest, UndoneMemberLeavesNothingWhileItsBatchIsKept) {
  auto first = group_->join();
  insert_entry(*first, 1);
  auto undone = std::async(std::launch::async, [this] {
    auto member = group_->join();
    insert_entry(*member, 2);
    // destroyed without commit: its writes are undone
  });
  auto third = queued_writer(3);
  await_waiting_writers(2);

  first->commit();
  undone.get();
  third.get();

  EXPECT_EQ(committed_entries(), (std::vector<std::int64_t>{1, 3}));
}

TEST_F(GroupCommitTest, MemberWhoseStatementFailedLeavesItsBatchIntact) {
  auto first = group_->join();
  insert_entry(*first, 1);
  auto refused = std::async(std::launch::async, [this] {
    auto member = group_->join();
    insert_entry(*member, 2);
    insert_entry(*member, 1);  // refused by the primary key; the member is then undone
  });
  auto third = queued_writer(3);
  await_waiting_writers(2);

  first->commit();
  EXPECT_THROW(refused.get(), StoreFailure);
  third.get();

  EXPECT_EQ(committed_entries(), (std::vector<std::int64_t>{1, 3}));
}

TEST_F(GroupCommitTest, FailedCommitFailsEveryMemberRetryablyAndKeepsNothing) {
  auto first = group_->join();
  insert_entry(*first, 1);
  auto orphan = std::async(std::launch::async, [this] {
    auto member = group_->join();
    member->connection().execute("INSERT INTO child (id, parent_id) VALUES (1, 99)");
    member->commit();
  });
  await_waiting_writers(1);

  try {
    first->commit();
    FAIL() << "a member of a failed batch was told it committed";
  } catch (const StoreFailure& failure) {
    EXPECT_TRUE(failure.retryable()) << failure.what();
  }
  EXPECT_THROW(orphan.get(), StoreFailure);
  EXPECT_TRUE(committed_entries().empty());
  EXPECT_EQ(group_->figures().commits, 0u);

  // The group carries on with a fresh batch.
  auto next = group_->join();
  insert_entry(*next, 2);
  next->commit();
  EXPECT_EQ(committed_entries(), std::vector<std::int64_t>{2});
}

TEST_F(GroupCommitTest, WriterBusyTooLongIsARetryableFailure) {
  const auto impatient = std::make_shared<GroupCommit>(pool_, 100ms);
  auto holding = impatient->join();

  try {
    std::async(std::launch::async, [&] { return impatient->join(); }).get();
    FAIL() << "a second writer got the writer while the first held it";
  } catch (const StoreFailure& failure) {
    EXPECT_TRUE(failure.retryable()) << failure.what();
  }
}

TEST_F(GroupCommitTest, ManyConcurrentWritersAllCommit) {
  constexpr int kWriters = 8;
  constexpr int kEach = 25;
  std::vector<std::future<void>> writers;
  writers.reserve(kWriters);
  for (int writer = 0; writer < kWriters; ++writer) {
    writers.push_back(std::async(std::launch::async, [this, writer] {
      for (int i = 0; i < kEach; ++i) {
        auto member = group_->join();
        insert_entry(*member, writer * kEach + i);
        member->commit();
      }
    }));
  }
  for (auto& writer : writers) writer.get();

  EXPECT_EQ(committed_entries().size(), static_cast<std::size_t>(kWriters * kEach));
  EXPECT_EQ(group_->figures().members, static_cast<std::uint64_t>(kWriters * kEach));
}

}  // namespace
}  // namespace zvhpga::odbc::testing
