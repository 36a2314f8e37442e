#pragma once
// Everything one run produced, as the report writers see it.
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/expected_failures.h"
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
  nlohmann::json configuration = nlohmann::json::object();  // options used, secrets already masked
  std::string expectedFailuresFile;                          // "" when none was given
  std::map<std::string, ExpectedFailure> expectedFailures;   // entries that apply, by case id
  std::vector<IgnoredExpectedFailure> ignoredExpectedFailures;
};

struct VerdictCounts {
  size_t total = 0, pass = 0, fail = 0, warn = 0, info = 0, skip = 0, error = 0;
};
VerdictCounts countVerdicts(const std::vector<CaseResult>& results);

// True when this verdict breaks the gate: fail and error always, warn under --strict.
bool breaksGate(Verdict verdict, bool strict);

// What the gate makes of a case once expected failures are applied.
enum class Outcome { Pass, Fail, Warn, Info, Skip, Error, ExpectedFailure, Stale };
const char* toString(Outcome outcome);  // "pass", ..., "expected-failure", "stale"

struct CaseOutcome {
  Outcome outcome = Outcome::Pass;
  bool breaksGate = false;
  const ExpectedFailure* expected = nullptr;  // the entry listing this case, if any
  std::string message;                        // the verdict's message, or the stale explanation
};
CaseOutcome outcomeOf(const RunReport& report, const CaseResult& result);

struct GateSummary {
  VerdictCounts verdicts;
  size_t expectedFailures = 0, stale = 0, breaking = 0;
  bool passed() const { return breaking == 0; }
};
GateSummary summarize(const RunReport& report);

// Human-readable evidence of one case (failures, captured requests), redacted.
std::string evidenceText(const CaseResult& result, const Redactor& redactor);

// A captured body for people: pretty-printed when it is JSON, truncated when huge.
std::string prettyBody(const std::string& body, size_t maxBytes = 64 * 1024);

}  // namespace wc
