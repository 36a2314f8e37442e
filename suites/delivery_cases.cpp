// delivery — each endpoint that takes a webhook delivers it exactly once, as a POST; every
// cron-triggered run sends its own webhook, one per firing.
#include "util/bounded_json.h"
#include "case_table.h"
#include "runner/case_context.h"
#include "support/crons.h"
#include "support/payload_checks.h"
#include "support/run_waits.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

constexpr const char* kDocs =
    "Docs (LangGraph Platform, 'Use webhooks'): \"When the run completes, the deployment sends a "
    "POST request to the webhook URL\" — docs/PLATFORM.md promise 1";
constexpr const char* kCronSource =
    "docs/PLATFORM.md, crons: \"every cron-triggered run sends its own webhook\" (langgraph-api "
    "behaviour); docs promise 1 applies to each run; CronCreate/ThreadCronCreate take `webhook` "
    "(openapi.json)";
constexpr const char* kCronEnabledSource = "Agent Server changelog 0.7.15: crons gain an enabled "
    "flag; CronCreate and CronPatch take `enabled` (agent-server openapi), docs/PLATFORM.md";

// Firings a cron case waits for, and its deadline: two 1-minute firings on a deployment + slack.
constexpr int kCronFirings = 2;
static_assert(kCronFirings == 2, "the cron write-ups say \"two webhooks\"");
constexpr std::chrono::seconds kCronBudget{180};

// Exactly once: the first webhook within the timeout, then none more in the duplicate window.
// "When the run completes": the run's final status is stored before the webhook goes out, so
// the API reports it the moment the webhook arrives, and the payload carries it.
// The query holds what a re-encoding client would change (%20 and '+'): runAndCapture checks it
// byte-exact on every endpoint.
constexpr const char* kDeliverySuffix = "?token=delivery%20a+b";

void deliversExactlyOnceAsPost(CaseContext& ctx, Endpoint endpoint) {
  auto d = runAndCapture(ctx, endpoint, kDeliverySuffix);
  if (!d.run.threadId.empty() && !d.run.runId.empty()) {
    auto run = ctx.target().getRun(d.run.threadId, d.run.runId);
    if (run.ok())
      ctx.check(statusIsFinal(run.json, "GET /threads/{tid}/runs/{rid} when the webhook arrived"));
    else
      ctx.observe("the run was not readable when its webhook arrived (" + run.error +
                  "); stateless runs' threads may be deleted");
  } else {
    // Stateless runs name only their run (Content-Location: /runs/<rid>): the status is read by
    // thread, so without one it cannot be read.
    ctx.observe(d.run.runId.empty()
                    ? "the endpoint did not reveal the run id; the API status check was skipped"
                    : "the endpoint revealed run " + d.run.runId.substr(0, 128) +
                          " but no thread; the API status check (by thread) was skipped");
  }
  ctx.check(ctx.capture().expectNoWebhook(d.route, duplicateWindow(ctx), 1));
  ctx.observe("webhook arrived " + d.webhook.summary());
}

// The token carries characters an https stack might re-encode: the query must survive TLS too.
constexpr const char* kHttpsSuffix = "?token=https%2Btls~A-9";

void deliversOverHttps(CaseContext& ctx) {
  auto* tls = ctx.httpsCapture();
  if (!tls) ctx.error("internal: the https-callback need was met but no https capture server exists");
  auto d = runAndCapture(ctx, Endpoint::ThreadRunsCreate, kHttpsSuffix, {}, tls);
  ctx.check(tls->expectNoWebhook(d.route, duplicateWindow(ctx), 1));
  ctx.observe("webhook arrived over https: " + d.webhook.summary());
}

// As kDeliverySuffix: each firing must arrive at the URL given, byte-exact.
constexpr const char* kCronSuffix = "?token=cron%20a+b";

