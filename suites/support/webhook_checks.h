#pragma once
// Checks on a captured webhook. Each returns an AssertionResult that says what was expected and
// what arrived, so a failure message is evidence on its own.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "capture/captured_request.h"
#include "schema/payload_validator.h"
#include "support/delivery_windows.h"
#include "support/endpoints.h"

namespace wc {

class CaseContext;
class CaptureServer;

// How long a case waits for a webhook (scaled by --timeout-scale). The windows for duplicates,
// retries and redirects are in delivery_windows.h.
std::chrono::milliseconds webhookTimeout(const CaseContext& ctx);

testing::AssertionResult isPost(const CapturedRequest& request);
testing::AssertionResult bodyIsJsonObject(const CapturedRequest& request, nlohmann::json* out);
testing::AssertionResult matchesSchema(const nlohmann::json& payload,
                                       const SchemaValidator& validator,
                                       std::vector<SchemaError>* errors);
// payload[pointer] == expected
testing::AssertionResult fieldEquals(const nlohmann::json& payload, const std::string& pointer,
                                     const nlohmann::json& expected, const std::string& why);
testing::AssertionResult targetArrivedByteExact(const CapturedRequest& request,
                                                const std::string& expectedTarget);
testing::AssertionResult contentTypeIsJson(const CapturedRequest& request);

// One run with a webhook to a fresh route, and the webhook it delivered.
struct Delivery {
  RunRequest request;
  StartedRun run;
  std::string route;
  std::string expectedTarget;  // the raw request target that must arrive
  CapturedRequest webhook;
  nlohmann::json payload;  // the body parsed (null when it is not a JSON object)
};

struct WebhookExpectation;
// What the contract expects of a delivery's webhook: its run as created and revealed.
WebhookExpectation expectationOf(const CaseContext& ctx, Endpoint endpoint, const Delivery& d);

// Starts a run on `endpoint` whose webhook URL is <capture>/hook/<route><suffix>, waits for the
// first webhook (a failed wait fails the case), records it as evidence and judges it by the
// webhook contract (support/webhook_contract.h). `capture` defaults to
// the case's capture server (ctx.httpsCapture() for an https:// URL).
Delivery runAndCapture(CaseContext& ctx, Endpoint endpoint, const std::string& suffix,
                       RunRequest request = {}, CaptureServer* capture = nullptr);
// As runAndCapture, and requires the body to be a JSON object.
Delivery runAndCaptureJson(CaseContext& ctx, Endpoint endpoint, const std::string& suffix,
                           RunRequest request = {});

}  // namespace wc
