#pragma once
// The accounting of a load test, computed from its run rows only (one shard's, or several
// merged): counts per outcome, latency percentiles, throughput and the checks that gate.
#include <string>
#include <vector>

#include "load/load_run.h"

namespace wc::load {

// Nearest-rank percentile of ascending `sorted` (p in 0..100); 0 for an empty list.
double percentile(const std::vector<double>& sorted, double p);

struct LatencyStats {
  size_t count = 0;
  double p50 = 0, p90 = 0, p99 = 0, max = 0;
};
LatencyStats latencyStats(std::vector<double> values);

// One check of the accounting: a JUnit testcase, a line of the verdict.
struct LoadCheck {
  std::string id;     // "load.lost", ...
  std::string title;  // the promise, one line
  bool skipped = false;
  bool failed = false;
  size_t failures = 0;              // runs that break it
  std::vector<long> runIndices;     // the first of them (at most kMaxNamedRuns)
  std::string message;              // what was expected and what happened, naming runs
};
constexpr size_t kMaxNamedRuns = 20;

struct LoadSummary {
  size_t planned = 0, sent = 0, notSent = 0, created = 0, finished = 0;
  size_t webhooks = 0;        // requests on our runs' routes
  size_t exactlyOnce = 0;     // runs with one webhook and no problem at all
  size_t interrupted = 0;    // in flight, no webhook yet, when the test was stopped
  size_t statusUnknown = 0;   // runs whose final status the API did not serve
  size_t strays = 0;          // requests on routes that are no run's
  std::vector<std::pair<Problem, size_t>> problems;  // every Problem, in kAllProblems order
  LatencyStats creationToWebhook, runEndToWebhook;
  double startMs = 0, endMs = 0;  // first creation, last event (epoch ms)
  double wallSeconds = 0, runsPerSecond = 0, webhooksPerSecond = 0;
  double maxP99Ms = 0;  // the budget (0: none)
  std::vector<LoadCheck> checks;
  bool gateFailed = false;

  size_t count(Problem p) const;
};

LoadSummary summarize(const std::vector<LoadRun>& runs, double maxP99Ms, size_t strays);

}  // namespace wc::load