void eachFiringDeliversOnce(CaseContext& ctx, Endpoint endpoint) {
  const auto schedule = fastestCronSchedule(ctx.profile());
  const auto period = cronPeriod(schedule);
  if (!period) ctx.error("internal: cannot size the wait for schedule '" + schedule + "'");

  const auto route = ctx.newRoute();
  RunRequest request;
  request.webhook = ctx.capture().urlFor(route, kCronSuffix);
  request.input = caseInput(ctx);
  request.metadata = {{"conformance_case", ctx.info().id}};
  request.extra = {{"schedule", schedule}};
  std::string threadId;
  const auto createdAt = std::chrono::system_clock::now();
  auto created = tryStartRun(ctx, endpoint, request, &threadId);
  if (!created.ok()) errorOnRefusedRun(ctx, created, request.webhook, "creating the cron");
  auto cronId = textField(created.json, "cron_id");
  if (cronId.empty())
    ctx.error("the cron creation answered without a string cron_id: " + created.body.substr(0, 300));
  CronGuard guard(ctx.target(), cronId);  // deletes the cron however the case ends

  const auto wait = cronWaitFor(ctx, *period, kCronFirings);
  ctx.observe("schedule '" + schedule + "' (period " + std::to_string(period->count()) +
              " s): waiting up to " + std::to_string(wait.count()) + " ms for " +
              std::to_string(kCronFirings) + " firings");
  std::vector<CapturedRequest> firings;
  ctx.require(ctx.capture().awaitWebhooks(route, kCronFirings, wait, &firings));

  auto deleted = guard.release();
  const auto deletedAt = std::chrono::system_clock::now();
  if (!deleted.ok()) ctx.observe("deleting cron " + cronId + " failed: " + deleted.error);

  // A duplicate of the first firing had until the second arrived; when that gap covers the
  // duplicate window (a 1 s period against the embedded reference's 0.7 s, 60 s against 1 s
  // elsewhere) nothing more is awaited, so the case ends with the second firing. Otherwise the
  // window is waited out after the delete. Then every webhook that came is judged.
  const auto window = duplicateWindow(ctx);
  const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(
      firings[1].arrivedSteady - firings[0].arrivedSteady);
  if (gap < window) (void)ctx.capture().expectNoWebhook(route, window, firings.size());
  firings = ctx.capture().received(route);
  std::vector<nlohmann::json> payloads;
  const auto expected = firingExpectation(ctx, endpointInfo(endpoint).operation,
                                          ctx.capture().targetFor(route, kCronSuffix), request, threadId);
  for (const auto& w : firings) {
    ctx.addEvidence(w);
    auto payload = judgeFiring(ctx, expected, w);
    recordDeliveryLatency(ctx, payload, w);
    payloads.push_back(payload);
  }
  ctx.check(runIdsDistinct(payloads));
  ctx.check(runsInDistinctTicks(payloads, *period));
  auto perTick = firingsWithinTicks(firings.size(), *period, createdAt, deletedAt);
  if (ctx.check(perTick)) ctx.observe(perTick.message());
}

// A cron's webhook changed by PATCH: the token vector must arrive byte-exact at the new URL.
constexpr const char* kPatchedSuffix = "?token=patched+a%20b";

void patchedWebhookIsUsed(CaseContext& ctx) {
  const auto period = fastestCronPeriod(ctx);
  const auto before = ctx.newRoute(), after = ctx.newRoute();
  auto cron = createCron(ctx, Endpoint::Cron, ctx.capture().urlFor(before, "?token=before-patch"));
  CronGuard guard(ctx.target(), cron.cronId);
  auto patched = ctx.target().patch("/runs/crons/" + pathSegment(cron.cronId),
                                    {{"webhook", ctx.capture().urlFor(after, kPatchedSuffix)}});
  ctx.require(creationAccepted(patched, "PATCH /runs/crons/{cron_id} with a new webhook"));
  const size_t firedBefore = ctx.capture().received(before).size();
  CapturedRequest first;
  ctx.require(ctx.capture().awaitWebhook(after, cronWaitFor(ctx, *period, 1), &first));
  (void)guard.release();
  // One firing may have been on its way to the old URL while the PATCH landed; no more.
  ctx.check(ctx.capture().expectNoWebhook(before, duplicateWindow(ctx), firedBefore + 1));
  // Every firing that came to the new URL is judged by the contract, one webhook per run.
  const auto expected = firingExpectation(ctx, "PATCH /runs/crons/{cron_id}",
                                          ctx.capture().targetFor(after, kPatchedSuffix), cron.request, "");
  std::vector<nlohmann::json> payloads;
  for (const auto& w : ctx.capture().received(after)) {
    ctx.addEvidence(w);
    payloads.push_back(judgeFiring(ctx, expected, w));
  }
  ctx.check(fieldEquals(payloads.front(), "/kwargs/webhook", ctx.capture().urlFor(after, kPatchedSuffix),
                        "the firing ran with the PATCHed webhook"));
  ctx.check(runIdsDistinct(payloads));
}

