#pragma once
// One conformance run, from a checked request to its judged report: open the session, plan,
// run the cases with the health sentinel beside them, gather the diagnoses, clean up, write the
// reports. `run` turns flags into a request, calls this and prints what it returns; the run
// itself never sees a flag and prints only the lines a user must see while it goes.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "report/expected_failures.h"
#include "report/run_report.h"
#include "runner/runner.h"
#include "session/rerun_failed.h"
#include "session/session.h"
#include "session/session_options.h"

namespace wc {

class Cancellation;

struct ConformanceRequest {
  SessionOptions options;          // checked by openSession; --rerun-failed already applied
  std::optional<RerunPlan> rerun;  // --rerun-failed: the cases to judge again and the last run
  std::vector<ExpectedFailure> expected;  // --expected-failures, read and checked
  std::shared_ptr<Cancellation> cancellation;  // a signal, --fail-fast or the run's bound
  std::chrono::steady_clock::time_point started;
  // The console's progress lines (may be null); `secrets` are the run's, to redact what it shows.
  std::function<void(const Progress&, const Redactor& secrets)> onProgress;
};

// What --dry-run lists: each selected case and where it would run, or why it would be skipped.
struct PlannedCase {
  std::string id, instance;
  std::optional<std::string> skipWhy;
};

struct RunOutcome {
  enum class End {
    NotOpened,  // the session did not open: `error` was said, the exit-3 reports written
    Refused,    // a usage error after the session opened: `error` is the line to print
    DryRun,     // planned only: `planText` and `planned`, nothing created
    Judged,     // the cases ran: `report` judged and written
  };
  End end = End::Judged;
  int exitCode = 0;  // NotOpened and Refused; a judged run's follows from its gate (the caller's)
  std::string error;
  bool reportsWritten = false;  // NotOpened: the exit-3 reports are in --report-dir
  std::string planText;
  std::vector<PlannedCase> planned;
  std::unique_ptr<RunReport> report;  // Judged; stable, as `judged` refers to it
  std::unique_ptr<JudgedRun> judged;
  // Judged: cases given up on still hold the session, which must then outlive the process's
  // last line (the caller ends it with _Exit); otherwise it is closed already.
  std::unique_ptr<Session> session;
  size_t abandoned = 0;
};

// Runs the request; `notes` gets the lines said on the way (stderr): why the session did not
// open, the platform notice, ignored expected failures, the plan on a named target, cleanup.
RunOutcome runConformance(const ConformanceRequest& request, std::ostream& notes);

}  // namespace wc
