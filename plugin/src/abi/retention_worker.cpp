#include "abi/retention_worker.h"

#include "soap/signal_mask.h"

namespace zvhpga::abi {

std::unique_ptr<RetentionWorker> RetentionWorker::start(Instance& instance,
                                                        std::chrono::minutes interval) {
  std::unique_ptr<RetentionWorker> worker;
  soap::with_signals_blocked([&] { worker.reset(new RetentionWorker(instance, interval)); });
  return worker;
}

RetentionWorker::RetentionWorker(Instance& instance, std::chrono::minutes interval)
    : instance_(instance), interval_(interval), thread_([this] { run(); }) {}

RetentionWorker::~RetentionWorker() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stopping_.notify_all();
  thread_.join();
}

// The first run waits one interval: a service that starts serves first, and a run wanted at
// once is `zvh-pga retention run`.
void RetentionWorker::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_.wait_for(lock, interval_, [this] { return stop_; })) {
    lock.unlock();
    try {
      instance_.run_retention();
    } catch (...) {
      // The store is unavailable: what was begun is finished by the next run.
    }
    lock.lock();
  }
}

}  // namespace zvhpga::abi
