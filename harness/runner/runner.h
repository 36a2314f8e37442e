#pragma once
// Runs selected cases concurrently (I/O-bound: they mostly wait for webhooks) and returns the
// results in catalogue order, whatever order they finish in.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runner/case.h"
#include "runner/case_result.h"
#include "runner/environment.h"

namespace wc {

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
};

// Case ids matching the patterns: globs (* ?), comma-separated or repeated; "-pat" excludes.
// No inclusion pattern means "all".
bool matchesFilter(const std::string& id, const std::vector<std::string>& patterns);
bool globMatch(const std::string& pattern, const std::string& text);
std::vector<const CaseDef*> selectCases(const CaseRegistry& registry,
                                        const std::vector<std::string>& patterns);

// Why a case cannot run on this target, or nullopt when it can.
std::optional<std::string> skipReason(const CaseInfo& info, const TargetProfile& profile);

CaseResult runCase(const CaseDef& def, Environment& env);
std::vector<CaseResult> runCases(const std::vector<const CaseDef*>& cases, Environment& env,
                                 const RunOptions& options);

}  // namespace wc