// on_run_completed: delete removes a stateless cron run's thread when the run ends; the firing's
// webhook must still go out (it is built from the run, not read back from the thread).
void deleteOnCompletionStillDelivers(CaseContext& ctx) {
  const auto period = fastestCronPeriod(ctx);
  const auto route = ctx.newRoute();
  constexpr const char* suffix = "?token=delete-on-done";
  auto cron = createCron(ctx, Endpoint::Cron, ctx.capture().urlFor(route, suffix),
                         {{"on_run_completed", "delete"}});
  CronGuard guard(ctx.target(), cron.cronId);
  CapturedRequest first;
  ctx.require(ctx.capture().awaitWebhook(route, cronWaitFor(ctx, *period, 1), &first));
  ctx.addEvidence(first);
  (void)judgeFiring(ctx, firingExpectation(ctx, "POST /runs/crons", ctx.capture().targetFor(route, suffix),
                                           cron.request, ""),
                    first);
  ctx.observe("the firing of a cron with on_run_completed: delete delivered " + first.summary());
}

// A disabled cron must not fire. Cron ticks fall on multiples of the period, so one period after
// creation (or the PATCH) holds a tick: listen for one period + the duplicate window on the
// embedded reference (its scheduler fires on time), else one period + the scheduler check +
// slack (scaled).
// `viaPatch`: created enabled, then PATCHed to enabled: false. A firing whose run existed when
// the PATCH answered may still deliver; judged by the run's created_at, not by a count, so one
// tick suffices to catch a pause that is ignored.
void disabledCronIsSilent(CaseContext& ctx, bool viaPatch) {
  const auto period = fastestCronPeriod(ctx);
  const auto route = ctx.newRoute();
  constexpr const char* suffix = "?token=disabled-cron";
  auto cron = createCron(ctx, Endpoint::Cron, ctx.capture().urlFor(route, suffix),
                         {{"enabled", viaPatch}});  // enabled only when the PATCH disables it
  CronGuard guard(ctx.target(), cron.cronId);
  if (viaPatch)
    ctx.require(creationAccepted(ctx.target().patch("/runs/crons/" + pathSegment(cron.cronId), {{"enabled", false}}),
                                 "PATCH /runs/crons/{cron_id} with enabled: false"));
  const auto paused = std::chrono::system_clock::now();
  const size_t before = ctx.capture().received(route).size();
  const bool known = ctx.profile().knownDelivery.has_value();
  const auto window = known ? atLeastPeriods(ctx, *period, 1) + duplicateWindow(ctx)
                            : cronWaitFor(ctx, *period, 1);
  const auto what = std::string(viaPatch ? "PATCHing a cron to enabled: false"
                                         : "creating a cron with enabled: false");
  if (!viaPatch) {
    ctx.check(ctx.capture().expectNoWebhook(route, window, 0));
    ctx.observe("no webhook within " + secondsText(window) + " of " + what);
    return;
  }
  // Two webhooks after the PATCH fail at once; otherwise the whole window is listened to.
  ctx.check(ctx.capture().expectNoWebhook(route, window, before + 1));
  auto arrived = ctx.capture().received(route);
  std::vector<nlohmann::json> after;
  const auto expected = firingExpectation(ctx, "POST /runs/crons", ctx.capture().targetFor(route, suffix),
                                          cron.request, "");
  for (size_t i = before; i < arrived.size(); ++i) {
    ctx.addEvidence(arrived[i]);
    after.push_back(judgeFiring(ctx, expected, arrived[i]));
  }
  // The embedded reference creates a firing's run under the lock the PATCH takes: one clock, no
  // skew. Elsewhere the target's clock may differ from ours, as firingsWithinTicks allows.
  const auto skew = known ? std::chrono::milliseconds(0)
                          : std::min<std::chrono::milliseconds>(std::chrono::seconds(1),
                                                                *period / 4);
  auto judged = noFiringAfterPause(after, paused, skew);
  if (ctx.check(judged))
    ctx.observe(std::string(judged.message()) + " (listened " + secondsText(window) + " after " +
                what + ")");
}

// One row per run endpoint: the same promise, the endpoint's own operation in the text.
CaseRow runDelivers(const char* id, Endpoint endpoint) {
  const auto& op = endpointInfo(endpoint).operation;
  return endpointRow(id, Level::Must, endpoint, " with a webhook: exactly one POST to the URL when the run ends",
                     kDocs, {Need::WebhooksEnabled}, deliversExactlyOnceAsPost)
      .evidence(EvidenceGrade::Documented)
      .purpose("A run created with `webhook` must notify the receiver once, by POST.")
      .requiring("The endpoint and an assistant whose runs succeed (`echo` by default).")
      .procedure("Create a run on " + op +
                 " with webhook=<capture>/hook/<route>" + kDeliverySuffix + "; wait for the webhook; read "
                 "the run through the API at once; keep listening for the duplicate window.")
      .asserts("One request arrives on the route within the timeout and meets the webhook "
               "contract on " + op + " (target byte-exact, POST, schema, final status, agreement "
               "with the run; SHOULD: Content-Type, timestamps); when it arrives GET "
               "/threads/{tid}/runs/{rid} reports a final status (success, error, timeout, "
               "interrupted; skipped when the run id is unknown); no second request arrives "
               "within the duplicate window.");
}

