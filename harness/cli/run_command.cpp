#include "cli/run_command.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include "cli/annotations.h"
#include "cli/console_style.h"
#include "cli/usage_error.h"
#include "cli/progress.h"
#include "session/rerun_failed.h"
#include "session/run_configuration.h"
#include "session/run_plan.h"
#include "cli/run_summary.h"
#include "session/session.h"
#include "client/created_resources.h"
#include "launch/langgraph_js_launcher.h"
#include "client/http_exchange.h"
#include "report/expected_failures.h"
#include "report/markdown_summary.h"
#include "report/text_safety.h"
#include "report/write_reports.h"
#include "runner/runner.h"
#include "runner/target_health.h"
#include "support/endpoints.h"
#include "util/cancellation.h"
#include "util/ids.h"
#include "util/stop_signals.h"

namespace wc {
namespace {

constexpr std::chrono::seconds kCleanupBudget{60};

const char* signalName(int sig) { return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "signal"; }

// 130 for SIGINT, 143 for SIGTERM: what a shell reports for a command a signal stopped.
int signalExitCode(int sig) { return 128 + sig; }

}  // namespace

int runCommand(const SessionOptions& given) {
  SessionOptions o = given;
  AnnotationStyle annotations = AnnotationStyle::None;
  if (auto why = annotationStyleFromFlag(o.annotations, &annotations); !why.empty())
    return usageError(why);
  ColorChoice color = ColorChoice::Auto;
  if (auto why = colorChoiceFromFlag(o.color, &color); !why.empty()) return usageError(why);
  std::optional<RerunPlan> rerun;
  if (o.rerunFailed) {
    // Before the session: the configuration instances started depend on the cases selected.
    if (!o.filters.empty()) return usageError("--rerun-failed selects the cases; drop --filter");
    std::string why;
    rerun = planRerun(&o, &why);
    if (!rerun) return usageError(why);
    const auto last = o.reportDir + "/report.json";
    if (rerun->ids.empty()) {
      std::cout << "--rerun-failed: no case failed, errored, went stale or was interrupted in "
                << last << "; nothing to rerun\n";
      return kExitConformant;
    }
    std::cerr << "webhook-conformance: rerunning " << rerun->ids.size() << " of "
              << rerun->previous.run.results.size() << " case(s) of " << last << " against "
              << (o.target.empty() ? o.launch.empty() ? "the embedded reference" : o.launch
                                   : redactUrlUserinfo(o.target))
              << (o.referenceFault.empty() ? "" : " (fault " + o.referenceFault + ")") << "\n";
  }
  // First of all, before any thread starts: SIGINT/SIGTERM go to one thread of ours. The first
  // stops the run (cases end, reports are written, exit 130/143); a second exits at once.
  auto cancellation = std::make_shared<Cancellation>();
  cancellation->onCancel(wakeTargetCalls);  // calls in flight end at once
  const auto started = std::chrono::steady_clock::now();
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
  RunReport report;
  report.toolVersion = WC_VERSION;
  report.strict = o.strict;
  report.startedAt = std::chrono::system_clock::now();

  int exitCode = kExitConformant;
  std::string error;
  // The expected-failures file is checked before anything starts: a typo is a usage error.
  std::vector<ExpectedFailure> expected;
  if (!o.expectedFailures.empty()) {
    if (!loadExpectedFailures(o.expectedFailures, &expected, &error)) return usageError(error);
    if (auto unknown = unknownExpectedFailureIds(expected, allCases()); !unknown.empty()) {
      std::string ids;
      for (const auto& id : unknown) ids += (ids.empty() ? "" : ", ") + inertLine(id, 200);
      return usageError("--expected-failures: " + o.expectedFailures +
                        " lists unknown case id(s): " + ids + " (see `webhook-conformance list`)");
    }
  }
  SessionHooks hooks;
  hooks.cancellation = cancellation;
  TargetProfile known;
  Redactor knownSecrets;
  hooks.knownProfile = &known;
  hooks.redactor = &knownSecrets;
  auto session = openSession(o, &exitCode, &error, hooks);
  if (!session) {
    if (int sig = firstStopSignal()) exitCode = signalExitCode(sig);
    std::cerr << "webhook-conformance: " << inertLine(knownSecrets.redact(error), 4000) << "\n";
    if (exitCode != kExitUsage && !o.dryRun) {
      // CI publishes junit.xml whatever happened: say why there are no cases.
      UnreachableReport unreachable;
      unreachable.toolVersion = WC_VERSION;
      unreachable.startedAt = report.startedAt;
      unreachable.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started);
      unreachable.profile = known;
      unreachable.redactor = knownSecrets;
      unreachable.configuration = describeConfiguration(o);
      unreachable.message = error;
      unreachable.exitCode = exitCode;
      std::string why;
      if (!writeUnreachableReports(unreachable, {o.reportDir, o.junitPath}, &why))
        std::cerr << "webhook-conformance: " << why << "\n";
      else if (!o.noStepSummary)
        appendGithubStepSummary(o.reportDir);
    }
    return exitCode;
  }
  report.profile = session->profile();
  if (rerun) {
    const auto& before = rerun->previous.run.profile.platform.version;
    const auto& now = report.profile.platform.version;
    if (!before.empty() && !now.empty() && before != now)
      return usageError("--rerun-failed: the target now reports version " + now.substr(0, 40) +
                        ", the last run judged " + before.substr(0, 40) +
                        ": run all cases against it");
  }
  // Said once: which promises the cases judge by when the target does not say its version.
  if (auto notice = report.profile.platform.unknownNotice(); !notice.empty())
    std::cerr << "webhook-conformance: " << notice << "\n";
  report.redactor = session->redactor();
  report.configuration = describeConfiguration(o);
  report.conformanceRun = session->conformanceRun();
  if (!o.expectedFailures.empty()) {
    report.expectedFailuresFile = o.expectedFailures;
    std::vector<ExpectedFailure> active;
    applyTargetVersion(expected, report.profile.version(), &active,
                       &report.ignoredExpectedFailures);
    for (auto& e : active) report.expectedFailures[e.id] = e;
    for (const auto& i : report.ignoredExpectedFailures)
      std::cerr << "webhook-conformance: expected failure " << inertLine(i.entry.id, 200)
                << " ignored: " << inertLine(i.why, 400) << "\n";
  }

