// headers — the webhook's Content-Type, and the headers the deployment's langgraph.json adds.
#include "case_table.h"
#include "runner/case_context.h"
#include "support/every_endpoint.h"
#include "support/payload_checks.h"
#include "support/target_config.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

// A SHOULD row: the webhook contract judges Content-Type on every webhook and warns.
void contentTypeIsApplicationJson(CaseContext& ctx) {
  auto d = runAndCapture(ctx, Endpoint::ThreadRunsCreate, "?token=content-type");
  if (contentTypeIsJson(d.webhook)) ctx.observe("Content-Type " + d.webhook.header("Content-Type"));
}

// Expected values come from the deployment's webhooks.headers with ${{ env.VAR }} resolved from
// the harness's own environment, which must therefore match the deployment's.
void configuredHeadersArrive(CaseContext& ctx) {
  auto headers = configuredWebhookHeaders(*ctx.profile().targetConfig);
  for (const auto& h : headers)
    if (!h.value)
      ctx.error("webhooks.headers." + h.name + " uses ${{ env." + h.missingVar + " }}, but " +
                h.missingVar + " is not set in the harness's environment: run the suite with "
                "the same environment variables as the deployment");
  // The contract compares the configured headers on every webhook.
  judgeWebhookOfEveryEndpoint(ctx, "headers");
  if (!ctx.failed())
    for (const auto& h : headers)
      ctx.observe("header " + h.name + " arrived as configured on every webhook" +
                  (h.templated ? " (template resolved)" : ""));
}

}  // namespace

CaseTable headersCases() {
  return {
      CaseRow{"headers.content-type-json", Level::Should,
              "the webhook's Content-Type is application/json",
              "docs/PLATFORM.md: \"Content-Type application/json\" (observed in the Python "
              "server's webhook code); LangGraph.js sends text/plain (measured, FINDINGS.md)",
              {Need::WebhooksEnabled}, contentTypeIsApplicationJson}
          .evidence(EvidenceGrade::Observed)
          .purpose("Receivers and frameworks pick the body parser from Content-Type.")
          .requiring("POST /threads/{thread_id}/runs with a webhook.")
          .procedure("Create a run with a webhook; read the captured Content-Type.")
          .asserts("The media type (parameters ignored) is application/json."),

      CaseRow{"headers.configured-headers", Level::Must,
              "headers configured in webhooks.headers arrive, ${{ env.VAR }} templates resolved",
              "docs/PLATFORM.md: \"webhooks.headers (langgraph.json, 2025-12 on): static headers "
              "added to every webhook; values may hold ${{ env.VAR }} templates\"; "
              "the langgraph.json schema (langchain-ai/langgraph libs/cli/schemas/schema.json)",
              {Need::WebhooksEnabled, Need::ConfigHeaders}, configuredHeadersArrive}
          .evidence(EvidenceGrade::Documented)
          .since(PlatformChange::WebhookHeaders)
          .budget(std::chrono::seconds(180))
          .onEveryEndpoint()
          .creates(everyEndpointCreations())
          .purpose("Receivers authenticate webhooks by these headers (API keys, shared secrets); "
                   "an endpoint that leaves them out is refused by the receiver.")
          .requiring("--target-config with webhooks.headers; the harness runs with the same "
                     "environment variables as the deployment (templates resolve from it); crons "
                     "for the cron endpoints (without them the seven run endpoints are judged).")
          .procedure("Resolve each configured value's ${{ env.VAR }} from the harness's "
                     "environment (error naming the variable when unset); create a run with a "
                     "webhook on each of the seven run endpoints, then a thread cron, a stateless "
                     "cron and a stateless cron whose webhook is PATCHed at once, waiting for one "
                     "firing of each; compare the captured headers of every webhook. Values are "
                     "redacted from reports.")
          .asserts("On every webhook, each configured header arrives exactly once with the "
                   "resolved value (compared, never printed)."),
  };
}

}  // namespace wc
