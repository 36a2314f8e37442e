// Every check must be able to fail: each check fed a bad vector must say no, with a message
// that names what was expected and what arrived.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/webhook_checks.h"

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

}  // namespace
}  // namespace wc
