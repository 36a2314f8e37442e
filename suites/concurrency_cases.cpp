// concurrency — runs in flight together each deliver exactly once, to their own URL; runs
// enqueued on one thread deliver in the order they were created.
#include "util/bounded_json.h"
#include <algorithm>

#include "case_table.h"
#include "runner/case_context.h"
#include "support/target_ids.h"
#include "support/payload_checks.h"
#include "support/run_waits.h"
#include "support/webhook_checks.h"
#include "support/webhook_contract.h"

namespace wc {
namespace {

constexpr const char* kSource =
    "Docs promise 1 holds per run; docs/PLATFORM.md: \"every ... run sends its own webhook\"; "
    "multitask_strategy enqueue (RunCreateStateful) queues runs on a thread in order";
constexpr const char* kSupersededSource =
    "docs/PLATFORM.md 'Delivery details': superseded runs end interrupted / rollback and send "
    "their own webhook (observed in the Python server's code); docs promise 1 holds per run";

// The runs each case creates: in flight together on their own threads, or queued on one thread
// behind a short slow run.
constexpr int kParallelRuns = 8;
constexpr int kEnqueuedRuns = 4;
constexpr std::chrono::milliseconds kFirstEnqueuedSleep{300};

struct Batch {
  std::vector<std::string> routes;
  std::vector<std::string> runIds;
  std::vector<WebhookExpectation> expected;  // per route: the contract's view of its run
  std::vector<CapturedRequest> webhooks;  // one per route, when it arrived
  bool allArrived = true;
};

// Starts a run on POST /threads/{thread_id}/runs whose webhook goes to a new route of the batch.
void startInBatch(CaseContext& ctx, Batch& batch, RunRequest request, const std::string& suffix) {
  Delivery d;
  d.route = ctx.newRoute();
  d.expectedTarget = ctx.capture().targetFor(d.route, suffix);
  request.webhook = ctx.capture().urlFor(d.route, suffix);
  if (request.metadata.empty()) request.metadata = {{"conformance_case", ctx.info().id}};
  d.request = request;
  d.run = startRun(ctx, Endpoint::ThreadRunsCreate, request);
  batch.routes.push_back(d.route);
  batch.runIds.push_back(d.run.runId);
  batch.expected.push_back(expectationOf(ctx, Endpoint::ThreadRunsCreate, d));
}

// Waits for each route's first webhook (one deadline for the whole batch: the runs are in
// flight together), then one duplicate window for all of them together.
void collect(CaseContext& ctx, Batch& batch) {
  const auto deadline = std::chrono::steady_clock::now() + webhookTimeout(ctx);
  for (size_t i = 0; i < batch.routes.size(); ++i) {
    CapturedRequest w;
    auto left = std::max(std::chrono::milliseconds(0),
                         std::chrono::duration_cast<std::chrono::milliseconds>(
                             deadline - std::chrono::steady_clock::now()));
    if (!ctx.check(ctx.capture().awaitWebhook(batch.routes[i], left, &w))) {
      batch.allArrived = false;
      continue;
    }
    ctx.addEvidence(w);
    batch.webhooks.push_back(w);
    (void)judgeWebhook(ctx, batch.expected[i], w);
  }
  (void)ctx.capture().expectNoWebhook(batch.routes.front(), duplicateWindow(ctx),
                                      ctx.capture().received(batch.routes.front()).size());
  for (const auto& route : batch.routes) {
    auto got = ctx.capture().received(route);
    if (got.size() > 1)
      ctx.check(attemptCountWithin(got, 1, 1, "route " + route + ": exactly one webhook per run"));
  }
}

void parallelThreadsDeliverOnce(CaseContext& ctx) {
  Batch batch;
  const int n = kParallelRuns;
  for (int i = 0; i < n; ++i) {  // background runs: all are in flight together
    RunRequest request;
    request.input = caseInput(ctx, "parallel " + std::to_string(i));
    startInBatch(ctx, batch, request, "?token=p" + std::to_string(i));
  }
  collect(ctx, batch);
  if (!ctx.failed()) ctx.observe(std::to_string(n) + " runs on " + std::to_string(n) +
                                 " threads: each webhook once, to its own URL");
}

// Four runs on one thread with multitask_strategy enqueue. The first sleeps briefly when the
// target has a slow graph, so the other three are truly queued behind it.
Batch enqueueOnOneThread(CaseContext& ctx) {
  Batch batch;
  const std::string threadId = newThread(ctx);
  for (int i = 0; i < kEnqueuedRuns; ++i) {
    RunRequest request;
    request.threadId = threadId;
    request.input = caseInput(ctx, "enqueued " + std::to_string(i));
    if (i == 0 && !ctx.profile().slowAssistantId.empty()) {
      request.assistantId = ctx.profile().slowAssistantId;
      request.input = {{"seconds", kFirstEnqueuedSleep.count() / 1000.0}};
    }
    request.extra = {{"multitask_strategy", "enqueue"}};
    startInBatch(ctx, batch, request, "?token=q" + std::to_string(i));
  }
  collect(ctx, batch);
  return batch;
}

void enqueuedDeliverOnce(CaseContext& ctx) {
  enqueueOnOneThread(ctx);
  if (!ctx.failed())
    ctx.observe(std::to_string(kEnqueuedRuns) +
                " enqueued runs on one thread: each webhook once, to its own URL");
}

void enqueuedDeliverInOrder(CaseContext& ctx) {
  auto batch = enqueueOnOneThread(ctx);
  if (!batch.allArrived) return;
  std::vector<std::string> labels;
  for (size_t i = 0; i < batch.routes.size(); ++i)
    labels.push_back("the webhook of enqueued run #" + std::to_string(i + 1));
  ctx.check(arrivedInOrder(batch.webhooks, labels));
}

// A slow run on a thread is pushed aside by a second run with multitask_strategy `strategy`:
// each sends exactly one webhook, the first with `supersededStatus`, the second `success`.
constexpr std::chrono::milliseconds kSupersededSleep{5000};

void supersededRunsDeliver(CaseContext& ctx, const std::string& strategy,
                           const std::string& supersededStatus) {
  const std::string threadId = newThread(ctx);
  Batch batch;
  for (int i = 0; i < 2; ++i) {
    RunRequest request;
    request.threadId = threadId;
    request.input = caseInput(ctx, strategy + " " + std::to_string(i));
    if (i == 0) {
      request.assistantId = ctx.profile().slowAssistantId;
      request.input = {{"seconds", kSupersededSleep.count() / 1000.0}};
    } else {
      request.extra = {{"multitask_strategy", strategy}};
    }
    startInBatch(ctx, batch, request, "?token=s" + std::to_string(i));
    // The strategy acts on the run in progress: the second run comes once the first is running.
    if (i == 0)
      ctx.require(awaitRunStatus(
          ctx, threadId, batch.runIds[0], [](const std::string& s) { return s == "running"; },
          "running", webhookTimeout(ctx)));
  }
  collect(ctx, batch);
  if (!batch.allArrived) return;
  const char* which[] = {"the superseded run's webhook", "the superseding run's webhook"};
  const std::string wanted[] = {supersededStatus, "success"};
  for (size_t i = 0; i < 2; ++i) {
    nlohmann::json payload;
    if (!ctx.check(bodyIsJsonObject(batch.webhooks[i], &payload))) continue;
    ctx.check(fieldEquals(payload, "/status", wanted[i], which[i]));
    // langgraph-api sends the UserInterrupt / UserRollback that ended the superseded run as
    // `error`: a SHOULD on its shape, as payload.failed-run-error-shape judges a failed run's.
    if (i == 0) {
      auto shape = errorShapeWhenPresent(payload, ctx.profile().platform);
      if (ctx.should(shape)) ctx.observe(std::string(which[i]) + ": " + shape.message());
    }
  }
}

constexpr const char* kThreadRuns = "POST /threads/{thread_id}/runs with a webhook.";

std::string enqueuedRequires() {
  return std::string(kThreadRuns) +
         " multitask_strategy \"enqueue\"; the `slow` graph makes the queue certain.";
}
std::string enqueuedProcedure() {
  return "Create a thread; create " + std::to_string(kEnqueuedRuns) +
         " runs on it with multitask_strategy enqueue (the first a " +
         secondsText(kFirstEnqueuedSleep) +
         " slow run when available), each with its own route.";
}

}  // namespace

CaseTable concurrencyCases() {
  const auto n = std::to_string(kParallelRuns), q = std::to_string(kEnqueuedRuns);
  return {
      CaseRow{"concurrency.parallel-threads", Level::Must,
              n + " runs on " + n + " threads in flight together: each webhook exactly once, to "
              "its own URL",
              kSource, {Need::WebhooksEnabled}, parallelThreadsDeliverOnce}
          .evidence(EvidenceGrade::Documented)
          .creates({kParallelRuns, kParallelRuns, 0})
          .purpose("Concurrent runs must not lose, duplicate or cross their webhooks.")
          .requiring(kThreadRuns)
          .procedure("Create " + n + " background runs on " + n + " new threads back to back, "
                     "each with its own webhook route; wait for every route; wait one duplicate "
                     "window.")
          .asserts("Every route gets exactly one webhook whose run_id is the run created with "
                   "that route's URL."),

      CaseRow{"concurrency.enqueued-thread", Level::Must,
              q + " runs enqueued on one thread: each webhook exactly once, to its own URL",
              kSource, {Need::WebhooksEnabled}, enqueuedDeliverOnce}
          .evidence(EvidenceGrade::Documented)
          .creates({kEnqueuedRuns, 1, 0})
          .purpose("Queued runs finish one by one; each must still notify.")
          .requiring(enqueuedRequires())
          .procedure(enqueuedProcedure())
          .asserts("Every route gets exactly one webhook whose run_id is its run."),

      CaseRow{"concurrency.superseded-interrupt", Level::Must,
              "a run pushed aside by multitask_strategy interrupt ends `interrupted` and still "
              "sends its webhook; the new run sends its own",
              kSupersededSource,
              {Need::WebhooksEnabled, Need::FullPayload, Need::SlowGraph},
              [](CaseContext& ctx) { supersededRunsDeliver(ctx, "interrupt", "interrupted"); }}
          .evidence(EvidenceGrade::Observed)
          .dependsOn(PlatformChange::ErrorObject)
          .creates({2, 1, 0})
          .purpose("A receiver waiting for the first run's outcome must hear that it was "
                   "interrupted, not nothing.")
          .requiring("The `slow` graph; multitask_strategy interrupt.")
          .procedure("Create a thread; start a " + secondsText(kSupersededSleep) +
                     " slow run on it with webhook A; once GET reports it running, create an "
                     "echo run on the same thread with multitask_strategy interrupt and webhook "
                     "B; wait for both; wait one duplicate window.")
          .asserts("A and B each get exactly one webhook with their run's run_id; A's status is "
                   "\"interrupted\", B's \"success\"; A's `error`, when present, has its "
                   "version's shape (SHOULD; as payload.failed-run-error-shape)."),

      CaseRow{"concurrency.superseded-rollback", Level::Must,
              "a run pushed aside by multitask_strategy rollback ends `rollback` and still "
              "sends its webhook; the new run sends its own",
              kSupersededSource,
              {Need::WebhooksEnabled, Need::FullPayload, Need::SlowGraph},
              [](CaseContext& ctx) { supersededRunsDeliver(ctx, "rollback", "rollback"); }}
          .evidence(EvidenceGrade::Observed)
          .dependsOn(PlatformChange::ErrorObject)
          .creates({2, 1, 0})
          .purpose("Rollback discards the first run's work; its receiver must still learn so.")
          .requiring("The `slow` graph; multitask_strategy rollback.")
          .procedure("As concurrency.superseded-interrupt, with multitask_strategy rollback.")
          .asserts("A and B each get exactly one webhook with their run's run_id; A's status is "
                   "\"rollback\", B's \"success\"; A's `error`, when present, has its version's "
                   "shape (SHOULD; as payload.failed-run-error-shape)."),

      CaseRow{"concurrency.enqueued-order", Level::Should,
              "webhooks of runs enqueued on one thread arrive in creation order", kSource,
              {Need::WebhooksEnabled}, enqueuedDeliverInOrder}
          .evidence(EvidenceGrade::Assumed)
          .settledBy("a docs or changelog sentence that a thread's webhooks go out in run order, "
                     "or measurements on a real Python server: its runs on a thread execute in "
                     "order, but each webhook is sent apart from its run (an isolated event loop "
                     "since 0.2.74), so nothing read promises the order of arrival")
          .creates({kEnqueuedRuns, 1, 0})
          .purpose("Enqueue means first in, first out; receivers rely on the order of a thread.")
          .requiring(enqueuedRequires())
          .procedure(enqueuedProcedure())
          .asserts("The webhooks arrive in the order the runs were created."),
  };
}

}  // namespace wc
