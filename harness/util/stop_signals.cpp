#include "util/stop_signals.h"

#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace wc {

sigset_t blockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int awaitStopSignal(const sigset_t& signals) {
  int sig = 0;
  sigwait(&signals, &sig);
  return sig;
}

namespace {
std::atomic<int> gFirstSignal{0};
std::mutex gHandlersMutex;  // guards gOnFirst and gOnSecond
std::function<void(int)> gOnFirst;
void (*gOnSecond)() = nullptr;
}  // namespace

void watchStopSignals(std::function<void(int)> onFirst, void (*onSecond)()) {
  {
    std::lock_guard<std::mutex> lock(gHandlersMutex);
    gOnFirst = std::move(onFirst);
    gOnSecond = onSecond;
  }
  static std::once_flag started;  // one watcher per process, whoever calls last sets handlers
  std::call_once(started, [] {
    const sigset_t signals = blockStopSignals();
    std::thread([signals] {
      int first = awaitStopSignal(signals);
      gFirstSignal = first;
      std::function<void(int)> handler;
      void (*last)() = nullptr;
      {
        std::lock_guard<std::mutex> lock(gHandlersMutex);
        handler = gOnFirst;
        last = gOnSecond;
      }
      // The second signal is awaited on another thread: the handler may take a moment (it
      // cancels the run) and a second Ctrl-C must never wait for it.
      std::thread([signals, last] {
        int second = awaitStopSignal(signals);
        if (last) last();
        _exit(128 + second);
      }).detach();
      if (handler) handler(first);
    }).detach();  // lives until the process ends: it holds nothing the process frees
  });
}

int firstStopSignal() { return gFirstSignal; }

}  // namespace wc
