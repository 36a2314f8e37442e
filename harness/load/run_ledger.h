#pragma once
// The live accounting of a load test: every run's row, filled in by the workers (creation,
// status) and by the capture server's callback (arrivals). Waits are condition variables with a
// deadline; the callback does constant work under the lock so webhook senders are answered fast.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "capture/captured_request.h"
#include "load/load_run.h"

namespace wc::load {

// A webhook body is held only until its run's worker checks it (or, for a late one, until the
// end): at most this much per body and in all, so a hostile target cannot exhaust memory.
constexpr size_t kMaxHeldBodyBytes = 1024 * 1024;
constexpr size_t kMaxHeldBodiesBytes = 256 * 1024 * 1024;

struct LedgerCounts {
  size_t planned = 0, sent = 0, finished = 0, received = 0, missing = 0, webhooks = 0, strays = 0;
};

class RunLedger {
 public:
  // `runs` carry index, shard, endpoint, route and expectedTarget; routes are unique.
  explicit RunLedger(std::vector<LoadRun> runs);

  // For CaptureServer::setOnRecorded (handler threads): files the request under its run.
  void record(const CapturedRequest& request);

  // A request the capture server answered without recording it (a body over its limit, 413):
  // it still arrived, so it counts for its run, with the refusal as the payload's problem.
  void recordRefused(const std::string& route, std::chrono::system_clock::time_point arrived,
                     const std::string& why);

  // Records that run `slot` got `runId` from the target; the slot of another run that already has
  // it (a target that reuses run ids), or nullopt.
  std::optional<size_t> claimRunId(size_t slot, const std::string& runId);

  // Updates run `slot` under the lock (the workers' only way to write a row).
  void update(size_t slot, const std::function<void(LoadRun&)>& change);
  LoadRun row(size_t slot) const;
  size_t size() const { return runs_.size(); }
  // The first webhook's body, handed over once (then freed: 100,000 bodies are not kept).
  std::string takeFirstBody(size_t slot);

  // Waits until run `slot` has a webhook, the deadline passes or stop() is called.
  bool awaitWebhook(size_t slot, std::chrono::steady_clock::time_point deadline);
  // Waits until no request has arrived for `quiet`, or `cap` has passed, or stop().
  void awaitQuiet(std::chrono::milliseconds quiet, std::chrono::milliseconds cap);
  void stop();  // every wait returns now (the run is being stopped)

  // The slowest creation -> first webhook latency so far (0 before the first webhook).
  std::chrono::milliseconds slowestCreationLatency() const;
  // When a run was last created, finished or heard from (the stall watchdog reads it).
  std::chrono::steady_clock::time_point lastActivity() const;
  LedgerCounts counts() const;
  std::vector<LoadRun> snapshot() const;

 private:
  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable changed_;
  std::vector<LoadRun> runs_;
  std::vector<std::string> firstBodies_;
  size_t heldBodyBytes_ = 0;
  std::unordered_map<std::string, size_t> slotOfRoute_;
  std::unordered_map<std::string, size_t> slotOfRunId_;
  size_t webhooks_ = 0, strays_ = 0;
  double slowestMs_ = 0;
  std::chrono::steady_clock::time_point lastActivity_ = std::chrono::steady_clock::now();
  bool stopped_ = false;
};

// Milliseconds since the Unix epoch, with sub-millisecond precision.
double epochMs(std::chrono::system_clock::time_point t);
double nowEpochMs();

}  // namespace wc::load
