#pragma once
// The API a case body uses: its target, its capture route, and how it records checks.
// require() stops the case on failure; check() records and continues. The verdict follows the
// case's level: a failed MUST check fails, a failed SHOULD check warns, INFO never judges.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "runner/case_result.h"
#include "runner/environment.h"

namespace wc {

// Thrown to end a case early; the runner turns it into a verdict.
struct CaseStop {
  Verdict verdict;
  std::string message;
};

class CaseContext {
 public:
  CaseContext(const CaseInfo& info, Environment& env)
      : info_(info),
        env_(env),
        deadline_(std::chrono::steady_clock::now() + env.scaled(info.budget)),
        creations_(std::make_shared<CallRecorder>()),
        target_(env.client().withDeadline(deadline_).recordingCreations(creations_)) {}

  const CaseInfo& info() const { return info_; }
  // The target, with every call ending by the case's deadline at the latest.
  const TargetClient& target() const { return target_; }
  std::chrono::steady_clock::time_point deadline() const { return deadline_; }
  // True once the run is being stopped (signal or the run's bound): long loops end early.
  bool stopping() const { return env_.cancellation().cancelled(); }
  // Waits `interval` before asking the target again (for state the API cannot push); false at
  // once when the run is being stopped.
  bool pause(std::chrono::milliseconds interval) const {
    return !env_.cancellation().waitUntil(std::chrono::steady_clock::now() + interval);
  }
  CaptureServer& capture() { return env_.capture(); }
  // The capture server an https:// webhook URL reaches (Need::HttpsCallback); null when none.
  CaptureServer* httpsCapture() { return env_.httpsCapture(); }
  const TargetProfile& profile() const { return env_.profile(); }
  DeliveryLatencies& latencies() { return env_.latencies(); }
  RunFindings& findings() { return env_.findings(); }
  std::chrono::milliseconds scaled(std::chrono::milliseconds base) const {
    return env_.scaled(base);
  }

  // A capture route for this case and the URL that reaches it.
  std::string newRoute(const std::string& hint = "");
  // Every route newRoute made: what arrives on them after the case is judged too.
  const std::vector<std::string>& routes() const { return routes_; }

  void require(const testing::AssertionResult& result);  // stops on failure
  bool check(const testing::AssertionResult& result);    // continues; returns the outcome
  // A SHOULD promise judged inside any case: a breach warns (the case's verdict is `warn` unless
  // a check failed), whatever the case's own level.
  bool should(const testing::AssertionResult& result);
  // A MUST promise judged inside any case (the webhook contract): a breach fails the case,
  // whatever the case's own level.
  bool must(const testing::AssertionResult& result);
  void observe(const std::string& note) { evidence_.observations.push_back(note); }
  [[noreturn]] void skip(const std::string& reason) { throw CaseStop{Verdict::Skip, reason}; }
  // Trouble that prevents judging the behaviour (the target failed an API call it must serve).
  [[noreturn]] void error(const std::string& message) { throw CaseStop{Verdict::Error, message}; }
  // An API call the case depends on: its failure ends the case as `error`.
  ApiResponse need(ApiResponse response, const std::string& what);

  void addEvidence(const CapturedRequest& request) { evidence_.requests.push_back(request); }
  void addSchemaErrors(const std::vector<SchemaError>& errors);

  // With the last run-creating call of the case's target (report.html's curl reproducer).
  Evidence& evidence() {
    evidence_.creation = creations_->last();
    evidence_.created = creations_->created();
    // A cron's firings are runs too: each one delivered a webhook to the case's routes.
    if (evidence_.created.crons) evidence_.created.cronFirings = evidence_.requests.size();
    return evidence_;
  }
  bool failed() const { return !evidence_.failures.empty(); }

 private:
  const CaseInfo& info_;
  Environment& env_;
  std::chrono::steady_clock::time_point deadline_;
  std::shared_ptr<CallRecorder> creations_;  // before target_, which records into it
  TargetClient target_;
  Evidence evidence_;
  std::vector<std::string> routes_;
};

}  // namespace wc
