// disable — with http.disable_webhooks, runs still execute and no webhook is sent.
#include "case_table.h"
#include "runner/case_context.h"
#include "support/payload_checks.h"
#include "support/run_waits.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

constexpr const char* kDisableDocs =
    "Docs: `{\"http\": {\"disable_webhooks\": true}}` in langgraph.json (langgraph-api "
    "0.2.78/0.2.79 on): runs with a webhook still execute, but no webhook is sent — docs/PLATFORM.md "
    "promise 4";

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

// One row per run endpoint.
CaseRow runsButSilent(const char* id, Endpoint endpoint) {
  return endpointRow(id, Level::Must, endpoint, " with webhooks disabled: the run completes and sends nothing",
                     kDisableDocs, {Need::ConfigDisable}, runsButSendsNothing)
      .since(PlatformChange::DisableWebhooks)
      .purpose("Operators disable webhooks to stop outbound calls; runs must keep working.")
      .requiring("--target-config whose http.disable_webhooks is true (the deployment runs with "
                 "it).")
      .procedure("Create a run with a webhook on " + endpointInfo(endpoint).operation +
                 "; wait for it to complete (the wait/stream response, or the run's status "
                 "through the API); then listen for an observation window = max(1 s, 10 x the "
                 "slowest run-end->webhook latency measured in this session, else 5 x this run's "
                 "duration) x timeout-scale.")
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
  };
}

}  // namespace wc
