#include "util/bounded_json.h"
#include "support/webhook_checks.h"

#include "runner/case_context.h"
#include "support/run_waits.h"
#include "support/webhook_contract.h"
#include "util/excerpt.h"

namespace wc {
std::chrono::milliseconds webhookTimeout(const CaseContext& ctx) {
  return ctx.scaled(std::chrono::milliseconds(15000));
}

testing::AssertionResult isPost(const CapturedRequest& request) {
  if (request.method == "POST") return testing::AssertionSuccess() << "method POST";
  return testing::AssertionFailure() << "expected the webhook as a POST, got " << request.method;
}

testing::AssertionResult bodyIsJsonObject(const CapturedRequest& request, nlohmann::json* out) {
  auto parsed = parseBoundedJsonOrDiscarded(request.body);
  if (out) *out = parsed.is_discarded() ? nlohmann::json() : parsed;
  if (parsed.is_discarded()) {
    std::string why;
    (void)parseBoundedJson(request.body, {}, &why);
    return testing::AssertionFailure() << "expected a JSON body, got " << request.body.size()
                                       << " bytes that do not parse (" << why
                                       << "): " << excerpt(request.body, 200);
  }
  if (!parsed.is_object())
    return testing::AssertionFailure() << "expected a JSON object (a Run), got a JSON "
                                       << parsed.type_name() << ": " << excerpt(request.body, 200);
  return testing::AssertionSuccess();
}

testing::AssertionResult matchesSchema(const nlohmann::json& payload,
                                       const SchemaValidator& validator,
                                       std::vector<SchemaError>* errors) {
  auto found = validator.validate(payload);
  if (errors) *errors = found;
  if (found.empty()) return testing::AssertionSuccess() << "payload matches the schema";
  return testing::AssertionFailure() << "payload does not match the webhook payload schema: "
                                     << formatSchemaErrors(found);
}

testing::AssertionResult fieldEquals(const nlohmann::json& payload, const std::string& pointer,
                                     const nlohmann::json& expected, const std::string& why) {
  nlohmann::json::json_pointer ptr(pointer);
  if (!payload.is_object() || !payload.contains(ptr))
    return testing::AssertionFailure() << "payload has no " << pointer << "; expected "
                                       << excerpt(expected.dump(), 200) << " (" << why << ")";
  const auto& actual = payload.at(ptr);
  if (actual == expected) return testing::AssertionSuccess() << pointer << " as expected";
  return testing::AssertionFailure() << "payload " << pointer << " is " << excerpt(actual.dump(), 200)
                                     << ", expected " << excerpt(expected.dump(), 200) << " (" << why
                                     << ")";
}

testing::AssertionResult targetArrivedByteExact(const CapturedRequest& request,
                                                const std::string& expectedTarget) {
  if (request.target == expectedTarget)
    return testing::AssertionSuccess() << "request target arrived byte-exact";
  size_t at = 0;
  while (at < request.target.size() && at < expectedTarget.size() &&
         request.target[at] == expectedTarget[at])
    ++at;
  return testing::AssertionFailure()
         << "the webhook URL did not arrive byte-exact: sent target " << excerpt(expectedTarget, 200)
         << ", received " << excerpt(request.target, 200) << " (first difference at byte " << at << ")";
}

testing::AssertionResult contentTypeIsJson(const CapturedRequest& request) {
  auto ct = request.header("Content-Type");
  auto base = ct.substr(0, ct.find(';'));
  while (!base.empty() && base.back() == ' ') base.pop_back();
  for (auto& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (base == "application/json") return testing::AssertionSuccess() << "Content-Type " << ct;
  return testing::AssertionFailure() << "expected Content-Type application/json, got '" << ct
                                     << "'";
}

WebhookExpectation expectationOf(const CaseContext& ctx, Endpoint endpoint, const Delivery& d) {
  WebhookExpectation e;
  e.operation = endpointInfo(endpoint).operation;
  e.target = d.expectedTarget;
  e.runIds = d.run.runIdsRevealed;
  e.threadId = d.run.threadId;
  e.assistantId = d.request.assistantId.empty() ? ctx.profile().assistantId : d.request.assistantId;
  e.input = d.request.input;
  e.metadata = d.request.metadata;
  return e;
}

Delivery runAndCapture(CaseContext& ctx, Endpoint endpoint, const std::string& suffix,
                       RunRequest request, CaptureServer* capture) {
  CaptureServer& server = capture ? *capture : ctx.capture();
  Delivery d;
  d.route = ctx.newRoute();
  d.expectedTarget = server.targetFor(d.route, suffix);
  request.webhook = server.urlFor(d.route, suffix);
  if (request.input.is_null()) request.input = caseInput(ctx);
  if (request.metadata.empty()) request.metadata = {{"conformance_case", ctx.info().id}};
  d.request = request;
  d.run = startRun(ctx, endpoint, request);
  ctx.require(server.awaitWebhook(d.route, webhookTimeout(ctx), &d.webhook));
  ctx.addEvidence(d.webhook);
  // The capture server files /hook/<route>/anything under <route>: the contract compares the
  // whole target, so a webhook that came to another path or query is the wrong target.
  d.payload = judgeWebhook(ctx, expectationOf(ctx, endpoint, d), d.webhook);
  // Every delivery measures latency: the disable cases size their window from it.
  recordDeliveryLatency(ctx, d.payload, d.webhook);
  return d;
}

Delivery runAndCaptureJson(CaseContext& ctx, Endpoint endpoint, const std::string& suffix,
                           RunRequest request) {
  auto d = runAndCapture(ctx, endpoint, suffix, std::move(request));
  if (!d.payload.is_object()) throw CaseStop{Verdict::Fail, "the webhook's body is not a JSON object"};
  return d;
}

}  // namespace wc
