#pragma once
#include <signal.h>

#include <functional>

namespace wc {
// For commands that serve until stopped: block SIGINT/SIGTERM before any thread starts (so no
// worker thread takes them), later wait for one on the main thread with awaitStopSignal().
sigset_t blockStopSignals();
int awaitStopSignal(const sigset_t& signals);

// For `run`: blocks SIGINT/SIGTERM (call before any thread starts) and waits for them on a
// thread of its own. The first calls onFirst(sig) (stop starting cases, cancel waits, write the
// reports); a second exits the process at once with 128 + sig.
// onSecond (optional) runs just before that exit: it must be quick (kill a child group).
void watchStopSignals(std::function<void(int)> onFirst, void (*onSecond)() = nullptr);
// The first signal watchStopSignals() saw, or 0.
int firstStopSignal();
}  // namespace wc