// One row per cron endpoint.
CaseRow cronDelivers(const char* id, Endpoint endpoint) {
  return endpointRow(id, Level::Must, endpoint, " with a webhook: each firing delivers exactly one webhook",
                     kCronSource, {Need::Crons, Need::WebhooksEnabled, Need::FullPayload},
                     eachFiringDeliversOnce)
      .evidence(EvidenceGrade::Documented)
      .budget(kCronBudget)
      .purpose("A cron's webhook is the only sign a scheduled run happened; every firing must "
               "notify once, none twice.")
      .requiring("Crons (GET /info flags.crons: true) and DELETE /runs/crons/{cron_id}.")
      .procedure("Create a cron on " + endpointInfo(endpoint).operation +
                 " firing every second when GET /info x_reference.cron_seconds is true (6-field "
                 "schedule), else every minute; wait, sized from the schedule (" +
                 std::to_string(kCronFirings) + " periods + " +
                 std::to_string(kCronSchedulerCheck.count()) + " s scheduler check + " +
                 std::to_string(kCronDeliverySlack.count()) +
                 " s slack, scaled), for two webhooks; delete the cron (also when a check fails); "
                 "wait the duplicate window unless the gap between the two webhooks already "
                 "covered it (the first firing's duplicates had that gap to arrive).")
      .asserts("At least two webhooks arrive, each meeting the webhook contract on the cron's "
               "firings (a POST to the URL given, path and query byte-exact with %20 and '+'; the "
               "payload schema; a final status; the cron's assistant_id, input as kwargs.input "
               "and metadata; on a thread cron its thread_id, and its run readable on the "
               "thread; SHOULD: Content-Type, timestamps); their run_ids are "
               "pairwise distinct (one webhook per firing); no more webhooks arrive than "
               "schedule ticks elapsed between creating and deleting the cron, and no two runs' "
               "created_at fall in one tick (a duplicate run per tick, the langgraph-api "
               "scheduler bug fixed in 0.7.55, fails).");
}

}  // namespace

