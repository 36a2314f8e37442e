#include "support/webhook_contract.h"

#include <algorithm>
#include <functional>

#include "runner/case_context.h"
#include "util/bounded_json.h"
#include "support/payload_checks.h"
#include "support/target_config.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

// The promise and the endpoint first: a report reader sees at once which webhook broke what.
testing::AssertionResult named(const WebhookExpectation& e, const char* promise,
                               const testing::AssertionResult& result) {
  if (result) return result;
  return testing::AssertionFailure() << promise << " (webhook of " << e.operation
                                     << "): " << result.message();
}

void judgeConfiguredHeaders(CaseContext& ctx, const WebhookExpectation& e,
                            const CapturedRequest& webhook, const nlohmann::json& config) {
  // A template whose variable the harness lacks cannot be compared: headers.configured-headers
  // reports that as an error of its own.
  for (const auto& h : configuredWebhookHeaders(config))
    if (h.value)
      ctx.must(named(e, "configured webhooks.headers arrive",
                      headerHasSecretValue(webhook, h.name, *h.value)));
}

void judgeAgreement(CaseContext& ctx, const WebhookExpectation& e, const nlohmann::json& payload,
                    const std::function<bool(const char*)>& sent) {
  const char* agrees = "the body agrees with its run";
  if (sent("run_id"))
    for (const auto& [where, runId] : e.runIds)
      ctx.must(named(e, agrees, fieldEquals(payload, "/run_id", runId, "the run " + where + " named")));
  if (sent("thread_id") && !e.threadId.empty())
    ctx.must(named(e, agrees, fieldEquals(payload, "/thread_id", e.threadId, "the run's thread")));
  if (sent("assistant_id") && !e.assistantId.empty())
    ctx.must(named(e, agrees, fieldEquals(payload, "/assistant_id", e.assistantId,
                                           "the assistant the run was created with")));
  if (sent("kwargs") && !e.input.is_null())
    ctx.must(named(e, agrees, fieldEquals(payload, "/kwargs/input", e.input, "the input sent")));
  if (sent("metadata") && !e.metadata.empty())
    ctx.must(named(e, agrees, containsEntries(payload, "/metadata", e.metadata,
                                               "the metadata the run was created with")));
}

}  // namespace

nlohmann::json judgeWebhook(CaseContext& ctx, const WebhookExpectation& e,
                            const CapturedRequest& webhook) {
  ctx.must(named(e, "the webhook URL arrives byte-exact", targetArrivedByteExact(webhook, e.target)));
  ctx.must(named(e, "the webhook is a POST", isPost(webhook)));
  ctx.should(named(e, "Content-Type is application/json", contentTypeIsJson(webhook)));
  const auto& config = ctx.profile().targetConfig;
  if (config) judgeConfiguredHeaders(ctx, e, webhook, *config);

  nlohmann::json payload;
  if (!ctx.must(named(e, "the body is a Run", bodyIsJsonObject(webhook, &payload)))) return {};
  const auto allowed = config ? allowedFieldsOf(*config) : std::vector<std::string>{};
  // With webhooks.allowed_fields only the listed keys are sent: the schema cannot hold, and
  // each comparison below applies only to a key the deployment sends.
  const auto sent = [&allowed](const char* key) {
    return allowed.empty() || std::find(allowed.begin(), allowed.end(), key) != allowed.end();
  };
  if (!allowed.empty()) {
    ctx.must(named(e, "only webhooks.allowed_fields are sent", onlyAllowedKeys(payload, allowed)));
  } else {
    std::vector<SchemaError> errors;
    auto schema = matchesSchema(payload, SchemaValidator::webhookPayload(), &errors);
    ctx.addSchemaErrors(errors);
    ctx.must(named(e, "the body is a Run", schema));
    ctx.should(named(e, "timestamps are in order", timestampsOrdered(payload)));
  }
  // `rollback` ends a run pushed aside by multitask_strategy rollback (langgraph-api): final,
  // though outside the Run enum; the schema admits it.
  if (sent("status") && textField(payload, "status") != "rollback")
    ctx.must(named(e, "the run has ended", statusIsFinal(payload, "the webhook payload")));
  judgeAgreement(ctx, e, payload, sent);
  return payload;
}

}  // namespace wc
