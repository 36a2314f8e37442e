// payload — what the body says about the run's outcome: timestamps, final values, failed and
// cancelled runs, and the deployment's webhooks.allowed_fields.
#include "util/bounded_json.h"
#include "runner/case_context.h"
#include "suites.h"
#include "support/payload_checks.h"
#include "support/run_waits.h"
#include "support/target_config.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

constexpr const char* kReferenceBody =
    "spec/README.md, 'What the reference server does': body = the run row plus status, "
    "run_started_at, run_ended_at, webhook_sent_at, values, and error when the run raised "
    "(langgraph-api)";

void timestampsAreOrdered(CaseContext& ctx) {
  auto d = runAndCaptureJson(ctx, Endpoint::ThreadRunsCreate, "?token=times");
  ctx.check(timestampsOrdered(d.payload));
}

void valuesAreTheFinalState(CaseContext& ctx) {
  auto d = runAndCaptureJson(ctx, Endpoint::ThreadRunsCreate, "?token=values");
  auto state = ctx.need(ctx.target().getThreadState(d.run.threadId), "GET /threads/{id}/state");
  if (!state.json.is_object() || !state.json.contains("values"))
    ctx.error("GET /threads/{id}/state answered without values: " + state.body.substr(0, 200));
  ctx.check(fieldEquals(d.payload, "/values", state.json["values"],
                        "the thread's values after the run (GET /threads/{id}/state)"));
}

void statelessValuesObserved(CaseContext& ctx) {
  auto d = runAndCaptureJson(ctx, Endpoint::RunsWait, "?token=stateless");
  if (!d.payload.contains("values")) {
    ctx.observe("stateless run: the payload has no `values` key (LangGraph.js behaviour)");
  } else if (d.payload["values"].is_null()) {
    ctx.observe("stateless run: `values` is null (langgraph-api behaviour: the thread is deleted)");
  } else {
    auto text = d.payload["values"].dump();
    ctx.observe("stateless run: `values` is a " + std::string(d.payload["values"].type_name()) +
                ": " + (text.size() > 160 ? text.substr(0, 160) + "..." : text));
  }
}

Delivery failedRun(CaseContext& ctx, const std::string& suffix) {
  RunRequest request;
  request.assistantId = ctx.profile().failAssistantId;
  return runAndCaptureJson(ctx, Endpoint::ThreadRunsCreate, suffix, request);
}

void failedRunDelivers(CaseContext& ctx) {
  auto d = failedRun(ctx, "?token=failed");
  ctx.check(fieldEquals(d.payload, "/status", "error", "a run that raised ends in error"));
  ctx.check(ctx.capture().expectNoWebhook(d.route, duplicateWindow(ctx), 1));
}

// langgraph-api versions number the Python server; another server's version says nothing.
std::string pythonApiVersion(const TargetProfile& profile) {
  const auto& info = profile.info;
  if (info.is_object() && (info.contains("langgraph_js_version") || textField(info, "context") == "js"))
    return "";
  return profile.version();
}

void failedRunErrorShape(CaseContext& ctx) {
  auto d = failedRun(ctx, "?token=error-shape");
  auto result = errorShapeMatchesVersion(d.payload, pythonApiVersion(ctx.profile()));
  if (ctx.check(result)) ctx.observe(result.message());
}

// Cancels the run when the case ends early, so a 30 s slow run never outlives its case.
struct CancelOnExit {
  CaseContext& ctx;
  std::string path;
  bool done = false;
  ~CancelOnExit() {
    if (!done) (void)ctx.target().post(path, nlohmann::json::object());
  }
};

void cancelledRunDelivers(CaseContext& ctx) {
  auto route = ctx.newRoute();
  RunRequest request;
  request.assistantId = ctx.profile().slowAssistantId;
  request.input = {{"seconds", 30}};
  request.webhook = ctx.capture().urlFor(route, "?token=cancel");
  auto run = startRun(ctx, Endpoint::ThreadRunsCreate, request);
  if (run.runId.empty()) ctx.error("the created run has no string run_id: " + run.response.body.substr(0, 300));
  CancelOnExit cancel{ctx, "/threads/" + run.threadId + "/runs/" + run.runId + "/cancel"};
  // Cancel a run that is executing, not one still queued (a queued run may never start).
  ctx.require(awaitRunStatus(
      ctx, run.threadId, run.runId, [](const std::string& s) { return s != "pending"; },
      "running", ctx.scaled(std::chrono::seconds(10))));
  cancel.done = true;
  ctx.need(ctx.target().post(cancel.path, nlohmann::json::object()),
           "POST /threads/{tid}/runs/{rid}/cancel");
  CapturedRequest webhook;
  ctx.require(ctx.capture().awaitWebhook(route, webhookTimeout(ctx), &webhook));
  ctx.addEvidence(webhook);
  nlohmann::json payload;
  ctx.require(bodyIsJsonObject(webhook, &payload));
  ctx.check(statusIsFinal(payload, "the cancelled run's webhook"));
  if (textField(payload, "status") == "success")
    ctx.check(testing::AssertionFailure()
              << "the cancelled run's webhook reports status success; a 30 s run cancelled "
                 "while running cannot have succeeded");
  ctx.observe("cancelled run delivered status '" + textField(payload, "status") + "'");
}

