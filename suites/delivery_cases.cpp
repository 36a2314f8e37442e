// delivery — each endpoint that takes a webhook delivers it exactly once, as a POST.
#include "util/bounded_json.h"
#include "runner/case_context.h"
#include "suites.h"
#include "support/payload_checks.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

constexpr const char* kDocs =
    "Docs (LangGraph Platform, 'Use webhooks'): \"When the run completes, the deployment sends a "
    "POST request to the webhook URL\" — spec/README.md promise 1";

// Exactly once: the first webhook within the timeout, then none more in the duplicate window.
// "When the run completes": the run's final status is stored before the webhook goes out, so
// the API reports it the moment the webhook arrives, and the payload carries it.
void deliversExactlyOnceAsPost(CaseContext& ctx, Endpoint endpoint) {
  auto d = runAndCapture(ctx, endpoint, "?token=delivery");
  if (!d.run.threadId.empty() && !d.run.runId.empty()) {
    auto run = ctx.target().getRun(d.run.threadId, d.run.runId);
    if (run.ok())
      ctx.check(statusIsFinal(run.json, "GET /threads/{tid}/runs/{rid} when the webhook arrived"));
    else
      ctx.observe("the run was not readable when its webhook arrived (" + run.error +
                  "); stateless runs' threads may be deleted");
  } else {
    ctx.observe("the endpoint did not reveal the run id; the API status check was skipped");
  }
  ctx.check(isPost(d.webhook));
  auto payload = parseBoundedJsonOrDiscarded(d.webhook.body);
  if (payload.is_object() && payload.contains("status"))
    ctx.check(statusIsFinal(payload, "the webhook payload"));
  ctx.check(ctx.capture().expectNoWebhook(d.route, duplicateWindow(ctx), 1));
  ctx.observe("webhook arrived " + d.webhook.summary());
}

}  // namespace

void registerDeliveryCases(CaseRegistry& registry) {
  for (const auto& ep : runEndpoints()) {
    CaseInfo info;
    info.id = "delivery." + ep.slug;
    info.area = "delivery";
    info.endpoint = ep.slug;
    info.level = Level::Must;
    info.title = ep.operation + " with a webhook: exactly one POST to the URL when the run ends";
    info.source = kDocs;
    info.purpose = "A run created with `webhook` must notify the receiver once, by POST.";
    info.requires_ = "The endpoint and an assistant whose runs succeed (`echo` by default).";
    info.procedure = "Create a run on " + ep.operation +
                     " with webhook=<capture>/hook/<route>?token=delivery; wait for the webhook; "
                     "read the run through the API at once; keep listening for the duplicate "
                     "window.";
    info.needs = {"webhooks-enabled"};
    info.asserts = "One request arrives on the route within the timeout; it is a POST; when it "
                   "arrives GET /threads/{tid}/runs/{rid} reports a final status (success, error, "
                   "timeout, interrupted; skipped when the run id is unknown) and the payload's "
                   "status is final; no second request arrives within the duplicate window.";
    auto endpoint = ep.endpoint;
    registry.add({info, [endpoint](CaseContext& ctx) { deliversExactlyOnceAsPost(ctx, endpoint); }});
  }
  registerCronDeliveryCases(registry);
}

}  // namespace wc
