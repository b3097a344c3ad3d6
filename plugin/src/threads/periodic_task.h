#pragma once
// Work the serving process repeats in the background (pushing outcomes to the host, retention
// runs): one thread, started with every signal blocked, that runs the work every interval until
// the task is destroyed. Destruction wakes the thread and waits for a run in progress to end.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace zvhpga::threads {

class PeriodicTask {
 public:
  enum class FirstRun { Immediately, AfterOneInterval };

  // work must not throw: a failed round is the work's to record, and the next round retries.
  static std::unique_ptr<PeriodicTask> start(std::function<void()> work,
                                             std::chrono::milliseconds interval, FirstRun first);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

 private:
  PeriodicTask(std::function<void()> work, std::chrono::milliseconds interval, FirstRun first);
  void run(FirstRun first);

  std::function<void()> work_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable stopping_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace zvhpga::threads
