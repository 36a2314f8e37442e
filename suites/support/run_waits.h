#pragma once
// Waits on a run's status and on a receiver's delivery attempts, each with a deadline and an
// explained result; the delivery latency this session measures; closed ports for refusals.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "capture/captured_request.h"

namespace wc {

class CaseContext;

// The statuses a run ends in (langgraph-api; `rollback` runs are deleted, not reported).
bool isFinalRunStatus(const std::string& status);

// Waits until GET /threads/{tid}/runs/{rid} reports a status accepted by `wanted` (the API has
// no notification of status changes, so this reads the run with a short backoff, up to
// `timeout`). `run` receives the last Run read.
[[nodiscard]] testing::AssertionResult awaitRunStatus(
    CaseContext& ctx, const std::string& threadId, const std::string& runId,
    const std::function<bool(const std::string&)>& wanted, const std::string& wantedText,
    std::chrono::milliseconds timeout, nlohmann::json* run = nullptr);
[[nodiscard]] testing::AssertionResult awaitRunFinal(CaseContext& ctx, const std::string& threadId,
                                                     const std::string& runId,
                                                     std::chrono::milliseconds timeout,
                                                     nlohmann::json* run = nullptr);

// A stateless run's end: a final status, or 404 (on_completion "delete", the default, deletes
// its temporary thread when it completes). For the background endpoints, whose answer comes
// before the run ends.
[[nodiscard]] testing::AssertionResult awaitRunEndedOrGone(CaseContext& ctx,
                                                           const std::string& threadId,
                                                           const std::string& runId,
                                                           std::chrono::milliseconds timeout);

// After the first attempt arrived on `route`, keeps collecting attempts until none arrives for
// `quiet` or `cap` has passed since the call. Returns every attempt on the route.
std::vector<CapturedRequest> settleAttempts(CaseContext& ctx, const std::string& route,
                                            std::chrono::milliseconds quiet,
                                            std::chrono::milliseconds cap);

// A loopback port nothing listens on (bound then closed: nobody else takes it in the instant).
int closedLoopbackPort();

// Records run_ended_at -> arrival of a webhook in the session's DeliveryLatencies (skipped when
// the payload has no parsable run_ended_at).
void recordDeliveryLatency(CaseContext& ctx, const nlohmann::json& payload,
                           const CapturedRequest& webhook);

// The window in which "no webhook arrives" is judged: max(floor, 10 x the slowest run-end ->
// webhook latency measured in this session, else 5 x `runDuration`) x --timeout-scale; the floor
// is 1 s when a latency was measured or the target is the embedded reference, else 3 s.
// *how says how it was derived, for the case's message.
std::chrono::milliseconds noWebhookWindow(CaseContext& ctx, std::chrono::milliseconds runDuration,
                                          std::string* how);

}  // namespace wc
