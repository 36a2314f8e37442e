#pragma once
// `merge` of conformance runs: the report.json of several runs (shards, deployment A
// plus a disable-configured deployment B, or several deployments) combined into one RunReport,
// judged once by the usual gate, with each case's origin kept.
//
// Rules, per case id over the runs in the order given:
//  - a verdict other than skip in any run: every such verdict is kept (one per run that judged
//    it), the skips are dropped (A skips disable.*, B judges them: B's verdicts count);
//  - skipped in every run that has it: one skip, the first run's;
//  - expected-failure entries of every run apply (first entry per id wins), strict if any run
//    or the merge asks for it, interrupted if any run was.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/report_reader.h"

namespace wc {

// Bounds on the merge's input as a whole (each file has its own, report_reader.h). The merged
// report.json holds about what its inputs held, and must be one that merge and --rerun-failed
// read back: the inputs together get one file's bounds (merge refuses to write beyond them).
constexpr size_t kMaxMergedReports = 1000;
constexpr size_t kMaxMergedBytes = kMaxReportJsonBytes;
constexpr size_t kMaxMergedValues = kMaxReportValues;
constexpr size_t kMaxMergedCases = 100000;

// Where one merged case came from.
struct CaseOrigin {
  size_t run = 0;        // index into the inputs, in the order given
  std::string report;    // the report.json it was read from
  std::string target;    // the target's base URL (its instance's, when it ran on one)
  std::string instance;  // the instance it ran on in that run, "" for a single target
};

struct MergedRuns {
  RunReport report;                 // results carry CaseResult::instance = the origin's label
  std::vector<CaseOrigin> origins;  // parallel to report.results
  std::vector<ReadReport> inputs;   // the runs as read (their cases moved out)
  bool unreachable = false;         // a run ended with exit 3 before any case
};

// Orders the merged cases: the catalogue's position of an id, or SIZE_MAX for one it lacks.
using CaseRank = std::function<size_t(const std::string& id)>;

// Merges the runs (at least one). `label(i)` names run i in instances and messages (the path the
// user gave). Never fails: the inputs were checked when read.
MergedRuns mergeRuns(std::vector<ReadReport> inputs, const std::vector<std::string>& labels,
                     bool strict, const std::string& toolVersion, const CaseRank& rank);

// report.json of the merge: buildJsonReport's document plus "origin" on each case and
// "merged_from" (one entry per run: report, target, started_at, tool_version, gate, strict,
// cases_kept, error, interrupted).
nlohmann::json mergedJsonReport(const JudgedRun& judged, const MergedRuns& merged);

}  // namespace wc
