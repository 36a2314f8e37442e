#pragma once
// What `webhook-conformance capture` says about each webhook that arrives: verdicts on the
// promises a receiver can check alone (POST, JSON body matching the Run-based payload schema,
// the token in the query, Content-Type), and the live HTML page and JSON listing them.
// A webhook is inspected once, when it arrives; the page and the JSON only render stored results.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "capture/captured_request.h"
#include "schema/payload_validator.h"

namespace wc {

struct WebhookCheck {
  std::string name;  // "method", "schema", "token", "content-type"
  bool ok = true;
  std::string detail;  // "ok" or what is wrong
};

struct WebhookInspection {
  std::vector<WebhookCheck> checks;
  std::vector<SchemaError> schemaErrors;
  // From a JSON object body: its run_id and status strings ("?" when absent or not strings).
  bool bodyIsObject = false;
  std::string runId = "?", runStatus = "?";
  bool allOk() const;
};

// Parses the body with parseBoundedJson (depth 128): a too-deep body is a failed schema check
// ("body is not JSON within limits: nested deeper than 128 levels"), never a crash.
// expectedToken "" -> the token check only reports whether a token came.
WebhookInspection inspectWebhook(const CapturedRequest& request, const std::string& expectedToken);

// The `token` query parameter, percent-decoded; false when absent.
bool queryToken(const std::string& rawQuery, std::string* token);

// Console lines: time, method, target, then each check. Every piece from the sender is made
// terminal-safe (control characters such as ESC shown as \x1b); only our own line breaks remain.
std::string describeWebhook(const CapturedRequest& request, const WebhookInspection& inspection);

// A webhook as `capture` keeps it: the request (body possibly cut, see bodyTruncated) and the
// verdicts computed once, on the whole body, when it arrived.
struct InspectedWebhook {
  CapturedRequest request;
  WebhookInspection inspection;
};
using InspectedWebhooks = std::vector<std::shared_ptr<const InspectedWebhook>>;  // arrival order

struct CapturePageSummary {
  std::string expectedToken;
  std::string hookUrl;
  size_t dropped = 0;    // oldest webhooks no longer kept (--max-webhooks)
  size_t maxShown = 100;  // the page renders at most this many, newest first
};

// The live page: newest first, refreshes itself; self-contained (no scripts, no external assets).
std::string renderCapturePage(const InspectedWebhooks& webhooks, const CapturePageSummary& summary);

// One webhook of /webhooks.json: method, target, arrived_at, headers, body, body_bytes,
// body_truncated, checks.
nlohmann::json webhookJson(const InspectedWebhook& webhook);
// The whole /webhooks.json array (invalid UTF-8 replaced).
std::string renderWebhooksJson(const InspectedWebhooks& webhooks);

}  // namespace wc
