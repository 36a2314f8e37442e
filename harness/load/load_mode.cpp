#include "load/load_mode.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <mutex>
#include <random>

#include "capture/capture_server.h"
#include "load/load_driver.h"
#include "load/load_progress.h"
#include "load/load_verdict.h"
#include "report/text_safety.h"
#include "session/exit_codes.h"
#include "session/session.h"
#include "support/delivery_windows.h"
#include "util/cancellation.h"
#include "util/ids.h"
#include "util/stop_signals.h"

namespace wc::load {
namespace {

// One line on stderr, as the CLI's usage errors: load is refused or cannot go on.
int refuse(std::ostream& err, const std::string& message) {
  err << "webhook-conformance: " << inertLine(message, 4000) << "\n";
  return kExitUsage;
}

// One row per run of this shard: a route in a namespace of its own (this invocation, this
// shard) and a random token, so shards and repeated tests never see each other's webhooks.
std::vector<LoadRun> plannedRuns(const LoadPlan& plan, const CaptureServer& capture) {
  std::random_device seed;
  std::mt19937_64 rng((static_cast<uint64_t>(seed()) << 32) ^ seed());
  const std::string invocation = newUuid4().substr(0, 8);
  static const char kHex[] = "0123456789abcdef";
  std::vector<LoadRun> runs;
  runs.reserve(plan.runIndices.size());
  for (long index : plan.runIndices) {
    LoadRun r;
    r.index = index;
    r.shard = plan.shardIndex;
    r.endpoint = plan.endpointSlug;
    r.route = "load-" + invocation + "-s" + std::to_string(plan.shardIndex + 1) + "-" + std::to_string(index);
    std::string token;
    for (int i = 0; i < 24; ++i) token += kHex[rng() % 16];
    r.expectedTarget = capture.targetFor(r.route, "?token=" + token);
    runs.push_back(std::move(r));
  }
  return runs;
}

CaptureOptions captureOptions(const SessionOptions& s) {
  CaptureOptions co = captureOptionsFrom(s);
  co.keepRequests = false;  // the ledger keeps what it needs: 100,000 bodies are not held
  return co;
}

// Delivery timing of the embedded reference in load mode (see runLoad): x10.
constexpr double kEmbeddedDeliveryScale = 10;

// After the last webhook, how long a retry or duplicate may still come: on the embedded
// reference, whose timing the session set, twice its longest gap between attempts + 0.1 s;
// elsewhere the platform's 2 s quiet window x --timeout-scale.
std::chrono::milliseconds settleWindow(const TargetProfile& profile, double scale) {
  if (profile.knownDelivery)
    return 2 * longestAttemptGap(*profile.knownDelivery) + std::chrono::milliseconds(100);
  return scaledBy(scale, kPlatformQuietWindow);
}

LoadHeader loadHeader(const LoadOptions& o, const LoadPlan& plan) {
  LoadHeader h;
  h.toolVersion = WC_VERSION;
  h.target = !o.session.launch.empty() ? "launched " + o.session.launch
             : o.session.target.empty()  ? "embedded reference"
                                         : displayUrl(o.session.target);
  h.endpoint = plan.endpointSlug;
  h.totalRuns = plan.totalRuns;
  h.shardIndex = plan.shardIndex;
  h.shardCount = plan.shardCount;
  h.concurrency = o.concurrency;
  h.ratePerSecond = plan.ratePerSecond;
  h.durationSeconds = o.durationSeconds;
  h.threads = plan.threads;
  h.maxP99Ms = o.maxP99Ms;
  h.referenceFault = o.session.referenceFault;
  return h;
}

LoadRun notSent(long index, const LoadPlan& plan, const std::string& why) {
  LoadRun r;
  r.index = index;
  r.shard = plan.shardIndex;
  r.endpoint = plan.endpointSlug;
  r.notSentReason = why;
  return r;
}

}  // namespace

std::string captureProblem(const LoadOptions& o) {
  const auto& s = o.session;
  // Checked here as well as in openSession: load may raise the scale it hands the session.
  if (!std::isfinite(s.timeoutScale) || s.timeoutScale < kMinTimeoutScale || s.timeoutScale > kMaxTimeoutScale)
    return "--timeout-scale must be a number from 0.1 to 100";
  if (s.capturePort < 0 || s.capturePort > 65535)
    return "--capture-port must be 0-65535 (0: any free port), got " + std::to_string(s.capturePort);
  if (!s.callbackUrl.empty())
    if (auto why = baseUrlProblem(s.callbackUrl); !why.empty()) return "--callback-url " + why;
  if (s.captureTlsCert.empty() != s.captureTlsKey.empty())
    return "--capture-tls-cert and --capture-tls-key go together (PEM files)";
  return "";
}

int runLoad(const LoadOptions& o, const LoadPlan& plan,
            const std::shared_ptr<Cancellation>& cancellation, std::ostream& out, std::ostream& err) {
  const bool embedded = o.session.target.empty() && o.session.launch.empty();
  std::string error;
  // The session gives the target (embedded reference or --target, checked and preflighted); its
  // own capture server stays unused on a loopback port: ours must call back into the ledger.
  SessionOptions sessionOptions = o.session;
  sessionOptions.captureBind = "127.0.0.1";
  sessionOptions.capturePort = 0;
  sessionOptions.callbackUrl.clear();
  sessionOptions.captureTlsCert.clear();
  sessionOptions.captureTlsKey.clear();
  sessionOptions.configurationInstances = false;
  sessionOptions.quiet = true;  // no reference log line per failed delivery (the report has them)
  // The embedded reference times out a webhook answer after 100 ms x --timeout-scale and
  // retries. Load saturates a small machine's CPUs with its own workers, so the capture server
  // can answer later than that, and the reference's retry would count as a duplicate the
  // harness caused. Load mode gives it a 1 s read timeout; its own waits keep --timeout-scale.
  if (embedded) sessionOptions.timeoutScale = std::max(o.session.timeoutScale, kEmbeddedDeliveryScale);
  SessionHooks hooks;
  hooks.cancellation = cancellation;
  Redactor knownSecrets;
  hooks.redactor = &knownSecrets;
  int exitCode = kExitConformant;
  auto session = openSession(sessionOptions, &exitCode, &error, hooks);
  LoadReport report;
  auto& h = report.header;
  if (!session) {
    err << "webhook-conformance: " << inertLine(knownSecrets.redact(error), 4000) << "\n";
    if (exitCode != kExitUsage) {
      // CI publishes the reports whatever happened: they say why no run was sent.
      report.redactor = knownSecrets;
      h = loadHeader(o, plan);
      h.interrupted = error;
      for (long index : plan.runIndices) report.runs.push_back(notSent(index, plan, error));
      report.summary = summarize(report.runs, o.maxP99Ms, 0);
      std::string why;
      if (!writeLoadReports(report, o.session.reportDir, &why))
        err << "webhook-conformance: " << why << "\n";
    }
    return firstStopSignal() ? 128 + firstStopSignal() : exitCode;
  }
  report.redactor = session->redactor();
  report.redactor.addSecretsFromUrl(o.session.callbackUrl);
  h = loadHeader(o, plan);
  h.targetVersion = session->profile().version();

  auto capture = std::make_shared<CaptureServer>(captureOptions(o.session));
  // Shared with the cancellation's callback, which a late signal may run after we return.
  auto ledgerHolder = std::make_shared<RunLedger>(plannedRuns(plan, *capture));
  auto& ledger = *ledgerHolder;
  capture->setOnRecorded([&ledger](const CapturedRequest& r) { ledger.record(r); });
  if (!capture->start(&error))
    return refuse(err, error + " (check --capture-bind/--capture-port/--capture-tls-*)");
  // Stopped once, whoever asks first (a signal's thread or the end of the test).
  auto stopOnce = std::make_shared<std::once_flag>();
  auto stopCapture = [stopOnce, capture] { std::call_once(*stopOnce, [&] { capture->stop(); }); };
  cancellation->onCancel([ledgerHolder, stopCapture] {
    ledgerHolder->stop();
    stopCapture();
  });
  auto& env = session->environment();
  DriveSettings settings;
  settings.concurrency = o.concurrency;
  settings.ratePerSecond = plan.ratePerSecond;
  settings.durationSeconds = o.durationSeconds;
  settings.timeoutScale = o.session.timeoutScale;
  settings.webhookUrl = [&capture](const LoadRun& r) {
    return capture->urlFor(r.route, r.expectedTarget.substr(capture->targetFor(r.route).size()));
  };
  {
    const double scale = o.session.timeoutScale;
    LoadProgress progress(ledger, *cancellation, o.session.quiet ? nullptr : &err,
                          runBudget(scale) + std::chrono::seconds(15));
    driveLoad(env, ledger, plan, settings);
    // Late duplicates and retries: listen until none has come for a retry's longest gap.
    if (!cancellation->cancelled())
      ledger.awaitQuiet(settleWindow(env.profile(), scale),
                        scaledBy(scale, std::chrono::seconds(10)));
    for (const auto& refused : capture->refused())
      ledger.recordRefused(refused.route, refused.arrivedAt,
                           "answered " + std::to_string(refused.status) + " unrecorded: " + refused.summary());
    inspectLateArrivals(ledger);
    progress.finish();
  }
  stopCapture();
  if (cancellation->cancelled()) h.interrupted = cancellation->reason();
  report.runs = ledger.snapshot();
  report.summary = summarize(report.runs, o.maxP99Ms, ledger.counts().strays);
  session->close();
  if (!writeLoadReports(report, o.session.reportDir, &error)) return refuse(err, error);
  int code = printLoadVerdict(report, o.session.reportDir, out);
  if (int sig = firstStopSignal()) code = 128 + sig;
  return code;
}

}  // namespace wc::load
