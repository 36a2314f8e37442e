// delivery (crons) — every cron-triggered run sends its own webhook: one per firing.
#include "util/bounded_json.h"
#include "runner/case_context.h"
#include "suites.h"
#include "support/crons.h"
#include "support/payload_checks.h"
#include "support/run_waits.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

constexpr const char* kCronSource =
    "spec/README.md, crons: \"every cron-triggered run sends its own webhook\" (langgraph-api "
    "behaviour); docs promise 1 applies to each run; CronCreate/ThreadCronCreate take `webhook` "
    "(openapi.json)";

void eachFiringDeliversOnce(CaseContext& ctx, Endpoint endpoint) {
  const auto schedule = fastestCronSchedule(ctx.profile());
  const auto period = cronPeriod(schedule);
  if (!period) ctx.error("internal: cannot size the wait for schedule '" + schedule + "'");

  const auto route = ctx.newRoute();
  RunRequest request;
  request.webhook = ctx.capture().urlFor(route, "?token=cron");
  request.input = caseInput(ctx);
  request.metadata = {{"conformance_case", ctx.info().id}};
  request.extra = {{"schedule", schedule}};
  std::string threadId;
  auto created = tryStartRun(ctx, endpoint, request, &threadId);
  if (!created.ok()) {
    auto diagnosis = diagnoseWebhookRefusal(created, request.webhook);
    ctx.error(diagnosis.empty() ? "creating the cron: " + created.error : diagnosis);
  }
  auto cronId = textField(created.json, "cron_id");
  if (cronId.empty())
    ctx.error("the cron creation answered without a string cron_id: " + created.body.substr(0, 300));
  CronGuard guard(ctx.target(), cronId);  // deletes the cron however the case ends

  const auto wait = cronWaitFor(ctx, *period, 2);
  ctx.observe("schedule '" + schedule + "' (period " + std::to_string(period->count()) +
              " s): waiting up to " + std::to_string(wait.count()) + " ms for 2 firings");
  std::vector<CapturedRequest> firings;
  ctx.require(ctx.capture().awaitWebhooks(route, 2, wait, &firings));

  auto deleted = guard.release();
  if (!deleted.ok()) ctx.observe("deleting cron " + cronId + " failed: " + deleted.error);

  // A firing may have been in flight when the cron was deleted; wait out duplicates, then judge
  // every webhook that came.
  (void)ctx.capture().expectNoWebhook(route, duplicateWindow(ctx), firings.size());
  firings = ctx.capture().received(route);
  std::vector<nlohmann::json> payloads;
  for (const auto& w : firings) {
    ctx.addEvidence(w);
    ctx.check(isPost(w));
    nlohmann::json payload;
    ctx.require(bodyIsJsonObject(w, &payload));
    recordDeliveryLatency(ctx, payload, w);
    if (endpoint == Endpoint::ThreadCron && !threadId.empty())
      ctx.check(fieldEquals(payload, "/thread_id", threadId, "the cron's thread"));
    payloads.push_back(payload);
  }
  ctx.check(runIdsDistinct(payloads));
}

}  // namespace

void registerCronDeliveryCases(CaseRegistry& registry) {
  for (const auto& ep : allEndpoints()) {
    if (!ep.cron) continue;
    CaseInfo info;
    info.id = "delivery." + ep.slug;
    info.area = "delivery";
    info.endpoint = ep.slug;
    info.level = Level::Must;
    info.title = ep.operation + " with a webhook: each firing delivers exactly one webhook";
    info.source = kCronSource;
    info.purpose = "A cron's webhook is the only sign a scheduled run happened; every firing must "
                   "notify once, none twice.";
    info.requires_ = "Crons (GET /info flags.crons: true) and DELETE /runs/crons/{cron_id}.";
    info.procedure = "Create a cron on " + ep.operation +
                     " firing every second when GET /info x_reference.cron_seconds is true "
                     "(6-field schedule), else every minute; wait, sized from the schedule "
                     "(2 periods + 5 s scheduler check + 5 s slack, scaled), for two webhooks; "
                     "delete the cron (also when a check fails); wait the duplicate window.";
    info.asserts = "At least two webhooks arrive, each a POST with a JSON body; their run_ids are "
                   "pairwise distinct (one webhook per firing); thread crons report their thread.";
    info.needs = {"crons", "webhooks-enabled", "full-payload"};
    info.budget = std::chrono::seconds(180);  // two 1-minute firings on a real deployment + slack
    auto endpoint = ep.endpoint;
    registry.add({info, [endpoint](CaseContext& ctx) { eachFiringDeliversOnce(ctx, endpoint); }});
  }
}

}  // namespace wc
