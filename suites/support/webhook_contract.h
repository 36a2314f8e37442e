#pragma once
// The webhook contract: what every webhook must be, whichever endpoint created its run and
// whichever case is waiting for it. Every webhook a case receives from a run goes through
// judgeWebhook, so a promise judged by one row is judged on every endpoint too. A breach fails
// the case (MUST) or warns (SHOULD: Content-Type, timestamps), naming the promise and endpoint.
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "capture/captured_request.h"

namespace wc {

class CaseContext;

// What the harness knows about the run a webhook reports. Empty fields are unknown: not compared.
struct WebhookExpectation {
  std::string operation;  // "POST /runs/wait", "a firing of POST /runs/crons": messages name it
  std::string target;     // the raw request target that must arrive (path and query)
  std::vector<std::pair<std::string, std::string>> runIds;  // {where it was revealed, run id}
  std::string threadId;
  std::string assistantId;
  nlohmann::json input;  // kwargs.input as sent (null: unknown)
  nlohmann::json metadata = nlohmann::json::object();  // entries the run was created with
};

// Judges one webhook against the contract, on the case's target configuration (configured
// headers and allowed_fields from --target-config). Returns the body parsed (null when it is not
// a JSON object, which fails the case).
nlohmann::json judgeWebhook(CaseContext& ctx, const WebhookExpectation& expected,
                            const CapturedRequest& webhook);

}  // namespace wc
