#pragma once
// --rerun-failed: the cases that needed attention in the last run written to a report dir (its
// report.json), rerun against the same target, with every other case of that run kept.
#include <optional>
#include <string>
#include <vector>

#include "session/session_options.h"
#include "report/report_reader.h"

namespace wc {

// The cases whose outcome was fail, error, stale or interrupted, as --filter ids. report.json is
// untrusted (hand-edited, another version, truncated): bounded, checked; false with one line
// naming the file and the problem. An empty list is not an error.
bool casesToRerun(const std::string& reportJsonPath, std::vector<std::string>* ids,
                  std::string* error);

struct RerunPlan {
  std::vector<std::string> ids;  // empty: nothing needed attention
  ReadReport previous;           // the whole last run: its other cases stay in the new report
};

// Reads <reportDir>/report.json and points `options` at the target that run judged: what identifies
// the target (--target, --launch, --launch-dir, --target-config, --reference-fault,
// --emulate-version, --platform-version, the three assistants) is taken from the report when not
// given, and refused when given differently; --strict, --destructive, --expected-failures,
// --timeout-scale and --callback-url are taken when not given. nullopt with a usage error when the
// last run judged nothing (exit 3, stopped before any case) or another target was given.
std::optional<RerunPlan> planRerun(SessionOptions* options, std::string* error);

// The previous run's cases with the rerun ones replaced (catalogue order kept), for the report.
void mergeRerunResults(const RerunPlan& plan, RunReport* rerun);

}  // namespace wc
