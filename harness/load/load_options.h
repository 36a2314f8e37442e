#pragma once
// `webhook-conformance load`: its flags, their limits, and the plan they resolve to (which
// endpoint, which runs this shard drives, how they are spread over threads).
#include <string>
#include <vector>

#include "session/session_options.h"
#include "support/endpoints.h"

namespace wc::load {

// Limits on what the user hands us; README "Load mode" states them.
constexpr long kMaxRuns = 100000;
constexpr int kMaxConcurrency = 256;
constexpr double kMaxRatePerSecond = 10000;
constexpr double kMaxDurationSeconds = 24 * 3600;
constexpr double kMaxP99BudgetMs = 3600 * 1000;
constexpr int kMaxShards = 1000;
// Above this many runs on a target the user named, `--yes` confirms the cost (real runs).
constexpr long kConfirmRunsAbove = 1000;

struct LoadOptions {
  // Target, credentials, capture server, assistant, --timeout-scale, --reference-fault and
  // --report-dir, as `run` takes them (openSession reads these).
  SessionOptions session;
  long runs = 100;
  int concurrency = 16;
  std::string rate;                            // "R" or "R/s"; "" = as fast as --concurrency allows
  std::string endpoint = "threads-runs-create";  // an allEndpoints() slug, crons excluded
  long threads = 0;                            // 0: one thread per run (stateful endpoints)
  double durationSeconds = 0;                  // 0: no limit on the creation phase
  double maxP99Ms = 0;                         // 0: no latency budget
  std::string shard;                           // "i/n", 1-based; "" = 1/1
  bool yes = false;
};

struct LoadPlan {
  Endpoint endpoint = Endpoint::ThreadRunsCreate;
  std::string endpointSlug;
  bool stateful = true;
  double ratePerSecond = 0;  // 0: unpaced
  int shardIndex = 0;        // 0-based
  int shardCount = 1;
  long totalRuns = 0;        // over all shards
  // Global run indices this shard drives: i, i+n, i+2n, ... so shards are disjoint and their
  // union is 0..N-1.
  std::vector<long> runIndices;
  long threads = 0;  // threads this shard creates (0: one per run; stateless endpoints: 0)
};

// Checks every flag against its limit. false with one line saying what to fix (exit 2).
bool planLoad(const LoadOptions& options, LoadPlan* plan, std::string* error);

// The endpoint slugs load accepts, for --help and errors: every allEndpoints() slug but crons.
std::string loadEndpointList();

// "2/4" -> index 1, count 4. false when it is not i/n with 1 <= i <= n <= kMaxShards.
bool parseShard(const std::string& text, int* index, int* count);

}  // namespace wc::load
