#pragma once
// What `webhook-conformance capture` says about each webhook that arrives: verdicts on the
// promises a receiver can check alone (POST, JSON body matching the Run-based payload schema,
// the token in the query, Content-Type), and the live HTML page listing them.
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
  bool allOk() const;
};

// expectedToken "" -> the token check only reports whether a token came.
WebhookInspection inspectWebhook(const CapturedRequest& request, const std::string& expectedToken);

// The `token` query parameter, percent-decoded; false when absent.
bool queryToken(const std::string& rawQuery, std::string* token);

// One console line: time, method, target, then each check.
std::string describeWebhook(const CapturedRequest& request, const WebhookInspection& inspection);

// The live page: newest first, refreshes itself; self-contained (no scripts, no external assets).
std::string renderCapturePage(const std::vector<CapturedRequest>& requests,
                              const std::string& expectedToken, const std::string& hookUrl);

}  // namespace wc
