// disable — with http.disable_webhooks, runs still execute and no webhook is sent.
#include "case_table.h"
#include "runner/case_context.h"
#include "support/crons.h"
#include "support/payload_checks.h"
#include "support/run_waits.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

constexpr const char* kDisableDocs =
    "Docs: `{\"http\": {\"disable_webhooks\": true}}` in langgraph.json (langgraph-api "
    "0.2.78/0.2.79 on): runs with a webhook still execute, but no webhook is sent — docs/PLATFORM.md "
    "promise 4; the changelog (0.2.79): on all routes";

void runsButSendsNothing(CaseContext& ctx, Endpoint endpoint) {
  auto route = ctx.newRoute();
  RunRequest request;
  request.input = caseInput(ctx);
  request.webhook = ctx.capture().urlFor(route, "?token=disabled");
  auto started = std::chrono::steady_clock::now();
  auto run = startRun(ctx, endpoint, request);  // wait/stream return once the run ended
  if (endpoint == Endpoint::ThreadRunsCreate) {
    nlohmann::json final;
    ctx.require(awaitRunFinal(ctx, run.threadId, run.runId, webhookTimeout(ctx), &final));
    ctx.check(runStatusIs(final, "success", "(the run executes despite the setting)"));
  } else if (endpoint == Endpoint::Runs || endpoint == Endpoint::RunsBatch) {
    // A background run may end long after the POST answered (a queue): the silence is judged
    // from its end. Listening from the answer would let a late webhook pass as none.
    if (run.threadId.empty() || run.runId.empty())
      ctx.error("the answer named no thread_id and run_id: the case cannot tell when the run "
                "ended, so it cannot judge the silence after it");
    auto ended = awaitRunEndedOrGone(ctx, run.threadId, run.runId, webhookTimeout(ctx));
    if (!ended)
      ctx.error("the case cannot tell when the run ended, so it cannot judge the silence after "
                "it: " + std::string(ended.message()));
  } else if (!run.runId.empty() && endpointInfo(endpoint).stateful) {
    auto read = ctx.target().getRun(run.threadId, run.runId);
    if (read.ok())
      ctx.check(runStatusIs(read.json, "success", "(the run executes despite the setting)"));
  }
  auto runDuration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);

  std::string how;
  auto window = noWebhookWindow(ctx, runDuration, &how);
  auto none = ctx.capture().expectNoWebhook(route, window, 0);
  if (!none) {
    auto got = ctx.capture().received(route);
    for (const auto& w : got) ctx.addEvidence(w);
    ctx.check(testing::AssertionFailure() << none.message() << "; observation window " << how);
    return;
  }
  ctx.observe("the run completed in " + std::to_string(runDuration.count()) +
              " ms; no webhook within " + how);
}

// A cron on a deployment with webhooks disabled: it fires (a thread cron's runs are visible on
// its thread; a stateless cron's temporary threads are not, so there the case waits two periods)
// and no firing sends anything.
void cronFiresButSendsNothing(CaseContext& ctx, Endpoint endpoint) {
  const auto period = fastestCronPeriod(ctx);
  const auto route = ctx.newRoute();
  auto cron = createCron(ctx, endpoint, ctx.capture().urlFor(route, "?token=disabled-cron"));
  CronGuard guard(ctx.target(), cron.cronId);
  const auto started = std::chrono::steady_clock::now();
  const auto firings = cronWaitFor(ctx, *period, 1);
  std::string fired = "a stateless cron's firings are not visible: listened until its first firing was due";
  if (endpoint == Endpoint::ThreadCron) {
    // The first firing's run, ended: then its webhook would have been due. The API has no
    // notification of a cron's runs, so the thread's runs are read with a short pause.
    bool ended = false;
    while (!ended && std::chrono::steady_clock::now() - started < firings) {
      auto listed = ctx.target().get("/threads/" + pathSegment(cron.threadId) + "/runs");
      if (listed.ok() && listed.json.is_array())
        for (const auto& r : listed.json)
          ended = ended || (r.is_object() && isFinalRunStatus(textField(r, "status")));
      if (!ended && !ctx.pause(std::chrono::milliseconds(100))) break;
    }
    if (!ended) ctx.error("the thread cron started no run that ended within " + secondsText(firings) +
                          ": the case cannot tell a silent cron from a disabled webhook");
    fired = "a firing's run ended on the cron's thread";
  }
  std::string how;
  // An echo run lasts milliseconds: the window is the disable cases' floor unless latencies say more.
  auto window = noWebhookWindow(ctx, std::chrono::milliseconds(100), &how);
  // A stateless cron: the observation also covers its first firing: one period on the embedded
  // reference (its scheduler fires on the tick), else one period + scheduler check + slack.
  if (endpoint != Endpoint::ThreadCron) {
    window += ctx.profile().knownDelivery ? atLeastPeriods(ctx, *period, 1)
                                          : cronWaitFor(ctx, *period, 1);
    how += " + the time to its first firing";
  }
  ctx.check(ctx.capture().expectNoWebhook(route, window, 0));
  ctx.observe(fired + "; no webhook within " + how);
}

