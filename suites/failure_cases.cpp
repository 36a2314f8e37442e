// failure — a receiver that fails (error status, hang, refused connection) never changes the
// run's own outcome; retries follow webhook practice (5xx/429 retried, 4xx not); what a redirect
// leads to is recorded.
#include "case_table.h"
#include "runner/case_context.h"
#include "support/payload_checks.h"
#include "support/run_waits.h"
#include "support/webhook_checks.h"
#include "support/webhook_contract.h"

namespace wc {
namespace {

constexpr const char* kUnaffected =
    "docs/PLATFORM.md: \"Delivery failures are logged only; the run's status is unaffected; later "
    "runs are unaffected\" (observed in the Python server's webhook code)";
constexpr const char* kRetries =
    "docs/PLATFORM.md: \"Up to 3 attempts with exponential backoff and jitter on timeouts, network "
    "errors, 5xx and 429; 4xx is not retried\" (observed in the Python server's webhook code); "
    "Standard Webhooks, Stripe, GitHub";

// How long a retry may take to come at the most; how long the hanging receiver holds its answer
// (past the platform's 30 s read timeout). The listening windows (retries over, no retry after a
// 4xx, redirect not followed) are in support/delivery_windows.h: derived from the delivery
// timing on the embedded reference, platform-sized elsewhere. On the platform the 30 s read
// timeout outlasts the quiet window, which only makes the hang case's second status read come
// earlier in the retry sequence.
constexpr std::chrono::milliseconds kRetryCap{20000};
constexpr std::chrono::seconds kHangFor{40};

std::chrono::milliseconds quietWindow(const CaseContext& ctx) { return retryQuietWindow(ctx); }
std::chrono::milliseconds retryCap(const CaseContext& ctx) { return ctx.scaled(kRetryCap); }

struct FailingDelivery {
  std::string route;
  StartedRun run;
  WebhookExpectation expected;  // every attempt is the same webhook: the contract judges each
};

// Adds each attempt on the route to the evidence and judges it by the webhook contract.
void judgeAttempts(CaseContext& ctx, const FailingDelivery& f,
                   const std::vector<CapturedRequest>& attempts) {
  for (const auto& a : attempts) {
    ctx.addEvidence(a);
    (void)judgeWebhook(ctx, f.expected, a);
  }
}

FailingDelivery runToFailingReceiver(CaseContext& ctx, RouteResponse response,
                                     const std::string& suffix) {
  FailingDelivery f;
  f.route = ctx.newRoute();
  ctx.capture().setRouteResponse(f.route, std::move(response));
  Delivery d;
  d.route = f.route;
  d.expectedTarget = ctx.capture().targetFor(f.route, suffix);
  d.request.input = caseInput(ctx);
  d.request.webhook = ctx.capture().urlFor(f.route, suffix);
  d.request.metadata = {{"conformance_case", ctx.info().id}};
  f.run = d.run = startRun(ctx, Endpoint::ThreadRunsCreate, d.request);
  if (f.run.runId.empty()) ctx.error("the created run has no string run_id: " + f.run.response.body.substr(0, 300));
  f.expected = expectationOf(ctx, Endpoint::ThreadRunsCreate, d);
  return f;
}

// The first attempt on `route`, required: without it the case's premise (a delivery the
// receiver fails) never happened, and the message says so rather than judging what follows.
void requireFirstAttempt(CaseContext& ctx, const std::string& route, const std::string& unobserved) {
  auto first = ctx.capture().awaitWebhook(route, webhookTimeout(ctx));
  if (!first)
    ctx.require(testing::AssertionFailure() << "no first delivery arrived, so " << unobserved
                                            << " was not observed: " << first.message());
}

void checkRunSucceeded(CaseContext& ctx, const StartedRun& run, const std::string& when) {
  auto read = ctx.need(ctx.target().getRun(run.threadId, run.runId), "GET /threads/{tid}/runs/{rid}");
  ctx.check(runStatusIs(read.json, "success", when + " (an echo run succeeds)"));
}

// The receiver answers `status` (or hangs): the run reads success when the first attempt
// arrives and again once the attempts have settled.
void runUnaffectedByReceiver(CaseContext& ctx, RouteResponse response) {
  auto f = runToFailingReceiver(ctx, response, "?token=failure");
  requireFirstAttempt(ctx, f.route, "the run's status while its webhook fails");
  checkRunSucceeded(ctx, f.run, "while its webhook fails");
  auto attempts = settleAttempts(ctx, f.route, quietWindow(ctx), retryCap(ctx));
  judgeAttempts(ctx, f, attempts);
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
  // Attempts to a closed port leave no trace here: the pass means something only if the target
  // delivers webhooks at all. Any webhook captured in this run shows that; else a control run
  // with a working receiver must deliver.
  if (ctx.capture().totalReceived() > 0) return;
  auto control = ctx.newRoute("control");
  RunRequest controlRequest;
  controlRequest.input = caseInput(ctx, "conformance " + ctx.info().id + " control");
  controlRequest.webhook = ctx.capture().urlFor(control, "?token=control");
  (void)startRun(ctx, Endpoint::ThreadRunsCreate, controlRequest);
  auto delivered = ctx.capture().awaitWebhook(control, webhookTimeout(ctx));
  if (!delivered)
    ctx.check(testing::AssertionFailure()
              << "the target was never seen delivering a webhook in this run (a control run's "
                 "webhook to a working receiver did not arrive either: "
              << delivered.message()
              << "), so a run staying success says nothing about a failed delivery");
  else
    ctx.observe("a control run's webhook to a working receiver arrived: the target delivers");
}

void retriesOn(CaseContext& ctx, int status) {
  auto f = runToFailingReceiver(ctx, {status}, "?token=retry");
  std::vector<CapturedRequest> attempts;
  auto result = ctx.capture().awaitWebhooks(f.route, 2, retryCap(ctx), &attempts);
  auto received = ctx.capture().received(f.route);
  judgeAttempts(ctx, f, received);
  if (result) return (void)ctx.check(result);
  if (received.empty())
    ctx.check(testing::AssertionFailure()
              << "no first delivery arrived, so a retry after " << status
              << " was not observed: " << result.message());
  else
    ctx.check(testing::AssertionFailure() << "the webhook was not retried after " << status
                                          << ": " << result.message());
}

void noRetryOn4xx(CaseContext& ctx) {
  auto f = runToFailingReceiver(ctx, {404}, "?token=no-retry");
  requireFirstAttempt(ctx, f.route, "whether a 404 is retried");
  auto window = noRetryWindow(ctx);
  auto none = ctx.capture().expectNoWebhook(f.route, window, 1);
  judgeAttempts(ctx, f, ctx.capture().received(f.route));
  ctx.check(attemptCountWithin(ctx.capture().received(f.route), 1, 1,
                               "a 404 is final: within " + std::to_string(window.count()) + " ms"));
  (void)none;
}

// What the target does with a 307 and a 302 (recorded, not judged: current Python servers follow
// up to 5 redirects on purpose; webhook practice elsewhere does not follow them).
void redirectsObserved(CaseContext& ctx) {
  for (int status : {307, 302}) {
    auto elsewhere = ctx.newRoute("redirect-target");
    RouteResponse redirect{status};
    redirect.headers = {{"Location", ctx.capture().urlFor(elsewhere, "?token=redirected")}};
    auto f = runToFailingReceiver(ctx, redirect, "?token=redirect");
    requireFirstAttempt(ctx, f.route, "what a " + std::to_string(status) + " leads to");
    (void)ctx.capture().expectNoWebhook(elsewhere, redirectWindow(ctx));
    auto origin = ctx.capture().received(f.route);
    auto followed = ctx.capture().received(elsewhere);
    for (const auto& w : followed) ctx.addEvidence(w);
    std::string methods;
    for (const auto& w : followed) methods += (methods.empty() ? "" : ", ") + w.method;
    ctx.observe(std::to_string(status) + ": " + std::to_string(origin.size()) +
                " request(s) to the redirecting URL; " +
                (followed.empty() ? std::string("not followed")
                                  : "followed " + std::to_string(followed.size()) +
                                        " time(s), method " + methods));
  }
}

void retryTimingObserved(CaseContext& ctx) {
  auto f = runToFailingReceiver(ctx, {503}, "?token=timing");
  requireFirstAttempt(ctx, f.route, "the retry schedule");
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

constexpr const char* kRunApi =
    "POST /threads/{thread_id}/runs with a webhook; GET /threads/{tid}/runs/{rid}.";

// One row per failing receiver: `receiver` completes "a receiver that ...".
CaseRow unaffectedBy(const char* id, const std::string& receiver, RouteResponse response) {
  return CaseRow{id, Level::Must, "a receiver that " + receiver + " leaves the run's status success",
                 kUnaffected, {Need::WebhooksEnabled},
                 [response](CaseContext& ctx) { runUnaffectedByReceiver(ctx, response); }}
      .evidence(EvidenceGrade::Observed)
      .purpose("A broken receiver must not turn a successful run into a failed one.")
      .requiring(kRunApi)
      .procedure("Create an echo run whose webhook route " + receiver + "; when the first attempt "
                 "arrives read the run; collect retries until none comes for " +
                 windowText(kPlatformQuietWindow) + "; read the run again.")
      .asserts("Both reads report status success.");
}

// One row per retried status.
CaseRow retriedOn(const char* id, int status) {
  return CaseRow{id, Level::Should, "a webhook answered " + std::to_string(status) + " is retried",
                 kRetries, {Need::WebhooksEnabled},
                 [status](CaseContext& ctx) { retriesOn(ctx, status); }}
      .evidence(EvidenceGrade::Observed)
      .purpose("Transient receiver errors must not lose the notification.")
      .requiring(kRunApi)
      .procedure("Create a run whose webhook route answers " + std::to_string(status) +
                 "; wait up to " + secondsText(kRetryCap) + " (scaled) for a second attempt.")
      .asserts("At least two attempts arrive.");
}

}  // namespace

CaseTable failureCases() {
  return {
      unaffectedBy("failure.status-500-run-unaffected", "answers 500", {500}),
      unaffectedBy("failure.status-429-run-unaffected", "answers 429", {429}),
      unaffectedBy("failure.status-404-run-unaffected", "answers 404", {404}),
      unaffectedBy("failure.hang-run-unaffected",
                   "holds its answer for " + std::to_string(kHangFor.count()) +
                       " s (past the read timeout)",
                   {200, kHangFor}),

      CaseRow{"failure.refused-run-unaffected", Level::Must,
              "a webhook to a closed port leaves the run's status success", kUnaffected,
              {Need::WebhooksEnabled}, runUnaffectedByRefusedConnection}
          .evidence(EvidenceGrade::Observed)
          .purpose("A receiver that is down must not fail the run.")
          .requiring(std::string(kRunApi) +
                     " Ties up a worker on some servers: LangGraph.js loses one queue worker for "
                     "good to each webhook it cannot send, one of its ten per run of this case, so "
                     "repeated runs against one long-lived server end with it completing no runs; "
                     "the health check then says so (README \"Target health\").")
          .procedure("Create an echo run whose webhook is a closed loopback port; wait for its "
                     "final status; keep reading it for " + windowText(kPlatformQuietWindow) +
                     ".")
          .asserts("The run ends success and stays success; and the target is seen delivering "
                   "webhooks in this run (any captured webhook, else a control run's webhook to "
                   "a working receiver), since attempts to a closed port leave no trace."),

      retriedOn("failure.retries-5xx", 500),
      retriedOn("failure.retries-429", 429),

      CaseRow{"failure.no-retry-4xx", Level::Should, "a webhook answered 404 is not retried",
              kRetries, {Need::WebhooksEnabled}, noRetryOn4xx}
          .evidence(EvidenceGrade::Observed)
          .purpose("A 4xx says the request itself is wrong; repeating it only adds load.")
          .requiring(kRunApi)
          .procedure("Create a run whose webhook route answers 404; listen " +
                     windowText(kPlatformNoRetryWindow) + " more.")
          .asserts("Exactly one attempt arrives."),

      CaseRow{"failure.redirect-observed", Level::Info,
              "whether, how often and with which method a 307 and a 302 are followed (recorded)",
              "docs/PLATFORM.md 'Delivery details': current Python servers follow up to 5 "
              "redirects (observed in their webhook code); 'Delivery practice elsewhere': "
              "CloudEvents and Standard Webhooks do not follow them",
              {Need::WebhooksEnabled}, redirectsObserved}
          .evidence(EvidenceGrade::Observed)
          .creates({2, 2, 0})
          .purpose("Receivers behind a redirect (a moved endpoint, an auth proxy) need to know "
                   "whether the deployment follows it and whether the POST survives it. What "
                   "must not happen, a redirect past the URL policy, is "
                   "url-policy.redirect-to-forbidden-not-followed.")
          .requiring(kRunApi)
          .procedure("Twice, with 307 and with 302: create a run whose webhook route answers "
                     "that status with Location: another capture route; listen " +
                     windowText(kPlatformRedirectWindow) + " on that route.")
          .asserts("Nothing (INFO): records the requests to each route and their methods."),

      CaseRow{"failure.retry-timing", Level::Info,
              "attempts and intervals for a receiver answering 503 (recorded)", kRetries,
              {Need::WebhooksEnabled}, retryTimingObserved}
          .evidence(EvidenceGrade::Observed)
          .purpose("Operators size receivers' outage tolerance from the retry schedule.")
          .requiring(kRunApi)
          .procedure("Create a run whose webhook route answers 503; collect attempts until none "
                     "comes for " + windowText(kPlatformQuietWindow) + ".")
          .asserts("Nothing: the count and intervals are recorded."),
  };
}

}  // namespace wc
