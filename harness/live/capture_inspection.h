#pragma once
// What `webhook-conformance capture` says about each webhook that arrives: verdicts on the
// promises a receiver can check alone (POST, JSON body matching the Run-based payload schema,
// the token in the query, Content-Type), and the live HTML page and JSON listing them.
// A webhook is inspected once, when it arrives; the page and the JSON only render stored results
// (the rendering is in capture_page.cpp).
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
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
// verdicts computed once, on the whole body, when it arrived. CaptureStore also renders its JSON
// and its page row once, when storing it, so a request to the live view only copies text.
struct InspectedWebhook {
  CapturedRequest request;
  WebhookInspection inspection;
  uint64_t seq = 0;     // 1, 2, ... in the order stored (the ?after= cursor); 0 outside a store
  std::string json;     // webhookJsonText(), cached; "" -> rendered on demand
  std::string rowHtml;  // webhookRowHtml(), cached; "" -> rendered on demand
};
using InspectedWebhooks = std::vector<std::shared_ptr<const InspectedWebhook>>;  // arrival order

struct CapturePageSummary {
  std::string expectedToken;
  std::string hookUrl;
  size_t dropped = 0;    // oldest webhooks no longer kept (--max-webhooks)
  size_t maxShown = 100;  // the page renders at most this many, newest first
  // How many are kept, when the list given to renderCapturePage holds only the newest of them
  // (the live capture passes only what it renders); unset: the list is all of them.
  std::optional<size_t> kept;
};

// The live page: newest first. Self-contained but for /live.js, its own same-origin script (the
// CSP allows no other), which fetches /live.json?after=SEQ every 2 s and puts the new rows on
// top; without JavaScript a <noscript> refresh reloads the page every 2 s instead.
std::string renderCapturePage(const InspectedWebhooks& webhooks, const CapturePageSummary& summary);
// The page's summary line (received, dropped, kept, shown) and its <title> text.
std::string capturePageSummaryHtml(size_t kept, const CapturePageSummary& summary);
std::string capturePageTitle(size_t kept, const CapturePageSummary& summary);
// One webhook's <div class="hook">: request line, checks, headers, body with schema errors marked.
std::string webhookRowHtml(const InspectedWebhook& webhook);
// The script the page loads from /live.js.
const char* capturePageScript();

// One webhook of /webhooks.json: seq (when stored), method, target, arrived_at, peer, headers,
// body, body_bytes, body_truncated, checks.
nlohmann::json webhookJson(const InspectedWebhook& webhook);
// webhookJson() as compact text (invalid UTF-8 replaced); the cached form when webhook.json is set.
std::string webhookJsonText(const InspectedWebhook& webhook);
// A /webhooks.json array: one webhook per line, from the cached texts.
std::string renderWebhooksJson(const InspectedWebhooks& webhooks);

}  // namespace wc
