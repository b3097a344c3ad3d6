#pragma once
// The serving process's scheduled retention run (zvh-pga serve, zvhpga_start_service): calls
// Instance::run_retention every interval, the first one interval after the start, until
// destroyed. Instances sharing
// a database take turns through the run's work claim, so at most one sweeps at a time.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "abi/instance.h"

namespace zvhpga::abi {

class RetentionWorker {
 public:
  static std::unique_ptr<RetentionWorker> start(Instance& instance,
                                                std::chrono::minutes interval);
  ~RetentionWorker();
  RetentionWorker(const RetentionWorker&) = delete;
  RetentionWorker& operator=(const RetentionWorker&) = delete;

 private:
  RetentionWorker(Instance& instance, std::chrono::minutes interval);
  void run();

  Instance& instance_;
  std::chrono::minutes interval_;
  std::mutex mutex_;
  std::condition_variable stopping_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace zvhpga::abi
