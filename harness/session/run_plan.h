#pragma once
// What a run will do, said before its first case: the cases it runs and skips (with why), the
// runs, threads and crons it creates on the target at most, and its time bound. Printed against a
// named target and by --dry-run (which then stops, having created nothing); kept in report.json.
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "runner/case.h"
#include "runner/environment.h"

namespace wc {

struct RunPlan {
  std::vector<std::string> toRun;
  std::vector<std::pair<std::string, std::string>> toSkip;  // id, why
  size_t runs = 0, threads = 0, crons = 0;
  size_t cronFirings = 0;  // at most: the schedule ticks in each cron case's budget
  size_t healthRuns = 0;   // at most: the health sentinel's runs (a thread and a run each)
  std::chrono::milliseconds bound{0};
  std::string target;  // as shown: the URL without userinfo, or "the embedded reference"
  std::string conformanceRun;
};

// `profileOf(def)`: the profile of the instance the case would run on (the skip decision).
RunPlan planRun(const std::vector<const CaseDef*>& selected,
                const std::function<const TargetProfile&(const CaseDef&)>& profileOf,
                std::chrono::milliseconds bound, double timeoutScale,
                std::chrono::milliseconds healthInterval);

// A few lines for people (stderr before the run; stdout for --dry-run).
std::string describePlan(const RunPlan& plan);
nlohmann::json planJson(const RunPlan& plan);

}  // namespace wc