  auto selected = selectCases(allCases(), o.filters);
  if (selected.empty()) return usageError("--filter matched no case (see `webhook-conformance list`)");
  const auto bound = runBound(selected, o.jobs, o.timeoutScale);
  auto plan = planRun(
      selected,
      [&session](const CaseDef& def) -> const TargetProfile& {
        return session->environmentFor(def).profile();
      },
      bound, o.timeoutScale, healthTiming(o.timeoutScale).interval);
  plan.target = o.target.empty() ? o.launch.empty() ? "the embedded reference" : o.launch
                                 : displayUrl(o.target);
  plan.conformanceRun = session->conformanceRun();
  report.plan = planJson(plan);
  // A deployment is someone's paid agent: what the run will cost is said before it starts.
  if (!o.target.empty() && !o.dryRun) std::cerr << describePlan(plan) << std::flush;
  if (o.dryRun) {
    std::cout << describePlan(plan);
    for (const auto* c : selected) {
      const auto& on = session->environmentFor(*c).profile();
      auto why = c->unmetNeed ? c->unmetNeed(on) : std::nullopt;
      std::cout << (why ? "skip " : "run  ") << c->info.id
                << (on.instance.empty() ? "" : "  [" + on.instance + "]")
                << (why ? "  -- " + *why : "") << "\n";
    }
    return kExitConformant;
  }