void onlyAllowedFieldsArrive(CaseContext& ctx) {
  auto allowed = allowedFieldsOf(*ctx.profile().targetConfig);
  auto d = runAndCaptureJson(ctx, Endpoint::ThreadRunsCreate, "?token=fields");
  ctx.check(onlyAllowedKeys(d.payload, allowed));
}

CaseInfo info(const std::string& name, Level level, const std::string& title) {
  CaseInfo i;
  i.id = "payload." + name;
  i.area = "payload";
  i.endpoint = "threads-runs-create";
  i.level = level;
  i.title = title;
  i.source = kReferenceBody;
  i.requires_ = "POST /threads/{thread_id}/runs with a webhook and the `echo` assistant.";
  i.needs = {"webhooks-enabled", "full-payload"};
  return i;
}

}  // namespace

void registerPayloadOutcomeCases(CaseRegistry& registry) {
  auto times = info("timestamps-ordered", Level::Should,
                    "timestamps parse and are ordered: created <= started <= ended <= sent");
  times.purpose = "Receivers order and deduplicate by these timestamps; a webhook sent before "
                  "the run ended (or a wrong clock) shows here.";
  times.procedure = "Create a run with a webhook; read the four timestamps from the payload.";
  times.asserts = "created_at, run_started_at, run_ended_at, webhook_sent_at are ISO 8601 and "
                  "non-decreasing in that order.";
  registry.add({times, timestampsAreOrdered});

  auto values = info("values-final-state", Level::Should,
                     "values is the thread's final state after the run");
  values.purpose = "Receivers read the run's result from `values` instead of calling back.";
  values.procedure = "Create a run with a webhook; when it arrives, GET /threads/{id}/state.";
  values.asserts = "payload.values equals the state's values.";
  registry.add({values, valuesAreTheFinalState});

  auto stateless = info("stateless-values", Level::Info,
                        "what `values` holds for a stateless run (recorded, not judged)");
  stateless.endpoint = "runs-wait";
  stateless.purpose = "Servers differ: langgraph-api sends null, LangGraph.js omits the key.";
  stateless.requires_ = "POST /runs/wait with a webhook.";
  stateless.procedure = "Run POST /runs/wait with a webhook; inspect payload.values.";
  stateless.asserts = "Nothing: the observation is recorded.";
  registry.add({stateless, statelessValuesObserved});

  auto failed = info("failed-run-delivers", Level::Must,
                     "a run that raises delivers one webhook with status error");
  failed.source = "Docs promise 1 (\"when the run completes\") holds for failed runs too; "
                  "spec/README.md: final status error, `error` only when the run raised";
  failed.purpose = "Failures are what receivers most need to hear about.";
  failed.requires_ = "A graph that raises (`fail`, or --fail-assistant).";
  failed.procedure = "Create a run of the fail graph with a webhook; wait the duplicate window.";
  failed.asserts = "Exactly one webhook arrives; its status is \"error\".";
  failed.needs.push_back("fail-graph");
  registry.add({failed, failedRunDelivers});

  auto shape = info("failed-run-error-shape", Level::Should,
                    "a failed run's `error` has its version's shape (string < 0.7.46 <= object)");
  shape.purpose = "Receivers parse `error`; its shape changed in langgraph-api 0.7.46.";
  shape.requires_ = failed.requires_;
  shape.procedure = "Create a run of the fail graph with a webhook; read payload.error; take the "
                    "version from GET /info.";
  shape.asserts = "error is a string for versions < 0.7.46, an object {error, message} of strings "
                  "from 0.7.46; with an unknown version either shape passes (recorded).";
  shape.needs.push_back("fail-graph");
  registry.add({shape, failedRunErrorShape});

  auto cancelled = info("cancelled-run-delivers", Level::Should,
                        "a cancelled run delivers a webhook with a final, non-success status");
  cancelled.source = "spec/README.md: final statuses include interrupted; LangGraph.js FINDINGS: "
                     "a cancelled run delivers status error, error \"interrupt\"";
  cancelled.purpose = "A cancelled run is finished; its receiver must not wait forever.";
  cancelled.requires_ = "A graph that sleeps input.seconds (`slow`, or --slow-assistant) and "
                        "POST /threads/{tid}/runs/{rid}/cancel.";
  cancelled.procedure = "Start a slow run (30 s) with a webhook; once its status leaves pending, "
                        "cancel it; wait for the webhook.";
  cancelled.asserts = "One webhook arrives; its status is final and not success.";
  cancelled.needs.push_back("slow-graph");
  registry.add({cancelled, cancelledRunDelivers});

  auto fields = info("allowed-fields", Level::Must,
                     "with webhooks.allowed_fields, only the listed top-level keys arrive");
  fields.source = "spec/README.md: \"webhooks.allowed_fields (0.7.11 on): only the listed "
                  "top-level keys are sent\"; langgraph.json schema";
  fields.purpose = "Deployments trim payloads to keep data (inputs, values) from receivers.";
  fields.requires_ = "--target-config with webhooks.allowed_fields.";
  fields.procedure = "Create a run with a webhook; list the payload's top-level keys.";
  fields.asserts = "Every top-level key is in webhooks.allowed_fields.";
  fields.needs = {"webhooks-enabled", "config:allowed-fields"};
  registry.add({fields, onlyAllowedFieldsArrive});
}

}  // namespace wc
