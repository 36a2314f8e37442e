#pragma once
// Runs selected cases concurrently (I/O-bound: they mostly wait for webhooks) and returns the
// results in catalogue order, whatever order they finish in.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runner/case.h"
#include "runner/case_result.h"
#include "runner/environment.h"

namespace wc {

class TargetHealth;

struct Progress {
  size_t done = 0;
  size_t total = 0;
  size_t failures = 0;         // fail + error so far
  std::string slowestRunning;  // id of the longest-running unfinished case
  const CaseResult* finished = nullptr;  // the case that just finished
};

struct RunOptions {
  int jobs = 16;
  std::function<void(const Progress&)> onProgress;  // called under the runner's lock
  // The run's own bound: past it the run is stopped like on SIGTERM (0: none). runBound() below.
  std::chrono::milliseconds bound{0};
  // Once the run is stopped, how long running cases get to end before they are given up on.
  std::chrono::milliseconds grace{1500};
  // Set to the number of cases given up on (their threads still run: exit soon, don't join).
  size_t* abandoned = nullptr;
  // Where each case runs when the session has several targets (the embedded reference's
  // configuration instances); null: every case on the environment passed to runCases. All the
  // environments share that one's cancellation.
  std::function<Environment&(const CaseDef&)> environmentFor;
  // The target's health (runner/target_health.h), null: not watched. A sentinel before the first
  // case, at intervals while the cases run (not while an isolated case does), after each isolated
  // case and after the last. Once it has stalled no case starts, and the cases the stall cut short
  // or kept from starting end as `error` with its message instead of `interrupted`.
  TargetHealth* health = nullptr;
  // Cases that run after all the others, one at a time, each followed by a health check
  // (--destructive against a single target: they may tie up its workers, and then no other
  // case's verdict can depend on them). Null: none.
  std::function<bool(const CaseDef&)> isolated;
  // Start the cases with the largest budget first (catalogue order among equals), so the cron
  // cases take the first of the `jobs` slots instead of queuing behind short ones. Only where no
  // verdict depends on the order: a deployment's disable cases size their silence window from
  // the webhook latencies the earlier cases measured, so there the catalogue order stays.
  bool largestBudgetFirst = false;
  // Set when the wait before the late-arrival sweep (runner/late_arrivals.h) ran out: what it
  // awaited and what was still under way, for the run's diagnoses.
  std::string* lateSweepNote = nullptr;
};

// ceil(cases / jobs) x the largest budget among them x timeout-scale + 10 s: when every case
// keeps its deadline the run ends before this, so reaching it means something hung.
std::chrono::milliseconds runBound(const std::vector<const CaseDef*>& cases, int jobs,
                                   double timeoutScale);

// Case ids matching the patterns: globs (* ?), comma-separated or repeated; "-pat" excludes.
// No inclusion pattern means "all".
bool matchesFilter(const std::string& id, const std::vector<std::string>& patterns);
bool globMatch(const std::string& pattern, const std::string& text);
std::vector<const CaseDef*> selectCases(const CaseRegistry& registry,
                                        const std::vector<std::string>& patterns);

CaseResult runCase(const CaseDef& def, Environment& env);
// The verdict of a case that ran to its end with a failed check: its level's failing one.
Verdict failedVerdict(Level level);
std::vector<CaseResult> runCases(const std::vector<const CaseDef*>& cases, Environment& env,
                                 const RunOptions& options);

}  // namespace wc
