// headers — the webhook's Content-Type, and the headers the deployment's langgraph.json adds.
#include "case_table.h"
#include "runner/case_context.h"
#include "support/payload_checks.h"
#include "support/target_config.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

void contentTypeIsApplicationJson(CaseContext& ctx) {
  auto d = runAndCapture(ctx, Endpoint::ThreadRunsCreate, "?token=content-type");
  ctx.check(contentTypeIsJson(d.webhook));
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
  auto d = runAndCapture(ctx, Endpoint::ThreadRunsCreate, "?token=headers");
  for (const auto& h : headers) {
    if (ctx.check(headerHasSecretValue(d.webhook, h.name, *h.value)))
      ctx.observe("header " + h.name + " arrived as configured" +
                  (h.templated ? " (template resolved)" : ""));
  }
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
          .purpose("Receivers authenticate webhooks by these headers (API keys, shared secrets).")
          .requiring("--target-config with webhooks.headers; the harness runs with the same "
                     "environment variables as the deployment (templates resolve from it).")
          .procedure("Resolve each configured value's ${{ env.VAR }} from the harness's "
                     "environment (error naming the variable when unset); create a run with a "
                     "webhook; compare the captured headers. Values are redacted from reports.")
          .asserts("Each configured header arrives exactly once with the resolved value "
                   "(compared, never printed)."),
  };
}

}  // namespace wc