CaseTable deliveryCases() {
  return {
      runDelivers("delivery.threads-runs-create", Endpoint::ThreadRunsCreate),
      runDelivers("delivery.threads-runs-stream", Endpoint::ThreadRunsStream),
      runDelivers("delivery.threads-runs-wait", Endpoint::ThreadRunsWait),
      runDelivers("delivery.runs-stream", Endpoint::RunsStream),
      runDelivers("delivery.runs-wait", Endpoint::RunsWait),
      runDelivers("delivery.runs-create", Endpoint::Runs),
      runDelivers("delivery.runs-batch", Endpoint::RunsBatch),
      cronDelivers("delivery.threads-runs-crons", Endpoint::ThreadCron),
      cronDelivers("delivery.runs-crons", Endpoint::Cron),

      CaseRow{"delivery.crons-patched-webhook", Level::Must,
              "PATCH /runs/crons/{cron_id}: later firings deliver to the new webhook, the token "
              "byte-exact",
              std::string(kCronSource) + "; CronPatch takes `webhook` (agent-server openapi); "
              "docs/PLATFORM.md 'Endpoints'",
              {Need::Crons, Need::WebhooksEnabled, Need::FullPayload}, patchedWebhookIsUsed}
          .evidence(EvidenceGrade::Documented)
          .since(PlatformChange::CronPatch)
          .budget(kCronBudget)
          .creates({0, 0, 1})
          .purpose("Operators rotate a cron's receiver (or its token) with PATCH; firings that "
                   "keep calling the old URL leak to a receiver that was retired.")
          .requiring("Crons and PATCH /runs/crons/{cron_id} (langgraph-api 0.7.21 on).")
          .procedure(std::string("Create a cron on POST /runs/crons with webhook A; PATCH it to "
                                 "webhook B ending in '") + kPatchedSuffix +
                     "'; wait for a webhook on B (one period + scheduler check + slack); delete "
                     "the cron; wait the duplicate window.")
              .asserts("A webhook arrives on B; every webhook on B meets the webhook contract on "
                   "PATCH /runs/crons/{cron_id} (a POST to B byte-exact, the schema, a final "
                   "status, the cron's assistant, input and metadata; SHOULD: Content-Type, "
                   "timestamps), one per run (distinct run_ids), and the first's kwargs.webhook is "
                   "B; A receives at most one more webhook after the PATCH answered (one in flight)."),

      CaseRow{"delivery.crons-delete-on-completion", Level::Must,
              "a stateless cron with on_run_completed: delete still delivers each firing's webhook",
              std::string(kCronSource) + "; CronCreate on_run_completed (0.5.18 on)",
              {Need::Crons, Need::WebhooksEnabled}, deleteOnCompletionStillDelivers}
          .evidence(EvidenceGrade::Documented)
          .since(PlatformChange::CronOnRunCompleted)
          .budget(kCronBudget)
          .creates({0, 0, 1})
          .purpose("Deleting the run's thread when it completes must not take its webhook with "
                   "it: the receiver is then the only record of the run.")
          .requiring("Crons that accept on_run_completed (langgraph-api 0.5.18 on).")
          .procedure("Create a cron on POST /runs/crons with on_run_completed: \"delete\" and a "
                     "webhook; wait for the first firing's webhook (one period + scheduler check "
                     "+ slack); delete the cron.")
          .asserts("A webhook arrives and meets the webhook contract on POST /runs/crons (target "
                   "byte-exact, POST, schema, final status, the cron's assistant, input and "
                   "metadata)."),

      CaseRow{"delivery.crons-disabled-silent", Level::Must,
              "a cron created with enabled: false fires nothing", kCronEnabledSource,
              {Need::Crons, Need::WebhooksEnabled},
              [](CaseContext& ctx) { disabledCronIsSilent(ctx, false); }}
          .evidence(EvidenceGrade::Documented)
          .since(PlatformChange::CronEnabledFlag)
          .budget(kCronBudget)
          .creates({0, 0, 1})
          .purpose("A paused cron that still fires runs work and calls receivers nobody expects.")
          .requiring("Crons that accept `enabled` (langgraph-api 0.7.15 on).")
          .procedure("Create a cron on POST /runs/crons with enabled: false and a webhook; listen "
                     "for one period (which holds a schedule tick) + the duplicate window on the "
                     "embedded reference, else one period + scheduler check + slack (scaled); "
                     "delete the cron.")
          .asserts("No webhook arrives."),

      CaseRow{"delivery.crons-patched-disabled-silent", Level::Must,
              "a cron PATCHed to enabled: false fires nothing more", kCronEnabledSource,
              {Need::Crons, Need::WebhooksEnabled},
              [](CaseContext& ctx) { disabledCronIsSilent(ctx, true); }}
          .evidence(EvidenceGrade::Documented)
          .since(PlatformChange::CronEnabledFlag)
          .since(PlatformChange::CronPatch)
          .budget(kCronBudget)
          .creates({0, 0, 1})
          .purpose("Pausing a cron with PATCH is how operators stop it without losing it.")
          .requiring("Crons with `enabled` (0.7.15 on) and PATCH /runs/crons/{cron_id} (0.7.21 "
                     "on).")
          .procedure("Create a cron on POST /runs/crons with a webhook; PATCH it at once to "
                     "enabled: false; listen as delivery.crons-disabled-silent does; delete it.")
          .asserts("Every webhook that arrives after the PATCH answered reports a run whose "
                   "created_at is not later than that moment (a firing already on its way; "
                   "min(1 s, period/4) of clock skew allowed on a target other than the embedded "
                   "reference), and there is at most one such webhook."),

      CaseRow{"delivery.https", Level::Must,
              "an https:// webhook URL delivers exactly once, the token byte-exact",
              "Docs promise 1 for any webhook URL; docs/PLATFORM.md: langgraph-api 0.15.0rc4 until "
              "0.16.0rc1 broke HTTPS delivery alone while plain http kept working",
              {Need::WebhooksEnabled, Need::HttpsCallback}, deliversOverHttps}
          .evidence(EvidenceGrade::Documented)
          .purpose("Production receivers are https; a platform that only delivers over http "
                   "passes every other delivery case.")
          .requiring("An https:// URL that reaches the capture server: on the embedded reference, "
                     "a TLS capture server with a throwaway self-signed certificate the reference "
                     "trusts; elsewhere --callback-url https://... or --capture-tls-cert/-key.")
          .procedure(std::string("Create a run on POST /threads/{thread_id}/runs with webhook="
                                 "https://<capture>/hook/<route>") + kHttpsSuffix +
                     "; wait for the webhook; keep listening for the duplicate window.")
          .asserts("One POST arrives over TLS; its raw request target equals the one sent byte "
                   "for byte; no second request arrives within the duplicate window."),
  };
}

}  // namespace wc
