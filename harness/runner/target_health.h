#pragma once
// Is the target still completing runs? A server whose workers die (LangGraph.js loses one per
// undeliverable webhook) goes on answering HTTP while every new run stays pending, and each case
// would then wait out its own timeouts. A sentinel — a plain run, no webhook — is run before the
// first case, at intervals while cases run, after each isolated (destructive) case and after the
// last case. The first one that does not complete within its deadline records a Stall and stops
// the run's cancellation with the stall's message, so the cases still running end at once and
// the runner reports them and the unstarted ones as `error` (README "Target health").
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "client/target_client.h"
#include "runner/case_result.h"
#include "util/cancellation.h"

namespace wc {

// Stall::when of the check that runs before the first case.
inline constexpr const char* kBeforeFirstCase = "before the first case";

struct SentinelOutcome {
  enum class Kind {
    Completed,     // the run completed by the deadline
    Stalled,       // no completed run by the deadline, or no answer at all
    Inconclusive,  // the target refused the sentinel (an HTTP error): health cannot be judged
  };
  Kind kind = Kind::Completed;
  std::string detail;  // what happened, in one line
};
// One sentinel run, every call of it ending by `deadline`.
using Sentinel = std::function<SentinelOutcome(std::chrono::steady_clock::time_point deadline)>;

// POST /threads, then POST /threads/{thread_id}/runs/wait on `assistantId` without a webhook:
// what every LangGraph server the cases drive supports, and nothing the capture server counts.
Sentinel plainRunSentinel(TargetClient client, std::string assistantId);

struct HealthTiming {
  // A plain run completes within this. It is the time a case waits for a webhook: a target that
  // cannot complete a run in it fails those waits anyway.
  std::chrono::milliseconds deadline{15000};
  // From the end of one interval sentinel to the start of the next.
  std::chrono::milliseconds interval{2500};
};
HealthTiming healthTiming(double timeoutScale);  // both x --timeout-scale

struct Stall {
  std::chrono::system_clock::time_point at;     // when the sentinel that did not complete began
  std::chrono::milliseconds sinceStart{0};      // the same, from the start of the run
  std::chrono::system_clock::time_point lastCompleted;  // the last sentinel that completed began
  bool anyCompleted = false;
  std::string when;    // "before the first case", "while cases ran", "after <case id>", ...
  std::string detail;  // the sentinel's outcome
};

class TargetHealth {
 public:
  // `cancellation`: the run's; cancelled with stallMessage() on a stall (null: not cancelled).
  TargetHealth(Sentinel sentinel, HealthTiming timing, std::shared_ptr<Cancellation> cancellation,
               std::chrono::steady_clock::time_point runStart);
  ~TargetHealth();  // stops the interval sentinels (waits for one in flight: it has a deadline)
  TargetHealth(const TargetHealth&) = delete;
  TargetHealth& operator=(const TargetHealth&) = delete;

  // One sentinel now, on the caller's thread; false when the target has stalled (now or before).
  bool check(const std::string& when);
  // Interval sentinels on a thread of their own until stopIntervals() or a stall.
  void startIntervals();
  void stopIntervals();

  std::optional<Stall> stall() const;
  // "the target stopped completing runs at <UTC> (<s> s into the run, <when>): <what the sentinel
  // saw>"; "" without a stall. Every case the stall ends carries it.
  std::string stallMessage() const;
  // The run-level diagnosis of a stall, naming the cases that ran in the window before it (they
  // were running or ended between the last completed sentinel and the stall); "" without one.
  std::string diagnosis(const std::vector<CaseResult>& results) const;
  // Why health could not be judged (the target refused the sentinel), once; "" when it could.
  std::string inconclusiveNote() const;
  size_t sentinelsRun() const;

 private:
  std::string stallMessageLocked() const;

  Sentinel sentinel_;
  HealthTiming timing_;
  std::shared_ptr<Cancellation> cancellation_;
  std::chrono::steady_clock::time_point runStart_;
  std::thread intervals_;

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable wake_;
  bool stopping_ = false;
  std::optional<Stall> stall_;
  std::optional<std::chrono::system_clock::time_point> lastCompleted_;
  std::string inconclusive_;
  size_t sentinels_ = 0;
};

}  // namespace wc
