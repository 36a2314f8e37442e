#pragma once
// What load mode checks in one webhook body: JSON within limits, the webhook-payload schema,
// the run it names, its status and when the run ended. A pure function (tests feed bad bodies).
#include <string>

namespace wc::load {

struct PayloadFacts {
  std::string problem;     // "" when the body is a valid payload of `runId`
  std::string status;      // its `status` ("" when absent or not a string)
  std::string threadId;    // its `thread_id` (stateless endpoints reveal the thread here)
  double runEndedMs = 0;   // its run_ended_at in epoch ms (0 when absent or not parsable)
};

// `runId` "" when the endpoint did not reveal the run (the run_id then cannot be compared).
PayloadFacts inspectPayload(const std::string& body, const std::string& runId);

// An RFC 3339 timestamp from the target in epoch ms, 0 when it does not parse.
double timestampMs(const std::string& text);

}  // namespace wc::load
