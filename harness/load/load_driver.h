#pragma once
// Drives a load test: --concurrency workers each create a run, wait for its webhook (and, when
// none comes, for its final status), check the payload, read the run's final status from the
// API, then take the next run. Creations are paced by --rate and cut by --duration.
#include <functional>

#include "load/load_options.h"
#include "load/run_ledger.h"
#include "runner/environment.h"

namespace wc::load {

struct DriveSettings {
  int concurrency = 1;
  double ratePerSecond = 0;    // 0: unpaced
  double durationSeconds = 0;  // 0: no limit on the creation phase
  // The user's --timeout-scale for the load's own waits. The session's may be larger: on the
  // embedded reference it also stretches the reference's delivery timing (load_mode.cpp).
  double timeoutScale = 1.0;
  // The webhook URL of a run: the capture server's URL for its route and token.
  std::function<std::string(const LoadRun&)> webhookUrl;
};

// Returns when every run of the ledger is accounted for (or marked not sent), or when the
// environment's cancellation stopped the run.
void driveLoad(Environment& env, RunLedger& ledger, const LoadPlan& plan,
               const DriveSettings& settings);

// Inspects the first webhook of runs that had none when their worker finished with them (a
// webhook that came late): their payload is judged like the others.
void inspectLateArrivals(RunLedger& ledger);

// `base` x `scale` (the scale is checked to lie in 0.1..100 where it is read).
std::chrono::milliseconds scaledBy(double scale, std::chrono::milliseconds base);

// Every call of one run ends by this long after its creation starts: 60 s x --timeout-scale.
std::chrono::milliseconds runBudget(double timeoutScale);

// How long a worker waits for a webhook before it asks the API whether the run ended:
// max(1 s x --timeout-scale, 4 x the slowest creation -> webhook latency so far), at most the
// run's budget. The observed latency sets it, so a slow target is not called lossy.
std::chrono::milliseconds webhookWait(double timeoutScale, const RunLedger& ledger);

}  // namespace wc::load