// PATCH /runs/crons/{cron_id} gives a cron without a webhook one: with webhooks disabled its
// firings still send nothing.
void patchedCronSendsNothing(CaseContext& ctx) {
  const auto period = fastestCronPeriod(ctx);
  const auto route = ctx.newRoute();
  auto cron = createCron(ctx, Endpoint::Cron, "");
  CronGuard guard(ctx.target(), cron.cronId);
  ctx.require(creationAccepted(
      ctx.target().patch("/runs/crons/" + pathSegment(cron.cronId),
                         {{"webhook", ctx.capture().urlFor(route, "?token=disabled-patch")}}),
      "PATCH /runs/crons/{cron_id} with a webhook"));
  std::string how;
  auto window = noWebhookWindow(ctx, std::chrono::milliseconds(100), &how);
  window += ctx.profile().knownDelivery ? atLeastPeriods(ctx, *period, 1)
                                        : cronWaitFor(ctx, *period, 1);
  ctx.check(ctx.capture().expectNoWebhook(route, window, 0));
  ctx.observe("no webhook within " + how + " + the time to the cron's first firing");
}

CaseRow cronSilent(const char* id, Endpoint endpoint) {
  return endpointRow(id, Level::Must, endpoint, " with webhooks disabled: firings send nothing",
                     kDisableDocs, {Need::ConfigDisable, Need::Crons}, cronFiresButSendsNothing)
      .evidence(EvidenceGrade::Documented)
      .since(PlatformChange::DisableWebhooks)
      .budget(std::chrono::seconds(180))
      .purpose("http.disable_webhooks turns webhooks off on every route, crons included.")
      .requiring("--target-config whose http.disable_webhooks is true; crons.")
      .procedure("Create a cron with a webhook on " + endpointInfo(endpoint).operation +
                 "; thread crons: wait until a run on its thread ended, then listen for the "
                 "disable cases' observation window; stateless crons (whose firings are not "
                 "visible): listen for that window plus one period (embedded reference) or one "
                 "period + scheduler check + slack; delete the cron.")
      .asserts("No request reaches the route.");
}

// One row per run endpoint.
CaseRow runsButSilent(const char* id, Endpoint endpoint) {
  return endpointRow(id, Level::Must, endpoint, " with webhooks disabled: the run completes and sends nothing",
                     kDisableDocs, {Need::ConfigDisable}, runsButSendsNothing)
      .evidence(EvidenceGrade::Documented)
      .since(PlatformChange::DisableWebhooks)
      .purpose("Operators disable webhooks to stop outbound calls; runs must keep working.")
      .requiring("--target-config whose http.disable_webhooks is true (the deployment runs with "
                 "it).")
      .procedure("Create a run with a webhook on " + endpointInfo(endpoint).operation +
                 "; wait for it to complete (the wait/stream response, or the run's status "
                 "through the API; a stateless background run: a final status or 404 once its "
                 "temporary thread is deleted); then listen for an observation window = "
                 "max(floor, 10 x the slowest run-end->webhook latency measured in this session, "
                 "else 5 x this run's duration) x timeout-scale, the floor 1 s once a latency was "
                 "measured or on the embedded reference, else 3 s.")
      .asserts("The run completes (status success where readable) and no request reaches the "
               "route within the window; the message states the window and its derivation.");
}

}  // namespace

CaseTable disableCases() {
  return {
      runsButSilent("disable.threads-runs-create", Endpoint::ThreadRunsCreate),
      runsButSilent("disable.threads-runs-stream", Endpoint::ThreadRunsStream),
      runsButSilent("disable.threads-runs-wait", Endpoint::ThreadRunsWait),
      runsButSilent("disable.runs-stream", Endpoint::RunsStream),
      runsButSilent("disable.runs-wait", Endpoint::RunsWait),
      runsButSilent("disable.runs-create", Endpoint::Runs),
      runsButSilent("disable.runs-batch", Endpoint::RunsBatch),
      cronSilent("disable.threads-runs-crons", Endpoint::ThreadCron),
      cronSilent("disable.runs-crons", Endpoint::Cron),
      CaseRow{"disable.crons-patch", Level::Must,
              "PATCH /runs/crons/{cron_id} with webhooks disabled: the patched webhook receives "
              "nothing",
              kDisableDocs, {Need::ConfigDisable, Need::Crons}, patchedCronSendsNothing}
          .evidence(EvidenceGrade::Documented)
          .since(PlatformChange::DisableWebhooks)
          .since(PlatformChange::CronPatch)
          .budget(std::chrono::seconds(180))
          .creates({0, 0, 1})
          .purpose("The setting covers every route that takes a webhook, PATCH included.")
          .requiring("--target-config whose http.disable_webhooks is true; crons with PATCH "
                     "(0.7.21 on).")
          .procedure("Create a cron on POST /runs/crons without a webhook; PATCH it with one; "
                     "listen for the disable cases' window plus the time to its first firing; "
                     "delete the cron.")
          .asserts("No request reaches the route."),
  };
}

}  // namespace wc
