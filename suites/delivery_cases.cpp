// delivery — each endpoint that takes a webhook delivers it exactly once, as a POST.
#include "runner/case_context.h"
#include "suites.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

constexpr const char* kDocs =
    "Docs (LangGraph Platform, 'Use webhooks'): \"When the run completes, the deployment sends a "
    "POST request to the webhook URL\" — spec/README.md promise 1";

// Exactly once: the first webhook within the timeout, then none more in the duplicate window.
void deliversExactlyOnceAsPost(CaseContext& ctx, Endpoint endpoint) {
  auto d = runAndCapture(ctx, endpoint, "?token=delivery");
  ctx.check(isPost(d.webhook));
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
                     "keep listening for the duplicate window.";
    info.asserts = "One request arrives on the route within the timeout; it is a POST; no second "
                   "request arrives within the duplicate window.";
    auto endpoint = ep.endpoint;
    registry.add({info, [endpoint](CaseContext& ctx) { deliversExactlyOnceAsPost(ctx, endpoint); }});
  }
}

}  // namespace wc
