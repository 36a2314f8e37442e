#include "support/every_endpoint.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "runner/case_context.h"
#include "support/crons.h"
#include "support/endpoints.h"
#include "support/payload_checks.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

struct WatchedCron {
  std::string route;
  std::string suffix;
  WebhookExpectation expected;
  std::unique_ptr<CronGuard> guard;
};

WatchedCron watchCron(CaseContext& ctx, Endpoint endpoint, const std::string& suffix) {
  WatchedCron w;
  w.route = ctx.newRoute();
  w.suffix = suffix;
  auto cron = createCron(ctx, endpoint, ctx.capture().urlFor(w.route, suffix));
  w.guard = std::make_unique<CronGuard>(ctx.target(), cron.cronId);
  w.expected = firingExpectation(ctx, endpointInfo(endpoint).operation,
                                 ctx.capture().targetFor(w.route, suffix), cron.request,
                                 cron.threadId);
  return w;
}

// A stateless cron whose webhook is PATCHed at once to a route of its own: its firings after the
// PATCH are the crons-patch endpoint's webhooks. Firings that reached the first URL are judged
// as the stateless cron's.
WatchedCron watchPatchedCron(CaseContext& ctx, const std::string& suffix,
                             std::vector<WatchedCron>* firstUrl) {
  auto original = watchCron(ctx, Endpoint::Cron, suffix);
  WatchedCron w;
  w.route = ctx.newRoute();
  w.suffix = suffix;
  const auto url = ctx.capture().urlFor(w.route, suffix);
  const auto cronId = original.guard->cronId();
  ctx.require(creationAccepted(ctx.target().patch("/runs/crons/" + pathSegment(cronId), {{"webhook", url}}),
                               "PATCH /runs/crons/{cron_id} with a new webhook"));
  w.expected = original.expected;
  w.expected.operation = "a firing of PATCH /runs/crons/{cron_id}";
  w.expected.target = ctx.capture().targetFor(w.route, suffix);
  w.guard = std::move(original.guard);  // one cron: deleted through w
  firstUrl->push_back(std::move(original));
  return w;
}

}  // namespace

Creations everyEndpointCreations() { return {7, 4, 3}; }

void judgeWebhookOfEveryEndpoint(CaseContext& ctx, const std::string& token) {
  const std::string suffix = "?token=" + token;
  for (const auto& e : runEndpoints()) (void)runAndCapture(ctx, e.endpoint, suffix);
  if (!ctx.profile().hasCrons()) {
    ctx.observe("the target has no crons (GET /info flags.crons): cron firings not judged");
    return;
  }
  const auto period = fastestCronPeriod(ctx);
  std::vector<WatchedCron> crons, beforePatch;
  crons.push_back(watchCron(ctx, Endpoint::ThreadCron, suffix));
  crons.push_back(watchCron(ctx, Endpoint::Cron, suffix));
  crons.push_back(watchPatchedCron(ctx, suffix, &beforePatch));
  // The three fire on the same schedule: one wait covers them all.
  const auto deadline = std::chrono::steady_clock::now() + cronWaitFor(ctx, *period, 1);
  for (auto& c : crons) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    CapturedRequest first;
    ctx.require(ctx.capture().awaitWebhook(c.route, std::max(left, std::chrono::milliseconds(0)), &first));
  }
  for (auto& c : crons) (void)c.guard->release();
  for (auto* group : {&crons, &beforePatch})
    for (auto& c : *group)
      for (const auto& w : ctx.capture().received(c.route)) {
        ctx.addEvidence(w);
        (void)judgeFiring(ctx, c.expected, w);
      }
}

}  // namespace wc
