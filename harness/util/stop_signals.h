#pragma once
#include <signal.h>

namespace wc {
// For commands that serve until stopped: block SIGINT/SIGTERM before any thread starts (so no
// worker thread takes them), later wait for one on the main thread with awaitStopSignal().
sigset_t blockStopSignals();
int awaitStopSignal(const sigset_t& signals);
}  // namespace wc
