#pragma once
// A few connections shared by the threads of one store. A transaction borrows one for its whole
// life; a connection whose use showed it lost (SQLSTATE class 08, or a failed rollback) is
// closed, not lent again. One that sat idle for a while is checked before it is lent, so a
// server restart costs no request once the server is back: dead connections are replaced.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "odbc/handles.h"

namespace zvhpga::odbc {

class ConnectionPool : public std::enable_shared_from_this<ConnectionPool> {
 public:
  // Gives a connection back to its pool when destroyed; keeps the pool alive until then.
  class Lease {
   public:
    Lease(std::shared_ptr<ConnectionPool> pool, std::unique_ptr<Connection> connection);
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    Connection& connection() const { return *connection_; }

   private:
    std::shared_ptr<ConnectionPool> pool_;
    std::unique_ptr<Connection> connection_;
  };

  // `first` is an already open connection (the one that ran the migrations).
  ConnectionPool(std::shared_ptr<Environment> environment, std::string connection_string,
                 std::size_t max_connections, std::unique_ptr<Connection> first);

  // Waits for a free connection, opening a new one while fewer than the maximum are open.
  // Throws a retryable StoreFailure if none frees up in time.
  Lease acquire();

  // How many connections are lent out now, and the most there may be (the metrics' gauges).
  struct Use {
    std::size_t in_use = 0;
    std::size_t max = 0;
  };
  Use use();

 private:
  struct IdleConnection {
    std::unique_ptr<Connection> connection;
    std::chrono::steady_clock::time_point since;
  };

  void give_back(std::unique_ptr<Connection> connection);
  // An idle connection that still answers, or null after discarding those that do not.
  std::unique_ptr<Connection> take_healthy_idle(std::unique_lock<std::mutex>& lock);

  const std::shared_ptr<Environment> environment_;
  const std::string connection_string_;
  const std::size_t max_connections_;
  std::mutex mutex_;
  std::condition_variable connection_returned_;
  std::vector<IdleConnection> idle_;
  std::size_t open_connections_ = 0;
};

}  // namespace zvhpga::odbc
