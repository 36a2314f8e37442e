// payload — the body is a Run (plus the webhook fields) and it agrees with the run it reports.
#include "runner/case_context.h"
#include "suites.h"
#include "support/payload_checks.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

constexpr const char* kRunContract =
    "Docs: \"The webhook payload has the format of a Run\"; spec Run schema (openapi.json "
    "components.schemas.Run) plus the fields langgraph-api adds — spec/README.md promise 2";

void bodyMatchesPayloadSchema(CaseContext& ctx, Endpoint endpoint) {
  auto d = runAndCaptureJson(ctx, endpoint, "?token=schema");
  std::vector<SchemaError> errors;
  auto result = matchesSchema(d.payload, SchemaValidator::webhookPayload(), &errors);
  ctx.addSchemaErrors(errors);
  ctx.check(result);
}

void payloadAgreesWithRun(CaseContext& ctx, Endpoint endpoint) {
  auto d = runAndCaptureJson(ctx, endpoint, "?token=agree");
  if (!d.run.runId.empty()) {
    ctx.check(fieldEquals(d.payload, "/run_id", d.run.runId, "the run the endpoint created"));
  } else {
    ctx.observe("the endpoint did not reveal its run_id (no Content-Location); run_id unchecked");
  }
  if (!d.run.threadId.empty())
    ctx.check(fieldEquals(d.payload, "/thread_id", d.run.threadId, "the run's thread"));
  ctx.check(fieldEquals(d.payload, "/assistant_id", ctx.profile().assistantId,
                        "the assistant the run was created with"));
  ctx.check(fieldEquals(d.payload, "/status", "success", "the echo run ends in success"));
  ctx.check(fieldEquals(d.payload, "/kwargs/input", d.request.input, "the input sent"));
  ctx.check(fieldEquals(d.payload, "/kwargs/webhook", d.request.webhook, "the webhook URL given"));
  ctx.check(containsEntries(d.payload, "/metadata", d.request.metadata,
                            "the metadata the run was created with"));
}

CaseInfo baseInfo(const EndpointInfo& ep, const std::string& name, const std::string& title) {
  CaseInfo info;
  info.id = "payload." + ep.slug + "-" + name;
  info.area = "payload";
  info.endpoint = ep.slug;
  info.level = Level::Must;
  info.title = ep.operation + ": " + title;
  info.source = kRunContract;
  info.requires_ = "The endpoint and an assistant whose runs succeed (`echo` by default).";
  info.needs = {"webhooks-enabled", "full-payload"};
  return info;
}

}  // namespace

void registerPayloadCases(CaseRegistry& registry) {
  for (const auto& ep : runEndpoints()) {
    auto endpoint = ep.endpoint;
    auto schema = baseInfo(ep, "schema", "the webhook body is JSON and matches the payload schema");
    schema.purpose = "Receivers parse the body as a Run; it must have the Run's shape.";
    schema.procedure = "Create a run with a webhook; parse the captured body.";
    schema.asserts = "The body is a JSON object valid against schemas/webhook-payload.schema.json "
                     "(errors reported as JSON pointers).";
    registry.add({schema, [endpoint](CaseContext& ctx) { bodyMatchesPayloadSchema(ctx, endpoint); }});

    auto agree = baseInfo(ep, "agrees-with-run",
                          "the webhook reports the run that was created, its input and URL");
    agree.purpose = "The payload must describe the run it notifies about, not another one.";
    agree.procedure = "Create a run with a unique input, metadata {conformance_case: <id>} and a "
                      "webhook; compare the captured body "
                      "with what the endpoint returned (Run, SSE metadata or Content-Location).";
    agree.asserts = "run_id, thread_id and assistant_id match; status is success; kwargs.input "
                    "equals the input sent; kwargs.webhook equals the URL given; metadata holds "
                    "every entry of the metadata sent.";
    registry.add({agree, [endpoint](CaseContext& ctx) { payloadAgreesWithRun(ctx, endpoint); }});
  }
}

}  // namespace wc
