// The background thread of the serving process (outcome pushes, retention runs): when it first
// runs, that it repeats, and that destroying it stops it and waits for a run in progress.
#include "threads/periodic_task.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace zvhpga::threads {
namespace {

using namespace std::chrono_literals;
using FirstRun = PeriodicTask::FirstRun;

TEST(ConcurrentPeriodicTask, RunsAtOnceWhenAskedTo) {
  std::atomic<int> runs = 0;
  auto task = PeriodicTask::start([&] { ++runs; }, 1h, FirstRun::Immediately);
  for (int waited = 0; runs == 0 && waited < 500; ++waited) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(runs, 1);
}

TEST(ConcurrentPeriodicTask, WaitsOneIntervalBeforeTheFirstRunWhenAskedTo) {
  std::atomic<int> runs = 0;
  {
    auto task = PeriodicTask::start([&] { ++runs; }, 1h, FirstRun::AfterOneInterval);
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(runs, 0);
}

TEST(ConcurrentPeriodicTask, RepeatsEveryInterval) {
  std::atomic<int> runs = 0;
  auto task = PeriodicTask::start([&] { ++runs; }, 1ms, FirstRun::AfterOneInterval);
  for (int waited = 0; runs < 3 && waited < 500; ++waited) std::this_thread::sleep_for(10ms);
  EXPECT_GE(runs, 3);
}

TEST(ConcurrentPeriodicTask, DestructionWaitsForTheRunInProgressAndStopsTheNext) {
  std::atomic<bool> started = false;
  std::atomic<int> finished = 0;
  {
    auto task = PeriodicTask::start(
        [&] {
          started = true;
          std::this_thread::sleep_for(50ms);
          ++finished;
        },
        1ms, FirstRun::Immediately);
    while (!started) std::this_thread::sleep_for(1ms);
  }
  const int after_destruction = finished;
  std::this_thread::sleep_for(20ms);
  EXPECT_GE(after_destruction, 1);
  EXPECT_EQ(finished, after_destruction);
}

}  // namespace
}  // namespace zvhpga::threads
