#include "odbc/group_commit.h"

#include <utility>

#include "odbc/statement.h"

namespace zvhpga::odbc {
namespace {

// Members never nest (one holds the writer at a time), so one name serves all of them and
// the three statements stay prepared on the connection.
constexpr std::string_view kBeginMember = "SAVEPOINT zvhpga_member";
constexpr std::string_view kReleaseMember = "RELEASE SAVEPOINT zvhpga_member";
constexpr std::string_view kUndoMember = "ROLLBACK TO SAVEPOINT zvhpga_member";

// A batch that failed as a whole failed none of its members for a reason of their own: each
// may simply run again.
constexpr std::string_view kBatchFailedState = "40001";

}  // namespace

class GroupCommit::Member final : public TransactionHold {
 public:
  Member(std::shared_ptr<GroupCommit> group, Connection& connection)
      : group_(std::move(group)), connection_(connection) {}
  Member(const Member&) = delete;
  Member& operator=(const Member&) = delete;

  ~Member() override {
    if (ended_) return;
    try {
      group_->run_or_abandon(connection_, {kUndoMember, kReleaseMember});
    } catch (...) {
      return;  // the batch, this member's writes with it, is undone
    }
    std::unique_lock lock(group_->mutex_);
    group_->end_turn(lock);
  }

  Connection& connection() override { return connection_; }

  void commit() override {
    ended_ = true;
    group_->run_or_abandon(connection_, {kReleaseMember});
    std::unique_lock lock(group_->mutex_);
    const std::shared_ptr<Batch> batch = group_->batch_;
    ++batch->members;
    group_->end_turn(lock);
    group_->batch_done_.wait(lock, [&] { return batch->done; });
    if (batch->failure) {
      throw ports::StoreFailure(
          "the commit this transaction was part of failed, so nothing of it was kept: " +
              *batch->failure,
          std::string(kBatchFailedState), true);
    }
  }

 private:
  const std::shared_ptr<GroupCommit> group_;
  Connection& connection_;
  bool ended_ = false;
};

GroupCommit::GroupCommit(std::shared_ptr<ConnectionPool> pool,
                         std::chrono::milliseconds writer_wait)
    : pool_(std::move(pool)), writer_wait_(writer_wait) {}

std::unique_ptr<TransactionHold> GroupCommit::join() {
  std::unique_lock lock(mutex_);
  ++writers_waiting_;
  const bool free = writer_free_.wait_for(lock, writer_wait_, [this] { return !writer_busy_; });
  --writers_waiting_;
  if (!free) {
    throw ports::StoreFailure("the store's writer stayed busy; nothing was changed", "HYT00",
                                true);
  }
  writer_busy_ = true;
  if (!batch_) {
    lock.unlock();
    try {
      auto batch = std::make_shared<Batch>();
      auto lease = pool_->acquire();
      Connection& connection = lease.connection();
      connection.prepared(connection.dialect().begin_read_write).execute({});
      lock.lock();
      writer_.emplace(std::move(lease));
      batch_ = std::move(batch);
    } catch (...) {
      if (!lock.owns_lock()) lock.lock();
      end_turn(lock);  // no batch was begun: this only hands the writer on
      throw;
    }
  }
  Connection& connection = writer_->connection();
  lock.unlock();
  run_or_abandon(connection, {kBeginMember});
  return std::make_unique<Member>(shared_from_this(), connection);
}

void GroupCommit::run_or_abandon(Connection& writer,
                                 std::initializer_list<std::string_view> statements) {
  try {
    for (const std::string_view statement : statements) writer.prepared(statement).execute({});
  } catch (const std::exception& failure) {
    std::unique_lock lock(mutex_);
    abandon_batch(lock, failure.what());
    throw;
  }
}

void GroupCommit::end_turn(std::unique_lock<std::mutex>& lock) {
  if (batch_ && (writers_waiting_ == 0 || batch_->members >= kMaxBatchMembers)) {
    close_batch(lock, std::nullopt);
  }
  writer_busy_ = false;
  writer_free_.notify_one();
}

void GroupCommit::abandon_batch(std::unique_lock<std::mutex>& lock, const std::string& why) {
  if (batch_) close_batch(lock, why);
  writer_busy_ = false;
  writer_free_.notify_one();
}

void GroupCommit::close_batch(std::unique_lock<std::mutex>& lock,
                              std::optional<std::string> failure) {
  const std::shared_ptr<Batch> batch = std::exchange(batch_, nullptr);
  std::optional<ConnectionPool::Lease> writer = std::exchange(writer_, std::nullopt);
  Connection& connection = writer->connection();
  lock.unlock();
  // A batch without members (its only writers undid their work) has nothing to keep.
  if (!failure && batch->members > 0) {
    try {
      connection.commit();
    } catch (const std::exception& commit_failure) {
      failure = commit_failure.what();
    }
  }
  if (failure || batch->members == 0) {
    try {
      connection.rollback();
    } catch (...) {
      // Its transaction state is unknown: the pool must not lend it again.
      connection.mark_broken();
    }
  }
  lock.lock();
  if (!failure) {
    ++figures_.commits;
    figures_.members += batch->members;
  }
  batch->failure = std::move(failure);
  batch->done = true;
  batch_done_.notify_all();
  lock.unlock();
  writer.reset();  // back to the pool, outside the lock
  lock.lock();
}

GroupCommit::Figures GroupCommit::figures() const {
  std::lock_guard lock(mutex_);
  return figures_;
}

std::size_t GroupCommit::writers_waiting() const {
  std::lock_guard lock(mutex_);
  return writers_waiting_;
}

}  // namespace zvhpga::odbc
