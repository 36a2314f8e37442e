// failure — a receiver that fails (error status, hang, refused connection) never changes the
// run's own outcome; retries follow webhook practice (5xx/429 retried, 4xx not, no redirects).
#include "runner/case_context.h"
#include "suites.h"
#include "support/payload_checks.h"
#include "support/run_waits.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

constexpr const char* kUnaffected =
    "spec/README.md: \"Delivery failures are logged only; the run's status is unaffected; later "
    "runs are unaffected\" (langgraph-api)";
constexpr const char* kRetries =
    "spec/README.md: \"Up to 3 attempts with exponential backoff and jitter on timeouts, network "
    "errors, 5xx and 429; 4xx is not retried\" (langgraph-api); Standard Webhooks, Stripe, GitHub";

// How long to keep collecting retries after the last one: longer than the fast reference's
// backoff and read timeout; the platform's 30 s read timeout is longer, which only makes the
// status check run earlier in its retry sequence.
std::chrono::milliseconds quietWindow(const CaseContext& ctx) {
  return ctx.scaled(std::chrono::milliseconds(2000));
}
std::chrono::milliseconds retryCap(const CaseContext& ctx) {
  return ctx.scaled(std::chrono::milliseconds(20000));
}

struct FailingDelivery {
  std::string route;
  StartedRun run;
};

FailingDelivery runToFailingReceiver(CaseContext& ctx, RouteResponse response,
                                     const std::string& suffix) {
  FailingDelivery f;
  f.route = ctx.newRoute();
  ctx.capture().setRouteResponse(f.route, std::move(response));
  RunRequest request;
  request.input = caseInput(ctx);
  request.webhook = ctx.capture().urlFor(f.route, suffix);
  f.run = startRun(ctx, Endpoint::ThreadRunsCreate, request);
  if (f.run.runId.empty()) ctx.error("the created run has no string run_id: " + f.run.response.body.substr(0, 300));
  return f;
}

void checkRunSucceeded(CaseContext& ctx, const StartedRun& run, const std::string& when) {
  auto read = ctx.need(ctx.target().getRun(run.threadId, run.runId), "GET /threads/{tid}/runs/{rid}");
  ctx.check(runStatusIs(read.json, "success", when + " (an echo run succeeds)"));
}

// The receiver answers `status` (or hangs): the run reads success when the first attempt
// arrives and again once the attempts have settled.
void runUnaffectedByReceiver(CaseContext& ctx, RouteResponse response) {
  auto f = runToFailingReceiver(ctx, response, "?token=failure");
  ctx.require(ctx.capture().awaitWebhook(f.route, webhookTimeout(ctx)));
  checkRunSucceeded(ctx, f.run, "while its webhook fails");
  auto attempts = settleAttempts(ctx, f.route, quietWindow(ctx), retryCap(ctx));
  for (const auto& a : attempts) ctx.addEvidence(a);
  checkRunSucceeded(ctx, f.run, "after " + std::to_string(attempts.size()) + " failed attempt(s)");
  ctx.observe(std::to_string(attempts.size()) + " attempt(s); the run stayed success");
}

void runUnaffectedByRefusedConnection(CaseContext& ctx) {
  RunRequest request;
  request.input = caseInput(ctx);
  request.webhook = "http://127.0.0.1:" + std::to_string(closedLoopbackPort()) + "/hook/refused";
  auto run = startRun(ctx, Endpoint::ThreadRunsCreate, request);
  if (run.runId.empty()) ctx.error("the created run has no string run_id: " + run.response.body.substr(0, 300));
  nlohmann::json final;
  ctx.require(awaitRunFinal(ctx, run.threadId, run.runId, webhookTimeout(ctx), &final));
  ctx.check(runStatusIs(final, "success", "once the run ended (an echo run succeeds)"));
  // Attempts to a closed port are invisible: watch the status through the retry period.
  auto window = quietWindow(ctx);
  auto changed = awaitRunStatus(
      ctx, run.threadId, run.runId, [](const std::string& s) { return s != "success"; },
      "a status other than success", window);
  if (changed)
    ctx.check(testing::AssertionFailure() << "the run's status changed after its webhook could "
                                             "not be delivered: " << changed.message());
  else
    ctx.observe("the run stayed success for " + std::to_string(window.count()) +
                " ms after its webhook was refused");
}

void retriesOn(CaseContext& ctx, int status) {
  auto f = runToFailingReceiver(ctx, {status}, "?token=retry");
  std::vector<CapturedRequest> attempts;
  auto result = ctx.capture().awaitWebhooks(f.route, 2, retryCap(ctx), &attempts);
  for (const auto& a : ctx.capture().received(f.route)) ctx.addEvidence(a);
  ctx.check(result ? result
                   : testing::AssertionFailure() << "the webhook was not retried after " << status
                                                 << ": " << result.message());
}

void noRetryOn4xx(CaseContext& ctx) {
  auto f = runToFailingReceiver(ctx, {404}, "?token=no-retry");
  ctx.require(ctx.capture().awaitWebhook(f.route, webhookTimeout(ctx)));
  auto window = ctx.scaled(std::chrono::milliseconds(2500));
  auto none = ctx.capture().expectNoWebhook(f.route, window, 1);
  for (const auto& a : ctx.capture().received(f.route)) ctx.addEvidence(a);
  ctx.check(attemptCountWithin(ctx.capture().received(f.route), 1, 1,
                               "a 404 is final: within " + std::to_string(window.count()) + " ms"));
  (void)none;
}

