#include "odbc/connection_pool.h"

#include <algorithm>

namespace zvhpga::odbc {
namespace {

// Longer than any transaction should take; past it the caller gets a retryable failure
// rather than a thread stuck behind a leaked transaction.
constexpr auto kAcquireTimeout = std::chrono::seconds(30);
// A connection in steady use needs no check; one idle this long may have lost its server
// (restart, idle timeout of a firewall) and costs one round trip to check.
constexpr auto kCheckAfterIdle = std::chrono::seconds(1);

}  // namespace

ConnectionPool::Lease::Lease(std::shared_ptr<ConnectionPool> pool,
                             std::unique_ptr<Connection> connection)
    : pool_(std::move(pool)), connection_(std::move(connection)) {}

ConnectionPool::Lease::~Lease() {
  if (pool_ && connection_) pool_->give_back(std::move(connection_));
}

ConnectionPool::ConnectionPool(std::shared_ptr<Environment> environment,
                               std::string connection_string, std::size_t max_connections,
                               std::unique_ptr<Connection> first)
    : environment_(std::move(environment)),
      connection_string_(std::move(connection_string)),
      max_connections_(std::max<std::size_t>(max_connections, 1)) {
  if (first) {
    idle_.push_back({std::move(first), std::chrono::steady_clock::now()});
    open_connections_ = 1;
  }
}

std::unique_ptr<Connection> ConnectionPool::take_healthy_idle(std::unique_lock<std::mutex>& lock) {
  while (!idle_.empty()) {
    auto idle = std::move(idle_.back());
    idle_.pop_back();
    if (std::chrono::steady_clock::now() - idle.since < kCheckAfterIdle) {
      return std::move(idle.connection);
    }
    // The check is a round trip: hold the slot, not the lock.
    lock.unlock();
    if (idle.connection->answers()) {
      lock.lock();
      return std::move(idle.connection);
    }
    idle.connection.reset();  // disconnects, outside the lock
    lock.lock();
    --open_connections_;
  }
  return nullptr;
}

ConnectionPool::Lease ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  const bool available = connection_returned_.wait_for(lock, kAcquireTimeout, [this] {
    return !idle_.empty() || open_connections_ < max_connections_;
  });
  if (!available) {
    throw ports::StoreFailure("no database connection became free", "HYT00", true);
  }
  if (auto connection = take_healthy_idle(lock)) {
    return Lease(shared_from_this(), std::move(connection));
  }
  // Connecting can take a while; hold the slot, not the lock.
  ++open_connections_;
  lock.unlock();
  try {
    return Lease(shared_from_this(),
                 std::make_unique<Connection>(environment_, connection_string_));
  } catch (...) {
    lock.lock();
    --open_connections_;
    lock.unlock();
    connection_returned_.notify_one();
    throw;
  }
}

ConnectionPool::Use ConnectionPool::use() {
  const std::lock_guard lock(mutex_);
  return {open_connections_ - idle_.size(), max_connections_};
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mutex_);
    if (connection->broken()) {
      --open_connections_;
    } else {
      idle_.push_back({std::move(connection), std::chrono::steady_clock::now()});
    }
  }
  // A broken connection is closed here, outside the lock, when `connection` goes away.
  connection_returned_.notify_one();
}

}  // namespace zvhpga::odbc
