// payload — the body is a Run (plus the webhook fields) and agrees with the run it reports; what
// it says about the run's outcome: timestamps, final values, failed, cancelled and paused runs,
// and the deployment's webhooks.allowed_fields.
#include "util/bounded_json.h"
#include "case_table.h"
#include "runner/case_context.h"
#include "support/every_endpoint.h"
#include "support/payload_checks.h"
#include "support/run_waits.h"
#include "support/target_config.h"
#include "support/webhook_checks.h"
#include "support/webhook_contract.h"

namespace wc {
namespace {

constexpr const char* kRunContract =
    "Docs: \"The webhook payload has the format of a Run\"; spec Run schema (openapi.json "
    "components.schemas.Run) plus the fields langgraph-api adds — docs/PLATFORM.md promise 2";
constexpr const char* kReferenceBody =
    "docs/PLATFORM.md, 'The reference server': body = the run row plus status, "
    "run_started_at, run_ended_at, webhook_sent_at, values, and error whenever the worker ended "
    "the run with an exception: failed, cancelled, rolled back, timed out (observed in the Python server's code)";

// Seven runs, then three crons waited for together (one period + scheduler check + slack).
constexpr std::chrono::seconds kEveryEndpointBudget{180};

// The slow run the cancel case cancels: long enough that it cannot finish first.
constexpr int kCancelledRunSeconds = 30;

// The schema, and the body's agreement with its run (ids, assistant, input, metadata), are the
// webhook contract's: runAndCapture judges them on every webhook of every case.
void bodyMatchesPayloadSchema(CaseContext& ctx, Endpoint endpoint) {
  auto d = runAndCaptureJson(ctx, endpoint, "?token=schema");
  if (!ctx.failed()) ctx.observe("the body matches the webhook payload schema");
}

void payloadAgreesWithRun(CaseContext& ctx, Endpoint endpoint) {
  auto d = runAndCaptureJson(ctx, endpoint, "?token=agree");
  if (d.run.runIdsRevealed.empty())
    ctx.observe("the endpoint revealed no run_id (no Run body, SSE metadata event or "
                "Content-Location naming a run); run_id unchecked");
  ctx.check(fieldEquals(d.payload, "/status", "success", "the echo run ends in success"));
  ctx.check(fieldEquals(d.payload, "/kwargs/webhook", d.request.webhook, "the webhook URL given"));
}

// A SHOULD row: the contract's should() breach makes it warn.
void timestampsAreOrdered(CaseContext& ctx) {
  (void)runAndCaptureJson(ctx, Endpoint::ThreadRunsCreate, "?token=times");
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

void failedRunErrorShape(CaseContext& ctx) {
  auto d = failedRun(ctx, "?token=error-shape");
  auto result = errorShapeMatchesPlatform(d.payload, ctx.profile().platform);
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
  Delivery d;
  d.route = ctx.newRoute();
  d.expectedTarget = ctx.capture().targetFor(d.route, "?token=cancel");
  auto& request = d.request;
  request.assistantId = ctx.profile().slowAssistantId;
  request.input = {{"seconds", kCancelledRunSeconds}};
  request.webhook = ctx.capture().urlFor(d.route, "?token=cancel");
  request.metadata = {{"conformance_case", ctx.info().id}};
  auto& run = d.run = startRun(ctx, Endpoint::ThreadRunsCreate, request);
  if (run.runId.empty()) ctx.error("the created run has no string run_id: " + run.response.body.substr(0, 300));
  CancelOnExit cancel{ctx, "/threads/" + pathSegment(run.threadId) + "/runs/" + pathSegment(run.runId) + "/cancel"};
  // Cancel a run that is executing, not one still queued (a queued run may never start).
  ctx.require(awaitRunStatus(
      ctx, run.threadId, run.runId, [](const std::string& s) { return s != "pending"; },
      "running", ctx.scaled(std::chrono::seconds(10))));
  cancel.done = true;
  ctx.need(ctx.target().post(cancel.path, nlohmann::json::object()),
           "POST /threads/{tid}/runs/{rid}/cancel");
  CapturedRequest webhook;
  ctx.require(ctx.capture().awaitWebhook(d.route, webhookTimeout(ctx), &webhook));
  ctx.addEvidence(webhook);
  auto payload = judgeWebhook(ctx, expectationOf(ctx, Endpoint::ThreadRunsCreate, d), webhook);
  if (!payload.is_object()) return;
  if (textField(payload, "status") == "success")
    ctx.check(testing::AssertionFailure()
              << "the cancelled run's webhook reports status success; a "
              << kCancelledRunSeconds << " s run cancelled while running cannot have succeeded");
  ctx.observe("cancelled run delivered status '" + textField(payload, "status") + "'");
  // langgraph-api sends the UserInterrupt that ended the run as `error`; LangGraph.js (1.4.4 on)
  // sends none.
  auto shape = errorShapeWhenPresent(payload, ctx.profile().platform);
  if (ctx.should(shape)) ctx.observe(std::string("cancelled run: ") + shape.message());
}

// What a JSON value is, for an observation: its type, and an object's first keys.
std::string describeValue(const nlohmann::json& value) {
  if (!value.is_object()) return std::string("a ") + value.type_name();
  constexpr size_t kKeysShown = 10;
  std::string keys;
  size_t shown = 0;
  for (const auto& [key, member] : value.items()) {
    if (shown++ == kKeysShown) {
      keys += ", ...";
      break;
    }
    keys += (keys.empty() ? "" : ", ") + key.substr(0, 64);
  }
  return "an object with keys [" + keys + "]";
}

// Recorded, not judged: what a receiver hears when a run pauses for human review. Promise 1 and
// the webhook contract still hold (the run completed): a webhook that does not arrive, or breaks
// the contract, fails this INFO case.
void humanReviewPauseObserved(CaseContext& ctx) {
  Delivery d;
  d.route = ctx.newRoute();
  d.expectedTarget = ctx.capture().targetFor(d.route, "?token=review");
  d.request.assistantId = ctx.profile().reviewAssistantId;
  d.request.input = caseInput(ctx);
  d.request.webhook = ctx.capture().urlFor(d.route, "?token=review");
  d.request.metadata = {{"conformance_case", ctx.info().id}};
  d.run = startRun(ctx, Endpoint::ThreadRunsCreate, d.request);
  if (!ctx.must(ctx.capture().awaitWebhook(d.route, webhookTimeout(ctx), &d.webhook))) return;
  ctx.addEvidence(d.webhook);
  const auto payload =
      judgeWebhook(ctx, expectationOf(ctx, Endpoint::ThreadRunsCreate, d), d.webhook);
  if (!payload.is_object()) return;
  ctx.observe("paused run: the webhook reports status '" + textField(payload, "status") + "'");
  ctx.observe("paused run: `values` is " +
              (payload.contains("values") ? describeValue(payload["values"]) : "absent"));
  ctx.observe(std::string("paused run: `error` is ") +
              (payload.contains("error") ? describeValue(payload["error"]) : "absent"));
  auto thread = ctx.target().getThread(d.run.threadId);
  if (!thread.ok() || !thread.json.is_object()) {
    ctx.observe("GET /threads/{id} gave no thread to read back: " + thread.error);
    return;
  }
  ctx.observe("the thread's status read back: '" + textField(thread.json, "status") + "'" +
              (thread.json.contains("interrupts")
                   ? "; its `interrupts` is " + describeValue(thread.json["interrupts"])
                   : std::string()));
}

// The contract checks the keys of every webhook against webhooks.allowed_fields.
void onlyAllowedFieldsArrive(CaseContext& ctx) { judgeWebhookOfEveryEndpoint(ctx, "fields"); }

// One pair of rows per run endpoint: the body matches the schema, and agrees with the run.
CaseRow schemaRow(const char* id, Endpoint endpoint) {
  return endpointRow(id, Level::Must, endpoint, ": the webhook body is JSON and matches the payload schema",
                     kRunContract, {Need::WebhooksEnabled, Need::FullPayload}, bodyMatchesPayloadSchema)
      .evidence(EvidenceGrade::Documented)
      .purpose("Receivers parse the body as a Run; it must have the Run's shape.")
      .requiring("The endpoint and an assistant whose runs succeed (`echo` by default).")
      .procedure("Create a run with a webhook; parse the captured body.")
      .asserts("The body is a JSON object valid against schemas/webhook-payload.schema.json "
               "(errors reported as JSON pointers).");
}

CaseRow agreesRow(const char* id, Endpoint endpoint) {
  return endpointRow(id, Level::Must, endpoint,
                     ": the webhook reports the run that was created, its input and URL",
                     std::string(kRunContract) + "; kwargs.webhook holding the URL: observed in "
                     "the Python server's code and measured on LangGraph.js (docs/PLATFORM.md 'The "
                     "reference server')",
                     {Need::WebhooksEnabled, Need::FullPayload}, payloadAgreesWithRun)
      .evidence(EvidenceGrade::Observed)
      .purpose("The payload must describe the run it notifies about, not another one.")
      .requiring("The endpoint and an assistant whose runs succeed (`echo` by default).")
      .procedure("Create a run with a unique input, metadata {conformance_case: <id>} and a "
                 "webhook; compare the captured body with what the endpoint returned (Run, SSE "
                 "metadata or Content-Location).")
      .asserts("run_id, thread_id and assistant_id match; status is success; kwargs.input equals "
               "the input sent; kwargs.webhook equals the URL given; metadata holds every entry "
               "of the metadata sent.");
}

constexpr const char* kEchoRun = "POST /threads/{thread_id}/runs with a webhook and the `echo` assistant.";
constexpr const char* kFailGraph = "A graph that raises (`fail`, or --fail-assistant).";

}  // namespace

CaseTable payloadCases() {
  return {
      schemaRow("payload.threads-runs-create-schema", Endpoint::ThreadRunsCreate),
      agreesRow("payload.threads-runs-create-agrees-with-run", Endpoint::ThreadRunsCreate),
      schemaRow("payload.threads-runs-stream-schema", Endpoint::ThreadRunsStream),
      agreesRow("payload.threads-runs-stream-agrees-with-run", Endpoint::ThreadRunsStream),
      schemaRow("payload.threads-runs-wait-schema", Endpoint::ThreadRunsWait),
      agreesRow("payload.threads-runs-wait-agrees-with-run", Endpoint::ThreadRunsWait),
      schemaRow("payload.runs-stream-schema", Endpoint::RunsStream),
      agreesRow("payload.runs-stream-agrees-with-run", Endpoint::RunsStream),
      schemaRow("payload.runs-wait-schema", Endpoint::RunsWait),
      agreesRow("payload.runs-wait-agrees-with-run", Endpoint::RunsWait),
      schemaRow("payload.runs-create-schema", Endpoint::Runs),
      agreesRow("payload.runs-create-agrees-with-run", Endpoint::Runs),
      schemaRow("payload.runs-batch-schema", Endpoint::RunsBatch),
      agreesRow("payload.runs-batch-agrees-with-run", Endpoint::RunsBatch),

      CaseRow{"payload.timestamps-ordered", Level::Should,
              "timestamps parse and are ordered: created <= started <= ended <= sent",
              kReferenceBody, {Need::WebhooksEnabled, Need::FullPayload}, timestampsAreOrdered}
          .evidence(EvidenceGrade::Observed)
          .purpose("Receivers order and deduplicate by these timestamps; a webhook sent before "
                   "the run ended (or a wrong clock) shows here.")
          .requiring(kEchoRun)
          .procedure("Create a run with a webhook; read the four timestamps from the payload.")
          .asserts("created_at, run_started_at, run_ended_at, webhook_sent_at are ISO 8601 and "
                   "non-decreasing in that order."),

      CaseRow{"payload.values-final-state", Level::Should,
              "values is the thread's final state after the run", kReferenceBody,
              {Need::WebhooksEnabled, Need::FullPayload}, valuesAreTheFinalState}
          .evidence(EvidenceGrade::Observed)
          .purpose("Receivers read the run's result from `values` instead of calling back.")
          .requiring(kEchoRun)
          .procedure("Create a run with a webhook; when it arrives, GET /threads/{id}/state.")
          .asserts("payload.values equals the state's values."),

      CaseRow{"payload.stateless-values", Level::Info,
              "what `values` holds for a stateless run (recorded, not judged)", kReferenceBody,
              {Need::WebhooksEnabled, Need::FullPayload}, statelessValuesObserved}
          .evidence(EvidenceGrade::Observed)
          .on(Endpoint::RunsWait)
          .purpose("Servers differ: langgraph-api sends null, LangGraph.js omits the key.")
          .requiring("POST /runs/wait with a webhook.")
          .procedure("Run POST /runs/wait with a webhook; inspect payload.values.")
          .asserts("Nothing: the observation is recorded."),

      CaseRow{"payload.failed-run-delivers", Level::Must,
              "a run that raises delivers one webhook with status error",
              "Docs promise 1 (\"when the run completes\") holds for failed runs too; the docs "
              "page's payload table: `error` present on failure; spec Run status enum (error)",
              {Need::WebhooksEnabled, Need::FullPayload, Need::FailGraph}, failedRunDelivers}
          .evidence(EvidenceGrade::Documented)
          .purpose("Failures are what receivers most need to hear about.")
          .requiring(kFailGraph)
          .procedure("Create a run of the fail graph with a webhook; wait the duplicate window.")
          .asserts("Exactly one webhook arrives; its status is \"error\"."),

      CaseRow{"payload.failed-run-error-shape", Level::Should,
              "a failed run's `error` has its version's shape (string < 0.7.46 <= object)",
              kReferenceBody, {Need::WebhooksEnabled, Need::FullPayload, Need::FailGraph},
              failedRunErrorShape}
          .evidence(EvidenceGrade::Documented)
          .dependsOn(PlatformChange::ErrorObject)
          .purpose("Receivers parse `error`; its shape changed in langgraph-api 0.7.46.")
          .requiring(kFailGraph)
          .procedure("Create a run of the fail graph with a webhook; read payload.error; judge "
                     "by the platform profile (GET /info's version or --platform-version).")
          .asserts("error is a string for versions < 0.7.46, an object {error, message} of "
                   "strings from 0.7.46 and for a target of unknown version (judged as the "
                   "newest); LangGraph.js may send either (it sends a string in every version "
                   "read)."),

      CaseRow{"payload.cancelled-run-delivers", Level::Should,
              "a cancelled run delivers a webhook with a final, non-success status",
              "docs/PLATFORM.md: final statuses include interrupted; the Python worker's code "
              "sends the webhook of a cancelled run; measured on LangGraph.js (FINDINGS): a "
              "cancelled run delivers status interrupted (1.5.1) or error (2.0.0, 0.0.71)",
              {Need::WebhooksEnabled, Need::FullPayload, Need::SlowGraph}, cancelledRunDelivers}
          .evidence(EvidenceGrade::Observed)
          .purpose("A cancelled run is finished; its receiver must not wait forever.")
          .requiring("A graph that sleeps input.seconds (`slow`, or --slow-assistant) and "
                     "POST /threads/{tid}/runs/{rid}/cancel.")
          .procedure("Start a slow run (" + std::to_string(kCancelledRunSeconds) +
                     " s) with a webhook; once its status leaves pending, cancel it; wait for "
                     "the webhook.")
          .dependsOn(PlatformChange::ErrorObject)
          .asserts("One webhook arrives; its status is final and not success; its `error`, when "
                   "present (langgraph-api sends the UserInterrupt that ended the run), has its "
                   "version's shape (as payload.failed-run-error-shape)."),

      CaseRow{"payload.human-review-pause-observed", Level::Info,
              "what the webhook of a run paused for human review carries (recorded, not judged)",
              "Docs promise 1 (\"when the run completes\"): a run that stops at interrupt() has "
              "completed; docs/PLATFORM.md: it ends status success on langgraph-api (its worker's "
              "code) and LangGraph.js (measured); users ask to hear about pauses (langchain-ai/langgraph PR #7359)",
              {Need::WebhooksEnabled, Need::FullPayload, Need::ReviewGraph},
              humanReviewPauseObserved}
          .evidence(EvidenceGrade::Observed)
          .purpose("Human-in-the-loop apps wait for a webhook to ask a reviewer; whether and how "
                   "the pause shows in the payload decides whether they can.")
          .requiring("A graph that calls interrupt() before it answers (`review`, or "
                     "--review-assistant).")
          .procedure("Create a run of the review graph with a webhook; when it arrives, GET "
                     "/threads/{id}.")
          .asserts("The webhook arrives (the paused run has completed) and meets the webhook "
                   "contract: a miss or a MUST breach fails this INFO case. Recorded: the "
                   "payload's status, values and error, the thread's status and interrupts."),

      CaseRow{"payload.allowed-fields", Level::Must,
              "with webhooks.allowed_fields, only the listed top-level keys arrive",
              "docs/PLATFORM.md: \"webhooks.allowed_fields (0.7.11 on): only the listed top-level "
              "keys are sent\"; Agent Server changelog 0.7.11",
              {Need::WebhooksEnabled, Need::ConfigAllowedFields}, onlyAllowedFieldsArrive}
          .evidence(EvidenceGrade::Documented)
          .since(PlatformChange::AllowedFields)
          .budget(kEveryEndpointBudget)
          .onEveryEndpoint()
          .creates(everyEndpointCreations())
          .purpose("Deployments trim payloads to keep data (inputs, values) from receivers; a "
                   "trim that one endpoint skips leaks on that endpoint.")
          .requiring("--target-config with webhooks.allowed_fields; crons for the cron endpoints "
                     "(without them the seven run endpoints are judged).")
          .procedure("Create a run with a webhook on each of the seven run endpoints; then a "
                     "thread cron, a stateless cron and a stateless cron whose webhook is PATCHed "
                     "at once, and wait for one firing of each; delete the crons.")
          .asserts("On every webhook, each top-level key is in webhooks.allowed_fields; each "
                   "listed key that arrives agrees with its run (status final, ids, assistant, "
                   "input); the URL arrives byte-exact, as a POST."),
  };
}

}  // namespace wc
