#pragma once
// Everything one run produced, as the report writers see it.
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/redactor.h"
#include "runner/case_result.h"
#include "runner/environment.h"

namespace wc {

struct RunReport {
  std::string toolVersion;
  TargetProfile profile;
  std::vector<CaseResult> results;  // catalogue order
  bool strict = false;
  std::chrono::system_clock::time_point startedAt;
  std::chrono::milliseconds duration{0};
  Redactor redactor;
};

struct VerdictCounts {
  size_t total = 0, pass = 0, fail = 0, warn = 0, info = 0, skip = 0, error = 0;
};
VerdictCounts countVerdicts(const std::vector<CaseResult>& results);

// True when this verdict breaks the gate: fail and error always, warn under --strict.
bool breaksGate(Verdict verdict, bool strict);

// Human-readable evidence of one case (failures, captured requests), redacted.
std::string evidenceText(const CaseResult& result, const Redactor& redactor);

}  // namespace wc
