#pragma once
// Group commit for a store whose database lets one writer at a time through (SQLite): the
// write transactions that queue for the writer share one COMMIT, and with it one sync, instead
// of paying one each. Nothing is weakened: a member's transaction is a SAVEPOINT inside the
// batch's transaction, so a failing member leaves nothing; a member's commit() returns only
// once the COMMIT that holds its writes succeeded, so a caller never reports what is not on
// disk; a failed COMMIT fails every member of the batch, retryably, since none of them is.
//
// The batch stays open only while writers queue: the member that ends its turn with no other
// writer waiting commits the batch for all (a lone writer pays no extra latency), and a batch
// closes after kMaxBatchMembers. Readers on other connections see committed batches only.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "odbc/connection_pool.h"
#include "odbc/transaction_scope.h"

namespace zvhpga::odbc {

class GroupCommit : public std::enable_shared_from_this<GroupCommit> {
 public:
  // The most members one COMMIT covers, so a steady queue of writers still commits regularly.
  static constexpr std::size_t kMaxBatchMembers = 64;

  struct Figures {
    std::uint64_t commits = 0;  // batches committed
    std::uint64_t members = 0;  // member transactions in those batches
  };

  // `writer_wait`: how long join() waits for the writer before failing retryably, as a
  // database's lock timeout would.
  GroupCommit(std::shared_ptr<ConnectionPool> pool, std::chrono::milliseconds writer_wait);

  // Waits for the writer, then begins a member transaction on it (and the batch's transaction
  // when none is open). Throws a retryable StoreFailure if the writer stays busy too long.
  std::unique_ptr<TransactionHold> join();

  Figures figures() const;
  // Writers waiting in join() for the writer (for tests that line members up).
  std::size_t writers_waiting() const;

 private:
  class Member;
  struct Batch {
    std::size_t members = 0;  // released into the batch, waiting for its COMMIT
    bool done = false;
    std::optional<std::string> failure;
  };

  // Called with the lock held by the writer's holder when its turn ends, its own writes
  // released into the batch or undone: commits the batch when no writer waits or the batch is
  // full, and hands the writer on.
  void end_turn(std::unique_lock<std::mutex>& lock);
  // Runs savepoint statements on the writer, as its holder; when one fails, the batch's
  // transaction can no longer be trusted and is abandoned before the failure goes on.
  void run_or_abandon(Connection& writer, std::initializer_list<std::string_view> statements);
  // The batch's transaction can no longer be trusted (a savepoint failed): undo all of it,
  // fail its members, hand the writer on.
  void abandon_batch(std::unique_lock<std::mutex>& lock, const std::string& why);
  // Ends the batch's transaction (COMMIT, or ROLLBACK when `failure` is already known or when
  // the COMMIT fails) and wakes its members. The SQL runs with the lock released.
  void close_batch(std::unique_lock<std::mutex>& lock, std::optional<std::string> failure);

  const std::shared_ptr<ConnectionPool> pool_;
  const std::chrono::milliseconds writer_wait_;

  mutable std::mutex mutex_;
  std::condition_variable writer_free_;
  std::condition_variable batch_done_;
  bool writer_busy_ = false;
  std::size_t writers_waiting_ = 0;
  // While a batch is open: its connection, with its transaction begun, and its state.
  std::optional<ConnectionPool::Lease> writer_;
  std::shared_ptr<Batch> batch_;
  Figures figures_;
};

}  // namespace zvhpga::odbc
