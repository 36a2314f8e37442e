// Every check must be able to fail: each check fed a bad vector must say no, with a message
// that names what was expected and what arrived.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/crons.h"
#include "support/payload_checks.h"
#include "support/webhook_checks.h"
#include "util/ids.h"

namespace wc {
namespace {

nlohmann::json goodPayload() {
  std::ifstream in(std::filesystem::path(WC_PAYLOAD_VECTORS) / "y_stateful_success_values.json");
  return nlohmann::json::parse(in);
}

CapturedRequest webhookWith(const std::string& target, const std::string& body,
                            const std::string& method = "POST") {
  CapturedRequest r;
  r.method = method;
  r.target = target;
  r.body = body;
  r.headers = {{"Content-Type", "application/json"}};
  return r;
}

TEST(ChecksCanFail, WrongRunIdIsCaught) {
  auto payload = goodPayload();
  std::string runId = payload["run_id"];
  EXPECT_TRUE(fieldEquals(payload, "/run_id", runId, "created"));
  auto result = fieldEquals(payload, "/run_id", "00000000-0000-4000-8000-000000000000", "created");
  ASSERT_FALSE(result);
  EXPECT_NE(std::string::npos, std::string(result.message()).find(runId)) << result.message();
}

TEST(ChecksCanFail, MissingFieldIsCaught) {
  auto payload = goodPayload();
  payload["kwargs"].erase("input");
  auto result = fieldEquals(payload, "/kwargs/input", nlohmann::json::object(), "input sent");
  ASSERT_FALSE(result);
  EXPECT_NE(std::string::npos, std::string(result.message()).find("has no /kwargs/input"));
}

TEST(ChecksCanFail, ReEncodedQueryIsCaught) {
  const std::string sent = "/hook/r?token=a%20b";
  EXPECT_TRUE(targetArrivedByteExact(webhookWith(sent, "{}"), sent));
  for (const std::string received : {"/hook/r?token=a+b", "/hook/r?token=a%2520b",
                                     "/hook/r?token=a b", "/hook/r"}) {
    auto result = targetArrivedByteExact(webhookWith(received, "{}"), sent);
    EXPECT_FALSE(result) << received;
    EXPECT_NE(std::string::npos, std::string(result.message()).find("first difference at byte"));
  }
}

TEST(ChecksCanFail, SchemaBreakingBodyIsCaught) {
  auto payload = goodPayload();
  EXPECT_TRUE(matchesSchema(payload, SchemaValidator::webhookPayload(), nullptr));
  payload.erase("run_id");
  std::vector<SchemaError> errors;
  EXPECT_FALSE(matchesSchema(payload, SchemaValidator::webhookPayload(), &errors));
  EXPECT_FALSE(errors.empty());
}

TEST(ChecksCanFail, NonJsonAndNonObjectBodiesAreCaught) {
  nlohmann::json out;
  EXPECT_TRUE(bodyIsJsonObject(webhookWith("/", "{\"a\":1}"), &out));
  auto notJson = bodyIsJsonObject(webhookWith("/", "status=success"), &out);
  ASSERT_FALSE(notJson);
  EXPECT_NE(std::string::npos, std::string(notJson.message()).find("do not parse"));
  EXPECT_FALSE(bodyIsJsonObject(webhookWith("/", "[1,2]"), &out));
}

TEST(ChecksCanFail, NonPostIsCaught) {
  EXPECT_TRUE(isPost(webhookWith("/", "{}")));
  EXPECT_FALSE(isPost(webhookWith("/", "{}", "PUT")));
  EXPECT_FALSE(isPost(webhookWith("/", "{}", "GET")));
}

TEST(ChecksCanFail, WrongContentTypeIsCaught) {
  auto r = webhookWith("/", "{}");
  EXPECT_TRUE(contentTypeIsJson(r));
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  EXPECT_TRUE(contentTypeIsJson(r));
  r.headers = {{"Content-Type", "text/plain"}};
  EXPECT_FALSE(contentTypeIsJson(r));
  r.headers = {};
  EXPECT_FALSE(contentTypeIsJson(r));
}

TEST(ChecksCanFail, EarlyDeliveryStatusIsCaught) {
  auto payload = goodPayload();
  EXPECT_TRUE(statusIsFinal(payload, "payload"));
  for (const char* s : {"running", "pending", "rollback"}) {
    payload["status"] = s;
    auto result = statusIsFinal(payload, "payload");
    EXPECT_FALSE(result) << s;
    EXPECT_NE(std::string::npos, std::string(result.message()).find(s));
  }
  payload.erase("status");
  EXPECT_FALSE(statusIsFinal(payload, "payload"));
}

TEST(ChecksCanFail, MetadataNotCarriedIsCaught) {
  auto payload = goodPayload();
  nlohmann::json sent = {{"conformance_case", "WH-CREATE-RUN"}};
  EXPECT_TRUE(containsEntries(payload, "/metadata", sent, "sent"));
  EXPECT_FALSE(containsEntries(payload, "/metadata", {{"conformance_case", "other"}}, "sent"));
  EXPECT_FALSE(containsEntries(payload, "/metadata", {{"missing_key", 1}}, "sent"));
  payload.erase("metadata");
  EXPECT_FALSE(containsEntries(payload, "/metadata", sent, "sent"));
}

TEST(ChecksCanFail, UnorderedOrUnparsableTimestampsAreCaught) {
  auto payload = goodPayload();
  EXPECT_TRUE(timestampsOrdered(payload));
  auto early = payload;
  early["webhook_sent_at"] = "2025-11-24T10:15:03.000000+00:00";  // before created_at
  auto result = timestampsOrdered(early);
  ASSERT_FALSE(result);
  EXPECT_NE(std::string::npos, std::string(result.message()).find("earlier than"));
  auto bad = payload;
  bad["run_started_at"] = "yesterday";
  EXPECT_FALSE(timestampsOrdered(bad));
  bad = payload;
  bad.erase("run_ended_at");
  EXPECT_FALSE(timestampsOrdered(bad));
}

TEST(ChecksCanFail, ErrorShapeOfTheWrongVersionIsCaught) {
  nlohmann::json asString = {{"status", "error"}, {"error", "boom"}};
  nlohmann::json asObject = {{"status", "error"},
                             {"error", {{"error", "ValueError"}, {"message", "boom"}}}};
  auto api = [](const char* version) { return pythonPlatform(version, "test"); };
  PlatformProfile js;  // LangGraph.js: either shape
  js.server = PlatformProfile::Server::LangGraphJs;
  js.version = "1.5.1";
  const PlatformProfile unknown;  // judged as the newest: {error, message}
  EXPECT_TRUE(errorShapeMatchesPlatform(asString, api("0.7.45")));
  EXPECT_FALSE(errorShapeMatchesPlatform(asObject, api("0.7.45")));
  EXPECT_TRUE(errorShapeMatchesPlatform(asObject, api("0.7.46")));
  EXPECT_TRUE(errorShapeMatchesPlatform(asObject, api("0.7.99-reference")));
  EXPECT_FALSE(errorShapeMatchesPlatform(asString, api("0.10.2")));
  EXPECT_TRUE(errorShapeMatchesPlatform(asString, js));
  EXPECT_TRUE(errorShapeMatchesPlatform(asObject, js));
  EXPECT_FALSE(errorShapeMatchesPlatform({{"error", 42}}, js));
  EXPECT_TRUE(errorShapeMatchesPlatform(asObject, unknown));
  EXPECT_FALSE(errorShapeMatchesPlatform(asString, unknown));
  EXPECT_FALSE(errorShapeMatchesPlatform({{"error", {{"error", "E"}}}}, api("0.8.0")));  // no message
  EXPECT_FALSE(errorShapeMatchesPlatform({{"status", "error"}}, api("0.8.0")));           // no error
  // A cancelled or superseded run may carry `error` or not; when it does, the shape is judged.
  nlohmann::json cancelled = {{"status", "interrupted"}};
  EXPECT_TRUE(errorShapeWhenPresent(cancelled, api("0.8.0")));
  cancelled["error"] = {{"error", "UserInterrupt"}, {"message", "run cancelled"}};
  EXPECT_TRUE(errorShapeWhenPresent(cancelled, api("0.8.0")));
  EXPECT_FALSE(errorShapeWhenPresent(cancelled, api("0.7.45")));
  cancelled["error"] = "run cancelled";
  EXPECT_FALSE(errorShapeWhenPresent(cancelled, api("0.8.0")));
  EXPECT_FALSE(errorShapeWhenPresent({{"status", "rollback"}, {"error", {{"message", "m"}}}}, js));
}

TEST(ChecksCanFail, FieldsBeyondAllowedFieldsAreCaught) {
  nlohmann::json trimmed = {{"run_id", "r"}, {"status", "success"}};
  EXPECT_TRUE(onlyAllowedKeys(trimmed, {"run_id", "status", "thread_id"}));
  auto result = onlyAllowedKeys(goodPayload(), {"run_id", "status"});
  ASSERT_FALSE(result);
  EXPECT_NE(std::string::npos, std::string(result.message()).find("kwargs"));
}

TEST(ChecksCanFail, WrongConfiguredHeaderIsCaughtWithoutPrintingValues) {
  const std::string secret = "s3cret-canary-value";
  auto r = webhookWith("/", "{}");
  r.headers.emplace_back("X-Canary", secret);
  EXPECT_TRUE(headerHasSecretValue(r, "x-canary", secret));
  auto wrong = webhookWith("/", "{}");
  wrong.headers.emplace_back("X-Canary", "${{ env.LG_WEBHOOK_CANARY }}");
  auto result = headerHasSecretValue(wrong, "X-Canary", secret);
  ASSERT_FALSE(result);
  std::string message = result.message();
  EXPECT_EQ(std::string::npos, message.find(secret)) << message;
  EXPECT_EQ(std::string::npos, message.find("LG_WEBHOOK_CANARY")) << message;
  EXPECT_NE(std::string::npos, message.find("template")) << message;
  EXPECT_FALSE(headerHasSecretValue(webhookWith("/", "{}"), "X-Canary", secret));
  auto twice = r;
  twice.headers.emplace_back("X-Canary", secret);
  EXPECT_FALSE(headerHasSecretValue(twice, "X-Canary", secret));
}

TEST(ChecksCanFail, DuplicateOrMissingRunIdsAreCaught) {
  nlohmann::json a = {{"run_id", "a"}}, b = {{"run_id", "b"}};
  EXPECT_TRUE(runIdsDistinct({a, b}));
  EXPECT_FALSE(runIdsDistinct({a, a}));
  EXPECT_FALSE(runIdsDistinct({a, nlohmann::json::object()}));
}

TEST(ChecksCanFail, OutOfOrderArrivalIsCaught) {
  auto first = webhookWith("/1", "{}"), second = webhookWith("/2", "{}");
  first.arrivedSteady = std::chrono::steady_clock::now();
  second.arrivedSteady = first.arrivedSteady + std::chrono::milliseconds(5);
  EXPECT_TRUE(arrivedInOrder({first, second}, {"#1", "#2"}));
  auto result = arrivedInOrder({second, first}, {"#1", "#2"});
  ASSERT_FALSE(result);
  EXPECT_NE(std::string::npos, std::string(result.message()).find("#2 arrived before #1"));
}

TEST(ChecksCanFail, AcceptedForbiddenUrlIsCaught) {
  ApiResponse refused;
  refused.status = 422;
  ApiResponse accepted;
  accepted.status = 200;
  ApiResponse badRequest;
  badRequest.status = 400;
  ApiResponse noAnswer;
  noAnswer.error = "connection refused";
  EXPECT_TRUE(creationRefused(refused, true, "w"));
  EXPECT_FALSE(creationRefused(accepted, true, "w"));
  EXPECT_FALSE(creationRefused(badRequest, true, "w"));  // the policy promises 422
  EXPECT_TRUE(creationRefused(badRequest, false, "w"));
  EXPECT_FALSE(creationRefused(accepted, false, "w"));
  EXPECT_FALSE(creationRefused(noAnswer, false, "w"));
  EXPECT_TRUE(creationAccepted(accepted, "w"));
  EXPECT_FALSE(creationAccepted(refused, "w"));
}

TEST(ChecksCanFail, WrongAttemptCountsAreCaught) {
  std::vector<CapturedRequest> one(1), three(3);
  EXPECT_TRUE(attemptCountWithin(one, 1, 1, "404 final"));
  EXPECT_FALSE(attemptCountWithin(three, 1, 1, "404 final"));  // retried a 4xx
  EXPECT_TRUE(attemptCountWithin(three, 2, 0, "retried"));
  EXPECT_FALSE(attemptCountWithin(one, 2, 0, "retried"));  // no retry on 5xx
}

TEST(ChecksCanFail, RunStatusChangedByDeliveryIsCaught) {
  nlohmann::json run = {{"status", "success"}};
  EXPECT_TRUE(runStatusIs(run, "success", "after delivery"));
  auto result = runStatusIs({{"status", "error"}}, "success", "after delivery");
  ASSERT_FALSE(result);
  EXPECT_NE(std::string::npos, std::string(result.message()).find("status error after delivery"));
  EXPECT_FALSE(runStatusIs(nlohmann::json::object(), "success", "after delivery"));
}

TEST(ChecksCanFail, CronRunsInDistinctTicks) {
  using namespace std::chrono;
  const auto tick = system_clock::time_point(seconds(60LL * 16'666'666));  // on a minute
  auto run = [](system_clock::time_point t) { return nlohmann::json{{"created_at", isoTimestamp(t)}}; };
  EXPECT_TRUE(runsInDistinctTicks({run(tick + milliseconds(3)), run(tick + milliseconds(1004))},
                                  seconds(1)));
  EXPECT_TRUE(runsInDistinctTicks({run(tick), nlohmann::json::object()}, seconds(1)));
  // Two runs for one tick, as a scheduler that fires twice creates them.
  EXPECT_FALSE(runsInDistinctTicks({run(tick + milliseconds(3)), run(tick + milliseconds(4))},
                                   seconds(1)));
  EXPECT_FALSE(runsInDistinctTicks({run(tick + seconds(2)), run(tick + seconds(59))}, seconds(60)));
  EXPECT_FALSE(runsInDistinctTicks({}, seconds(0)));
}

TEST(ChecksCanFail, NoFiringAfterPause) {
  using namespace std::chrono;
  const auto paused = system_clock::time_point(seconds(1'000'000'000)) + milliseconds(400);
  auto firing = [](system_clock::time_point t) {
    return nlohmann::json{{"created_at", isoTimestamp(t)}};
  };
  EXPECT_TRUE(noFiringAfterPause({}, paused, milliseconds(0)));
  EXPECT_TRUE(noFiringAfterPause({firing(paused - milliseconds(5))}, paused, milliseconds(0)));
  EXPECT_TRUE(noFiringAfterPause({firing(paused + milliseconds(500))}, paused, seconds(1)));
  // The pause ignored: the next tick's run.
  EXPECT_FALSE(noFiringAfterPause({firing(paused + milliseconds(600))}, paused, milliseconds(0)));
  // Two firings cannot both have been on their way.
  EXPECT_FALSE(noFiringAfterPause({firing(paused - milliseconds(5)), firing(paused - milliseconds(1))},
                                  paused, milliseconds(0)));
  // Nothing to show it predates the pause.
  EXPECT_FALSE(noFiringAfterPause({nlohmann::json::object()}, paused, milliseconds(0)));
  EXPECT_FALSE(noFiringAfterPause({nlohmann::json{{"created_at", "yesterday"}}}, paused,
                                  milliseconds(0)));
  EXPECT_FALSE(noFiringAfterPause({nlohmann::json::array()}, paused, milliseconds(0)));
}

}  // namespace
}  // namespace wc

namespace wc {
namespace {

TEST(ChecksCanFail, CronFiringsWithinTicks) {
  using namespace std::chrono;
  const auto created = system_clock::time_point(seconds(1'000'000'000)) + milliseconds(300);
  const auto deleted = created + milliseconds(2100);  // ticks at +0.7 s and +1.7 s
  EXPECT_TRUE(firingsWithinTicks(2, seconds(1), created, deleted));
  EXPECT_TRUE(firingsWithinTicks(1, seconds(1), created, deleted));
  EXPECT_FALSE(firingsWithinTicks(4, seconds(1), created, deleted));  // two runs per tick
  EXPECT_FALSE(firingsWithinTicks(2, seconds(1), created, created + milliseconds(500)));
  EXPECT_FALSE(firingsWithinTicks(1, seconds(0), created, deleted));
  EXPECT_TRUE(firingsWithinTicks(2, seconds(60), created, created + seconds(125)));
}

}  // namespace
}  // namespace wc
