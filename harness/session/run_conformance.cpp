#include "session/run_conformance.h"

#include <algorithm>
#include <thread>

#include "client/created_resources.h"
#include "client/target_client.h"
#include "report/text_safety.h"
#include "report/write_reports.h"
#include "runner/target_health.h"
#include "session/exit_codes.h"
#include "session/run_configuration.h"
#include "session/run_plan.h"
#include "support/endpoints.h"
#include "util/cancellation.h"
#include "util/ids.h"
#include "util/stop_signals.h"

namespace wc {
namespace {

constexpr std::chrono::seconds kCleanupBudget{60};

std::chrono::milliseconds elapsedSince(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               started);
}

// The session did not open: say why and, unless the flags were wrong, write the exit-3 reports
// (CI publishes junit.xml whatever happened: they say why there are no cases).
RunOutcome notOpened(const ConformanceRequest& request, int exitCode, const std::string& error,
                     const TargetProfile& known, const Redactor& knownSecrets,
                     std::chrono::system_clock::time_point startedAt, std::ostream& notes) {
  const auto& o = request.options;
  RunOutcome outcome;
  outcome.end = RunOutcome::End::NotOpened;
  outcome.exitCode = exitCode;
  if (int sig = firstStopSignal()) outcome.exitCode = 128 + sig;
  notes << "webhook-conformance: " << inertLine(knownSecrets.redact(error), 4000) << "\n";
  if (outcome.exitCode == kExitUsage || o.dryRun) return outcome;
  UnreachableReport unreachable;
  unreachable.toolVersion = WC_VERSION;
  unreachable.startedAt = startedAt;
  unreachable.duration = elapsedSince(request.started);
  unreachable.profile = known;
  unreachable.redactor = knownSecrets;
  unreachable.configuration = describeConfiguration(o);
  unreachable.message = error;
  unreachable.exitCode = outcome.exitCode;
  std::string why;
  outcome.reportsWritten = writeUnreachableReports(unreachable, {o.reportDir, o.junitPath}, &why);
  if (!outcome.reportsWritten) notes << "webhook-conformance: " << why << "\n";
  return outcome;
}

RunOutcome refused(std::string error) {
  RunOutcome outcome;
  outcome.end = RunOutcome::End::Refused;
  outcome.exitCode = kExitUsage;
  outcome.error = std::move(error);
  return outcome;
}

// The expected failures that hold for the target's version; the others are said and kept aside.
void applyExpectedFailures(const ConformanceRequest& request, RunReport* report,
                           std::ostream& notes) {
  if (request.options.expectedFailures.empty()) return;
  report->expectedFailuresFile = request.options.expectedFailures;
  std::vector<ExpectedFailure> active;
  applyTargetVersion(request.expected, report->profile.version(), &active,
                     &report->ignoredExpectedFailures);
  for (auto& e : active) report->expectedFailures[e.id] = e;
  for (const auto& i : report->ignoredExpectedFailures)
    notes << "webhook-conformance: expected failure " << inertLine(i.entry.id, 200)
          << " ignored: " << inertLine(i.why, 400) << "\n";
}

std::string shownTarget(const SessionOptions& o) {
  return o.target.empty() ? o.launch.empty() ? "the embedded reference" : o.launch
                          : displayUrl(o.target);
}

// How the runner runs the cases of this session: on which instance, within which bound, with
// the health sentinel beside them and --destructive's cases last.
RunOptions runnerOptions(const ConformanceRequest& request, Session& session,
                         std::chrono::milliseconds bound, TargetHealth& health,
                         const RunReport& report, size_t* abandoned, std::string* lateSweepNote) {
  const auto& o = request.options;
  RunOptions ro;
  ro.jobs = o.jobs;
  ro.environmentFor = [&session](const CaseDef& def) -> Environment& {
    return session.environmentFor(def);
  };
  ro.bound = bound;
  // The embedded reference's timing is known, so no window depends on latencies measured first.
  ro.largestBudgetFirst = session.environment().profile().knownDelivery.has_value();
  ro.abandoned = abandoned;
  ro.lateSweepNote = lateSweepNote;
  ro.health = &health;
  // --destructive on one target: the cases that may tie up its workers run last, one at a
  // time, each followed by a health check, so no other case's verdict depends on them. The
  // embedded reference's configuration instances give them an instance of their own instead.
  if (o.destructive && session.instances().size() == 1)
    ro.isolated = [](const CaseDef& def) {
      const auto& needs = def.info.needs;
      return std::find(needs.begin(), needs.end(), Need::Destructive) != needs.end();
    };
  auto cancellation = request.cancellation;
  ro.onProgress = [&report, &o, cancellation, show = request.onProgress](const Progress& p) {
    if (show) show(p, report.redactor);
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
  return ro;
}

// What the report says besides the cases: why the run stopped, which instance ran what, what
// the sentinel and the sweeps found, and why no webhook came when none did.
void addDiagnoses(const TargetHealth& health, const Cancellation& cancellation, Session& session,
                  const std::string& lateSweepNote, RunReport* report) {
  const auto stall = health.stall();
  report->healthRuns = health.sentinelsRun();
  // A stall stops the run like a signal, but its cases are errors and the diagnosis says why.
  if (cancellation.cancelled() && !(stall && cancellation.reason() == health.stallMessage())) {
    size_t unfinished = 0;
    for (const auto& r : report->results) unfinished += r.verdict == Verdict::Interrupted;
    report->interruption = cancellation.reason() + ": " + std::to_string(unfinished) +
                           " case(s) unfinished, marked interrupted";
  }
  for (const auto& instance : session.instances()) {
    if (instance.name.empty()) continue;  // a single target: nothing to tell apart
    TargetInstance t{instance.name, instance.configFile, instance.baseUrl, 0};
    for (const auto& r : report->results) t.cases += r.instance == instance.name;
    report->instances.push_back(t);
  }
  if (stall) report->diagnoses.push_back(health.diagnosis(report->results));
  if (auto note = health.inconclusiveNote(); !note.empty()) report->diagnoses.push_back(note);
  for (const auto& note : report->profile.preflightNotes) report->diagnoses.push_back(note);
  if (!lateSweepNote.empty()) report->diagnoses.push_back(lateSweepNote);
  if (auto dropped = session.webhooksDroppedByRelay())
    report->diagnoses.push_back(
        "the relay dropped " + std::to_string(dropped) +
        " webhook(s) of this run before they were pulled (over its --max-webhooks or "
        "--max-kept-mib): cases that waited for them could not see them; give the relay more room "
        "or run fewer runs through it at once");
  // Before the first case no case waited for a webhook: the stall is the whole story.
  const auto webhooksUnsupported =
      session.environment().findings().recall(kWebhooksUnsupportedFinding);
  if (webhooksUnsupported) report->diagnoses.push_back(*webhooksUnsupported);
  if ((!stall || stall->when != kBeforeFirstCase) && !webhooksUnsupported)
    if (auto why = noWebhookDiagnosis(*report, session.webhooksReceived(), session.callbackBase()))
      report->diagnoses.push_back(*why);
}

// --cleanup: its own budget, not cut by the run's bound or a first Ctrl-C: what was created goes.
void cleanUp(Session& session, RunReport* report, std::ostream& notes) {
  CleanupOptions co;
  co.conformanceRun = session.conformanceRun();
  const auto client = session.environment().client().forCleanup(std::chrono::seconds(15))
                          .withDeadline(std::chrono::steady_clock::now() + kCleanupBudget);
  const auto done = cleanUpCreated(client, co);
  const auto line = describeCleanup(done, co);
  report->cleanup = {{"threads_deleted", done.threadsDeleted}, {"crons_deleted", done.cronsDeleted},
                     {"problems", done.problems}, {"summary", line}};
  notes << "webhook-conformance: cleanup: " << inertLine(report->redactor.redact(line), 4000)
        << "\n";
  if (!done.complete())
    report->diagnoses.push_back("--cleanup left something behind: " + line +
                                "; `webhook-conformance cleanup --target URL --run " +
                                session.conformanceRun() + "` tries again");
}

void noteRerun(const RerunPlan& rerun, RunReport* report) {
  const size_t rerunCount = report->results.size();
  mergeRerunResults(rerun, report);
  report->diagnoses.insert(report->diagnoses.begin(),
                           "a rerun (--rerun-failed): " + std::to_string(rerunCount) +
                               " case(s) judged again now, the other " +
                               std::to_string(report->results.size() - rerunCount) +
                               " kept from the run of " + isoTimestamp(*report->rerunOf));
}

}  // namespace

RunOutcome runConformance(const ConformanceRequest& request, std::ostream& notes) {
  const auto& o = request.options;
  auto report = std::make_unique<RunReport>();
  report->toolVersion = WC_VERSION;
  report->strict = o.strict;
  report->startedAt = std::chrono::system_clock::now();

  SessionHooks hooks;
  hooks.cancellation = request.cancellation;
  TargetProfile known;
  Redactor knownSecrets;
  hooks.knownProfile = &known;
  hooks.redactor = &knownSecrets;
  int exitCode = kExitConformant;
  std::string error;
  auto session = openSession(o, &exitCode, &error, hooks);
  if (!session)
    return notOpened(request, exitCode, error, known, knownSecrets, report->startedAt, notes);
  report->profile = session->profile();
  if (request.rerun) {
    const auto& before = request.rerun->previous.run.profile.platform.version;
    const auto& now = report->profile.platform.version;
    if (!before.empty() && !now.empty() && before != now)
      return refused("--rerun-failed: the target now reports version " + now.substr(0, 40) +
                     ", the last run judged " + before.substr(0, 40) + ": run all cases against it");
  }
  // Said once: which promises the cases judge by when the target does not say its version.
  if (auto notice = report->profile.platform.unknownNotice(); !notice.empty())
    notes << "webhook-conformance: " << notice << "\n";
  report->redactor = session->redactor();
  report->configuration = describeConfiguration(o);
  report->conformanceRun = session->conformanceRun();
  applyExpectedFailures(request, report.get(), notes);

  auto selected = selectCases(allCases(), o.filters);
  if (selected.empty()) return refused("--filter matched no case (see `webhook-conformance list`)");
  const auto bound = runBound(selected, o.jobs, o.timeoutScale);
  auto plan = planRun(
      selected,
      [&session](const CaseDef& def) -> const TargetProfile& {
        return session->environmentFor(def).profile();
      },
      bound, o.timeoutScale, healthTiming(o.timeoutScale).interval);
  plan.target = shownTarget(o);
  plan.conformanceRun = session->conformanceRun();
  report->plan = planJson(plan);
  // A deployment is someone's paid agent: what the run will cost is said before it starts.
  if (!o.target.empty() && !o.dryRun) notes << describePlan(plan) << std::flush;
  RunOutcome outcome;
  if (o.dryRun) {
    outcome.end = RunOutcome::End::DryRun;
    outcome.planText = describePlan(plan);
    for (const auto* c : selected) {
      const auto& on = session->environmentFor(*c).profile();
      outcome.planned.push_back({c->info.id, on.instance, c->unmetNeed ? c->unmetNeed(on) : std::nullopt});
    }
    return outcome;
  }

  // Sentinel runs on the target (the default instance on the embedded reference), concurrent
  // with the cases: a target that stops completing runs is reported, and the cases after it
  // end at once (README "Target health").
  TargetHealth health(plainRunSentinel(session->environment().client(), report->profile.assistantId),
                      healthTiming(o.timeoutScale), request.cancellation, request.started);
  std::string lateSweepNote;
  auto ro = runnerOptions(request, *session, bound, health, *report, &outcome.abandoned,
                          &lateSweepNote);
  report->results = runCases(selected, session->environment(), ro);
  report->duration = elapsedSince(request.started);
  addDiagnoses(health, *request.cancellation, *session, lateSweepNote, report.get());
  if (o.cleanup) cleanUp(*session, report.get(), notes);
  if (request.rerun) noteRerun(*request.rerun, report.get());
  if (auto why = nothingJudgedDiagnosis(*report)) report->diagnoses.insert(report->diagnoses.begin(), *why);
  // Cases given up on still hold the session: leave it to the process's end. Otherwise it stops
  // (each instance waits for its own connections, tens of ms) while the reports are written,
  // which need nothing from it: the run ends after the slower of the two, not after both.
  std::thread closer;
  if (!outcome.abandoned) closer = std::thread([&session] { session->close(); });
  // Judged once: the reports and the lines the caller prints all show this judgement.
  outcome.judged = std::make_unique<JudgedRun>(*report);
  const bool written = writeAllReports(*outcome.judged, {o.reportDir, o.junitPath}, &error);
  if (closer.joinable()) closer.join();
  if (!written) return refused(error);
  outcome.end = RunOutcome::End::Judged;
  outcome.report = std::move(report);
  outcome.session = std::move(session);
  return outcome;
}

}  // namespace wc
