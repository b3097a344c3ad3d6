#pragma once
// Threads the plugin starts in a host's process must never take a signal meant for the host
// (SIGINT, SIGTERM, ...): they are started with every signal blocked, a mask they inherit.
#include <pthread.h>

#include <csignal>

namespace zvhpga::threads {

// Runs function with every signal blocked, so that threads it starts inherit that mask.
template <typename Function>
void with_signals_blocked(Function function) {
  sigset_t all{};
  sigset_t previous{};
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &previous);
  function();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

}  // namespace zvhpga::threads
