#include "threads/periodic_task.h"

#include "threads/signal_mask.h"

namespace zvhpga::threads {

std::unique_ptr<PeriodicTask> PeriodicTask::start(std::function<void()> work,
                                                  std::chrono::milliseconds interval,
                                                  FirstRun first) {
  std::unique_ptr<PeriodicTask> task;
  with_signals_blocked([&] { task.reset(new PeriodicTask(std::move(work), interval, first)); });
  return task;
}

PeriodicTask::PeriodicTask(std::function<void()> work, std::chrono::milliseconds interval,
                           FirstRun first)
    : work_(std::move(work)), interval_(interval), thread_([this, first] { run(first); }) {}

PeriodicTask::~PeriodicTask() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stopping_.notify_all();
  thread_.join();
}

void PeriodicTask::run(FirstRun first) {
  std::unique_lock lock(mutex_);
  if (first == FirstRun::AfterOneInterval)
    stopping_.wait_for(lock, interval_, [this] { return stop_; });
  while (!stop_) {
    lock.unlock();
    work_();
    lock.lock();
    stopping_.wait_for(lock, interval_, [this] { return stop_; });
  }
}

}  // namespace zvhpga::threads