void redirectNotFollowed(CaseContext& ctx) {
  auto elsewhere = ctx.newRoute("redirect-target");
  RouteResponse redirect{307};
  redirect.headers = {{"Location", ctx.capture().urlFor(elsewhere, "?token=redirected")}};
  auto f = runToFailingReceiver(ctx, redirect, "?token=redirect");
  ctx.require(ctx.capture().awaitWebhook(f.route, webhookTimeout(ctx)));
  auto none = ctx.capture().expectNoWebhook(elsewhere, ctx.scaled(std::chrono::milliseconds(1500)));
  for (const auto& a : ctx.capture().received(elsewhere)) ctx.addEvidence(a);
  ctx.check(none ? none
                 : testing::AssertionFailure() << "the 307 redirect was followed: "
                                               << none.message());
}

void retryTimingObserved(CaseContext& ctx) {
  auto f = runToFailingReceiver(ctx, {503}, "?token=timing");
  ctx.require(ctx.capture().awaitWebhook(f.route, webhookTimeout(ctx)));
  auto attempts = settleAttempts(ctx, f.route, quietWindow(ctx), retryCap(ctx));
  std::string intervals;
  for (size_t i = 1; i < attempts.size(); ++i) {
    auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(
        attempts[i].arrivedSteady - attempts[i - 1].arrivedSteady);
    intervals += (intervals.empty() ? "" : ", ") + std::to_string(gap.count()) + " ms";
  }
  ctx.observe(std::to_string(attempts.size()) + " attempt(s) on 503" +
              (intervals.empty() ? "" : "; intervals " + intervals));
}

CaseInfo info(const std::string& name, Level level, const std::string& title, const char* source) {
  CaseInfo i;
  i.id = "failure." + name;
  i.area = "failure";
  i.endpoint = "threads-runs-create";
  i.level = level;
  i.title = title;
  i.source = source;
  i.requires_ = "POST /threads/{thread_id}/runs with a webhook; GET /threads/{tid}/runs/{rid}.";
  i.needs = {"webhooks-enabled"};
  return i;
}

void addUnaffected(CaseRegistry& registry, const std::string& name, const std::string& receiver,
                   RouteResponse response) {
  auto i = info(name + "-run-unaffected", Level::Must,
                "a receiver that " + receiver + " leaves the run's status success", kUnaffected);
  i.purpose = "A broken receiver must not turn a successful run into a failed one.";
  i.procedure = "Create an echo run whose webhook route " + receiver + "; when the first attempt "
                "arrives read the run; collect retries until none comes for 2 s (scaled); read "
                "the run again.";
  i.asserts = "Both reads report status success.";
  registry.add({i, [response](CaseContext& ctx) { runUnaffectedByReceiver(ctx, response); }});
}

}  // namespace

void registerFailureCases(CaseRegistry& registry) {
  addUnaffected(registry, "status-500", "answers 500", {500});
  addUnaffected(registry, "status-429", "answers 429", {429});
  addUnaffected(registry, "status-404", "answers 404", {404});
  addUnaffected(registry, "hang", "holds its answer for 40 s (past the read timeout)",
                {200, std::chrono::seconds(40)});

  auto refused = info("refused-run-unaffected", Level::Must,
                      "a webhook to a closed port leaves the run's status success", kUnaffected);
  refused.purpose = "A receiver that is down must not fail the run.";
  refused.procedure = "Create an echo run whose webhook is a closed loopback port; wait for its "
                      "final status; keep reading it for 2 s (scaled).";
  refused.asserts = "The run ends success and stays success.";
  registry.add({refused, runUnaffectedByRefusedConnection});

  for (int status : {500, 429}) {
    auto name = status == 500 ? std::string("retries-5xx") : std::string("retries-429");
    auto i = info(name, Level::Should,
                  "a webhook answered " + std::to_string(status) + " is retried", kRetries);
    i.purpose = "Transient receiver errors must not lose the notification.";
    i.procedure = "Create a run whose webhook route answers " + std::to_string(status) +
                  "; wait up to 20 s (scaled) for a second attempt.";
    i.asserts = "At least two attempts arrive.";
    registry.add({i, [status](CaseContext& ctx) { retriesOn(ctx, status); }});
  }

  auto no4xx = info("no-retry-4xx", Level::Should, "a webhook answered 404 is not retried", kRetries);
  no4xx.purpose = "A 4xx says the request itself is wrong; repeating it only adds load.";
  no4xx.procedure = "Create a run whose webhook route answers 404; listen 2.5 s (scaled) more.";
  no4xx.asserts = "Exactly one attempt arrives.";
  registry.add({no4xx, noRetryOn4xx});

  auto redirect = info("no-redirect", Level::Should, "a 307 redirect from the receiver is not followed",
                       "Delivery practice (CloudEvents webhook spec, Standard Webhooks): redirects "
                       "are not followed — spec/README.md 'Delivery practice elsewhere'");
  redirect.purpose = "Following redirects lets a receiver steer the deployment's requests (SSRF).";
  redirect.procedure = "Create a run whose webhook route answers 307 with Location: another "
                       "capture route; listen 1.5 s (scaled) on that route.";
  redirect.asserts = "Nothing arrives on the redirect target.";
  registry.add({redirect, redirectNotFollowed});

  auto timing = info("retry-timing", Level::Info,
                     "attempts and intervals for a receiver answering 503 (recorded)", kRetries);
  timing.purpose = "Operators size receivers' outage tolerance from the retry schedule.";
  timing.procedure = "Create a run whose webhook route answers 503; collect attempts until none "
                     "comes for 2 s (scaled).";
  timing.asserts = "Nothing: the count and intervals are recorded.";
  registry.add({timing, retryTimingObserved});
}

}  // namespace wc
