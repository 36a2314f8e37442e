#pragma once
// Checks on a webhook payload, its headers and the target's answers, beyond the basic ones in
// webhook_checks.h. Pure functions: tests/suites/checks_can_fail_test.cpp feeds each a bad vector.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "capture/captured_request.h"
#include "client/target_client.h"
#include "platform/platform_profile.h"

namespace wc {

// json["status"] is a final run status (success, error, timeout, interrupted).
testing::AssertionResult statusIsFinal(const nlohmann::json& runOrPayload, const std::string& what);

// A Run read through the API (GET /threads/{tid}/runs/{rid}) has status `expected`.
testing::AssertionResult runStatusIs(const nlohmann::json& run, const std::string& expected,
                                     const std::string& when);

// Every key of `expected` is in payload[pointer] with the same value.
testing::AssertionResult containsEntries(const nlohmann::json& payload, const std::string& pointer,
                                         const nlohmann::json& expected, const std::string& why);

// created_at <= run_started_at <= run_ended_at <= webhook_sent_at, all present and parsable.
testing::AssertionResult timestampsOrdered(const nlohmann::json& payload);

// The shape of `error` the target's platform profile promises: an object {error, message} when
// it promises PlatformChange::ErrorObject (langgraph-api 0.7.46 on, and an unknown version, judged
// as the newest), a string when not, either for LangGraph.js.
testing::AssertionResult errorShapeMatchesPlatform(const nlohmann::json& payload,
                                                   const PlatformProfile& platform);
// As errorShapeMatchesPlatform when the payload has `error`; an absent `error` passes. For runs
// that did not raise yet may carry one: langgraph-api sends the exception that ended a cancelled,
// superseded (UserInterrupt / UserRollback) or timed-out run; LangGraph.js (1.4.4 on) sends none.
testing::AssertionResult errorShapeWhenPresent(const nlohmann::json& payload,
                                               const PlatformProfile& platform);
// Every top-level key of the payload is one of `allowed` (webhooks.allowed_fields).
testing::AssertionResult onlyAllowedKeys(const nlohmann::json& payload,
                                         const std::vector<std::string>& allowed);

// The header arrived once with exactly `expected`. The messages never contain either value
// (configured header values are secrets): they name the header and compare lengths.
testing::AssertionResult headerHasSecretValue(const CapturedRequest& request,
                                              const std::string& name,
                                              const std::string& expected);

// Run ids of the payloads are present and pairwise distinct.
testing::AssertionResult runIdsDistinct(const std::vector<nlohmann::json>& payloads);

// The requests arrived in the given order (by arrival time).
testing::AssertionResult arrivedInOrder(const std::vector<CapturedRequest>& requests,
                                        const std::vector<std::string>& labels);

// The target refused a creation: status 422 when `exact422`, any 4xx otherwise.
testing::AssertionResult creationRefused(const ApiResponse& response, bool exact422,
                                         const std::string& what);
// The target accepted a creation (2xx).
testing::AssertionResult creationAccepted(const ApiResponse& response, const std::string& what);

// At least `minimum` (and, when maximum > 0, at most `maximum`) attempts arrived.
testing::AssertionResult attemptCountWithin(const std::vector<CapturedRequest>& attempts,
                                            size_t minimum, size_t maximum,
                                            const std::string& why);

}  // namespace wc