  RunOptions ro;
  ro.jobs = o.jobs;
  ro.environmentFor = [&session](const CaseDef& def) -> Environment& {
    return session->environmentFor(def);
  };
  ro.bound = bound;
  // The embedded reference's timing is known, so no window depends on latencies measured first.
  ro.largestBudgetFirst = session->environment().profile().knownDelivery.has_value();
  size_t abandoned = 0;
  ro.abandoned = &abandoned;
  std::string lateSweepNote;
  ro.lateSweepNote = &lateSweepNote;
  // Sentinel runs on the target (the default instance on the embedded reference), concurrent
  // with the cases: a target that stops completing runs is reported, and the cases after it
  // end at once (README "Target health").
  TargetHealth health(plainRunSentinel(session->environment().client(), report.profile.assistantId),
                      healthTiming(o.timeoutScale), cancellation, started);
  ro.health = &health;
  // --destructive on one target: the cases that may tie up its workers run last, one at a
  // time, each followed by a health check, so no other case's verdict depends on them. The
  // embedded reference's configuration instances give them an instance of their own instead.
  if (o.destructive && session->instances().size() == 1)
    ro.isolated = [](const CaseDef& def) {
      const auto& needs = def.info.needs;
      return std::find(needs.begin(), needs.end(), Need::Destructive) != needs.end();
    };
  ProgressPrinter printer(std::cerr, isatty(STDERR_FILENO), report.redactor,
                          colorWantedFor(color, STDERR_FILENO));
  ro.onProgress = [&](const Progress& p) {
    if (!o.quiet) printer.update(p);
    // --fail-fast: the first case that would break the gate stops the run (an expected failure
    // does not); the cases still running end as interrupted.
    // This runs under the runner's lock, which cancelling takes too: cancel from another thread.
    if (o.failFast && p.finished && !report.expectedFailures.count(p.finished->info.id) &&
        breaksGate(p.finished->verdict, o.strict) && !cancellation->cancelled())
      std::thread([cancellation, why = "--fail-fast: " + p.finished->info.id + " ended " +
                                       toString(p.finished->verdict)] {
        cancellation->cancel(why);
      }).detach();
  };
  report.results = runCases(selected, session->environment(), ro);
  report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  const auto stall = health.stall();
  report.healthRuns = health.sentinelsRun();
  // A stall stops the run like a signal, but its cases are errors and the diagnosis says why.
  if (cancellation->cancelled() && !(stall && cancellation->reason() == health.stallMessage())) {
    size_t unfinished = 0;
    for (const auto& r : report.results) unfinished += r.verdict == Verdict::Interrupted;
    report.interruption = cancellation->reason() + ": " + std::to_string(unfinished) +
                          " case(s) unfinished, marked interrupted";
  }
  for (const auto& instance : session->instances()) {
    if (instance.name.empty()) continue;  // a single target: nothing to tell apart
    TargetInstance t{instance.name, instance.configFile, instance.baseUrl, 0};
    for (const auto& r : report.results) t.cases += r.instance == instance.name;
    report.instances.push_back(t);
  }
  if (stall) report.diagnoses.push_back(health.diagnosis(report.results));
  if (auto note = health.inconclusiveNote(); !note.empty()) report.diagnoses.push_back(note);
  for (const auto& note : report.profile.preflightNotes) report.diagnoses.push_back(note);
  if (!lateSweepNote.empty()) report.diagnoses.push_back(lateSweepNote);
  // Before the first case no case waited for a webhook: the stall is the whole story.
  const auto webhooksUnsupported =
      session->environment().findings().recall(kWebhooksUnsupportedFinding);
  if (webhooksUnsupported) report.diagnoses.push_back(*webhooksUnsupported);
  if ((!stall || stall->when != kBeforeFirstCase) && !webhooksUnsupported)
    if (auto why = noWebhookDiagnosis(report, session->webhooksReceived(), session->callbackBase()))
      report.diagnoses.push_back(*why);
  if (o.cleanup) {
    // Its own budget, not cut by the run's bound or a first Ctrl-C: what was created goes.
    CleanupOptions co;
    co.conformanceRun = session->conformanceRun();
    const auto client = session->environment().client().forCleanup(std::chrono::seconds(15))
                            .withDeadline(std::chrono::steady_clock::now() + kCleanupBudget);
    const auto done = cleanUpCreated(client, co);
    const auto line = describeCleanup(done, co);
    report.cleanup = {{"threads_deleted", done.threadsDeleted}, {"crons_deleted", done.cronsDeleted},
                      {"problems", done.problems}, {"summary", line}};
    std::cerr << "webhook-conformance: cleanup: " << inertLine(report.redactor.redact(line), 4000)
              << "\n";
    if (!done.complete())
      report.diagnoses.push_back("--cleanup left something behind: " + line +
                                 "; `webhook-conformance cleanup --target URL --run " +
                                 session->conformanceRun() + "` tries again");
  }
  if (rerun) {
    const size_t rerunCount = report.results.size();
    mergeRerunResults(*rerun, &report);
    report.diagnoses.insert(report.diagnoses.begin(),
                            "a rerun (--rerun-failed): " + std::to_string(rerunCount) +
                                " case(s) judged again now, the other " +
                                std::to_string(report.results.size() - rerunCount) +
                                " kept from the run of " + isoTimestamp(*report.rerunOf));
  }
  if (auto why = nothingJudgedDiagnosis(report)) report.diagnoses.insert(report.diagnoses.begin(), *why);
  // Cases given up on still hold the session: leave it to the process's end. Otherwise it stops
  // (each instance waits for its own connections, tens of ms) while the reports are written,
  // which need nothing from it: the run ends after the slower of the two, not after both.
  std::thread closer;
  if (!abandoned) closer = std::thread([&session] { session->close(); });
  // Judged once: the reports and the lines below all show this judgement.
  const JudgedRun judged(report);
  const bool written = writeAllReports(judged, {o.reportDir, o.junitPath}, &error);
  if (closer.joinable()) closer.join();
  if (!written) return usageError(error);
  if (!o.noStepSummary) appendGithubStepSummary(o.reportDir);
  if (auto mention = session->referenceLogMention(); !mention.empty())
    std::cerr << "webhook-conformance: " << mention << "\n";
  if (annotations == AnnotationStyle::Github) printAnnotations(judged, o.reportDir, std::cout);

  const bool gateBroken =
      printRunSummary(judged, {o.reportDir, colorWantedFor(color, STDOUT_FILENO)}, std::cout);
  int code = gateBroken ? kExitFailures
             : judged.gate.nothingJudged ? kExitNothingJudged
                                         : kExitConformant;
  if (int sig = firstStopSignal()) code = signalExitCode(sig);
  if (abandoned) {
    // Their threads still run and use the session: end here, after the reports are out.
    std::cout.flush();
    std::cerr.flush();
    (void)session.release();  // never destroyed: see above
    killLaunchedServerNow();
    std::_Exit(code);
  }
  return code;
}

}  // namespace wc
