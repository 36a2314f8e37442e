#pragma once
// Everything one run produced, as the report writers see it.
#include <chrono>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/expected_failures.h"
#include "report/redactor.h"
#include "runner/case_result.h"
#include "runner/environment.h"

namespace wc {

// One embedded reference instance of the run (README "Configuration instances").
struct TargetInstance {
  std::string name;        // "default", "disable-webhooks", ...
  std::string configFile;  // fixtures/configs/<file>, "" for none
  std::string baseUrl;
  size_t cases = 0;        // how many cases ran on it
};

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
  // Why the run stopped early, e.g. "SIGTERM received after 3.2 s: 12 cases unfinished"; empty
  // when it ran to the end. An interrupted run never passes the gate.
  std::string interruption;
  // The embedded reference's configuration instances, default first; empty for a single target.
  std::vector<TargetInstance> instances;
  // Findings about the whole run, shown first in every report (e.g. no webhook arrived at all).
  std::vector<std::string> diagnoses;
  // The id in the metadata of everything the run created on the target ("" when unknown).
  std::string conformanceRun;
  // What the run said it would do before its first case (session/run_plan.h), and what --cleanup
  // deleted at its end; null when not applicable.
  nlohmann::json plan, cleanup;
  size_t healthRuns = 0;  // health-check runs the sentinel started on the target
  // --rerun-failed: when the run it reran started (its other cases are kept in results).
  std::optional<std::chrono::system_clock::time_point> rerunOf;
};

// What is known when a run ends with exit 3 (target unreachable, or not a LangGraph API) before
// any case ran: enough for a junit.xml a CI publish step can find, and a report.json.
struct UnreachableReport {
  std::string toolVersion;
  std::chrono::system_clock::time_point startedAt;
  std::chrono::milliseconds duration{0};
  TargetProfile profile;  // baseUrl at least; info when /info answered; targetConfig when given
  Redactor redactor;      // the session's secrets: the message and URL are redacted on writing
  nlohmann::json configuration = nlohmann::json::object();  // describeConfiguration(options)
  std::string message;    // the one line printed on stderr: what is wrong and what to fix
  int exitCode = 3;       // 3; or the signal's exit code when the run was stopped that early
};
// "the target is unreachable or is not a LangGraph API" for exit 3, else "the run was stopped".
std::string whyNoCaseRan(const UnreachableReport& report);

struct VerdictCounts {
  size_t total = 0, pass = 0, fail = 0, warn = 0, info = 0, skip = 0, error = 0, interrupted = 0;
};
VerdictCounts countVerdicts(const std::vector<CaseResult>& results);

// True when this verdict breaks the gate: fail, error and interrupted always, warn under --strict.
bool breaksGate(Verdict verdict, bool strict);

// What the gate makes of a case once expected failures are applied.
enum class Outcome { Pass, Fail, Warn, Info, Skip, Error, Interrupted, ExpectedFailure, Stale };
const char* toString(Outcome outcome);  // "pass", ..., "interrupted", "expected-failure", "stale"
// The outcome a verdict has when no expected failure applies.
Outcome outcomeOf(Verdict verdict);

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
  bool interrupted = false;  // the run was stopped early (RunReport::interruption)
  // No case was judged (none selected, or every one skipped): a gate that judged nothing is
  // never green.
  bool nothingJudged = false;
  bool passed() const { return breaking == 0 && !interrupted && !nothingJudged; }
};
GateSummary summarize(const RunReport& report);

// A run as the gate judges it, computed once: each case's outcome (expected failures applied) and
// the summary. The run command builds one and hands it to every report writer. It converts
// implicitly from a RunReport, so a writer called with a plain report judges it there.
struct JudgedRun {
  JudgedRun(const RunReport& run);  // NOLINT(google-explicit-constructor): see above
  const RunReport& report;
  std::vector<CaseOutcome> outcomes;  // parallel to report.results
  GateSummary gate;
  // `result` must be an element of report.results (std::logic_error otherwise).
  const CaseOutcome& outcome(const CaseResult& result) const;
};

// When cases that wait for webhooks ran (not skipped) and the capture servers recorded nothing in
// the whole run: one line naming the callback URL and the two likely causes. nullopt otherwise.
std::optional<std::string> noWebhookDiagnosis(const RunReport& report, size_t webhooksReceived,
                                              const std::string& callbackBase);

// When no case was judged (every one skipped): the line that says so and why the first skipped,
// shown first among the diagnoses. nullopt when a case was judged.
std::optional<std::string> nothingJudgedDiagnosis(const RunReport& report);

// Human-readable evidence of one case (failures, captured requests), redacted.
std::string evidenceText(const CaseResult& result, const Redactor& redactor);

// A captured body for people: pretty-printed when it is JSON, truncated when huge.
std::string prettyBody(const std::string& body, size_t maxBytes = 64 * 1024);

}  // namespace wc
