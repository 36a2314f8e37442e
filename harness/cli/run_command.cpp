#include "cli/run_command.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <optional>

#include "cli/annotations.h"
#include "cli/console_style.h"
#include "cli/progress.h"
#include "cli/run_summary.h"
#include "cli/usage_error.h"
#include "client/http_exchange.h"
#include "launch/langgraph_js_launcher.h"
#include "report/expected_failures.h"
#include "report/text_safety.h"
#include "session/run_conformance.h"
#include "util/cancellation.h"
#include "util/stop_signals.h"

namespace wc {
namespace {

const char* signalName(int sig) { return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "signal"; }

// 130 for SIGINT, 143 for SIGTERM: what a shell reports for a command a signal stopped.
int signalExitCode(int sig) { return 128 + sig; }

// --rerun-failed: points the options at the last run's target and its cases. Returns false with
// the exit code when the run ends here (a usage error, or nothing to rerun).
bool planRerunFromFlags(SessionOptions* o, std::optional<RerunPlan>* rerun, int* exitCode) {
  // Before the session: the configuration instances started depend on the cases selected.
  if (!o->filters.empty()) {
    *exitCode = usageError("--rerun-failed selects the cases; drop --filter");
    return false;
  }
  std::string why;
  *rerun = planRerun(o, &why);
  if (!*rerun) {
    *exitCode = usageError(why);
    return false;
  }
  const auto last = o->reportDir + "/report.json";
  if ((*rerun)->ids.empty()) {
    std::cout << "--rerun-failed: no case failed, errored, went stale or was interrupted in "
              << last << "; nothing to rerun\n";
    *exitCode = kExitConformant;
    return false;
  }
  std::cerr << "webhook-conformance: rerunning " << (*rerun)->ids.size() << " of "
            << (*rerun)->previous.run.results.size() << " case(s) of " << last << " against "
            << (o->target.empty() ? o->launch.empty() ? "the embedded reference" : o->launch
                                  : redactUrlUserinfo(o->target))
            << (o->referenceFault.empty() ? "" : " (fault " + o->referenceFault + ")") << "\n";
  return true;
}

// --expected-failures is read before anything starts: a typo is a usage error ("" when none).
std::string readExpectedFailures(const std::string& file, std::vector<ExpectedFailure>* expected) {
  if (file.empty()) return "";
  std::string error;
  if (!loadExpectedFailures(file, expected, &error)) return error;
  if (auto unknown = unknownExpectedFailureIds(*expected, allCases()); !unknown.empty()) {
    std::string ids;
    for (const auto& id : unknown) ids += (ids.empty() ? "" : ", ") + inertLine(id, 200);
    return "--expected-failures: " + file + " lists unknown case id(s): " + ids +
           " (see `webhook-conformance list`)";
  }
  return "";
}

// First of all, before any thread starts: SIGINT/SIGTERM go to one thread of ours. The first
// stops the run (cases end, reports are written, exit 130/143); a second exits at once.
std::shared_ptr<Cancellation> stopOnSignals(std::chrono::steady_clock::time_point started) {
  auto cancellation = std::make_shared<Cancellation>();
  cancellation->onCancel(wakeTargetCalls);  // calls in flight end at once
  watchStopSignals(
      [cancellation, started](int sig) {
        auto after = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        std::cerr << "\nwebhook-conformance: " << signalName(sig) << " received: stopping the "
                  << "run and writing the reports (a second signal exits at once)" << std::endl;
        cancellation->cancel(std::string(signalName(sig)) + " received after " +
                             std::to_string(after.count()) + " ms");
      },
      killLaunchedServerNow);
  return cancellation;
}

void printDryRun(const RunOutcome& outcome) {
  std::cout << outcome.planText;
  for (const auto& c : outcome.planned)
    std::cout << (c.skipWhy ? "skip " : "run  ") << c.id
              << (c.instance.empty() ? "" : "  [" + c.instance + "]")
              << (c.skipWhy ? "  -- " + *c.skipWhy : "") << "\n";
}

}  // namespace

int runCommand(const SessionOptions& given) {
  ConformanceRequest request;
  request.options = given;
  auto& o = request.options;
  AnnotationStyle annotations = AnnotationStyle::None;
  if (auto why = annotationStyleFromFlag(o.annotations, &annotations); !why.empty())
    return usageError(why);
  ColorChoice color = ColorChoice::Auto;
  if (auto why = colorChoiceFromFlag(o.color, &color); !why.empty()) return usageError(why);
  if (int code = 0; o.rerunFailed && !planRerunFromFlags(&o, &request.rerun, &code)) return code;
  request.started = std::chrono::steady_clock::now();
  request.cancellation = stopOnSignals(request.started);
  if (auto why = readExpectedFailures(o.expectedFailures, &request.expected); !why.empty())
    return usageError(why);
  std::optional<ProgressPrinter> printer;  // made at the first case, with the run's secrets
  if (!o.quiet)
    request.onProgress = [&printer, color](const Progress& p, const Redactor& secrets) {
      if (!printer)
        printer.emplace(std::cerr, isatty(STDERR_FILENO), secrets,
                        colorWantedFor(color, STDERR_FILENO));
      printer->update(p);
    };
  auto outcome = runConformance(request, std::cerr);
  switch (outcome.end) {
    case RunOutcome::End::NotOpened:
      if (outcome.reportsWritten && !o.noStepSummary) appendGithubStepSummary(o.reportDir);
      return outcome.exitCode;
    case RunOutcome::End::Refused: return usageError(outcome.error);
    case RunOutcome::End::DryRun: printDryRun(outcome); return kExitConformant;
    case RunOutcome::End::Judged: break;
  }
  const auto& judged = *outcome.judged;
  if (!o.noStepSummary) appendGithubStepSummary(o.reportDir);
  if (auto mention = outcome.session->referenceLogMention(); !mention.empty())
    std::cerr << "webhook-conformance: " << mention << "\n";
  if (annotations == AnnotationStyle::Github) printAnnotations(judged, o.reportDir, std::cout);
  const bool gateBroken =
      printRunSummary(judged, {o.reportDir, colorWantedFor(color, STDOUT_FILENO)}, std::cout);
  int code = gateBroken ? kExitFailures
             : judged.gate.nothingJudged ? kExitNothingJudged
                                         : kExitConformant;
  if (int sig = firstStopSignal()) code = signalExitCode(sig);
  if (outcome.abandoned) {
    // Their threads still run and use the session: end here, after the reports are out.
    std::cout.flush();
    std::cerr.flush();
    (void)outcome.session.release();  // never destroyed: see above
    killLaunchedServerNow();
    std::_Exit(code);
  }
  return code;
}

}  // namespace wc
