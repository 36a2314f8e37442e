#include "load/payload_inspection.h"

#include "load/load_run.h"
#include "load/run_ledger.h"
#include "report/text_safety.h"
#include "schema/payload_validator.h"
#include "util/bounded_json.h"
#include "util/ids.h"

namespace wc::load {

double timestampMs(const std::string& text) {
  std::chrono::system_clock::time_point t;
  if (text.empty() || !parseIsoTimestamp(text, &t)) return 0;
  return epochMs(t);
}

PayloadFacts inspectPayload(const std::string& body, const std::string& runId) {
  PayloadFacts facts;
  std::string why;
  auto payload = parseBoundedJson(body, {}, &why);
  if (!payload || !payload->is_object()) {
    facts.problem = "the body is not a JSON object" + (why.empty() ? "" : ": " + why) + ": " +
                    truncateUtf8(terminalSafe(body), 120);
    return facts;
  }
  facts.status = textField(*payload, "status");
  facts.threadId = textField(*payload, "thread_id");
  facts.runEndedMs = timestampMs(textField(*payload, "run_ended_at"));
  auto errors = SchemaValidator::webhookPayload().validate(*payload);
  if (!errors.empty()) {
    facts.problem = truncateUtf8(
        "the body does not match the webhook payload schema: " + formatSchemaErrors(errors, 3),
        kMaxProblemBytes);
    return facts;
  }
  const std::string named = textField(*payload, "run_id");
  if (!runId.empty() && named != runId)
    facts.problem = "the body's run_id is " + truncateUtf8(terminalSafe(named), 64) +
                    ", the run is " + runId;
  return facts;
}

}  // namespace wc::load
