// The reference target end to end over HTTP: crons (fire on schedule, never at creation, each
// firing its own webhook, none after DELETE), cancel (pending and running runs deliver
// `interrupted`), multitask reject/enqueue, join, disable_webhooks, configured headers, startup
// refusals, the emulated version's error shape.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <set>

#include "capture/capture_server.h"
#include "client/target_client.h"
#include "reference/http/http_json.h"
#include "reference/reference_target.h"

namespace wc::reference {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
constexpr milliseconds kWait{5000};

class ReferenceTargetTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(capture_.start(&error)) << error;
  }
  void TearDown() override {
    if (target_) target_->stop();
    capture_.stop();
  }
  // Starts the reference with `options` (fast delivery timing) and returns its client.
  TargetClient& start(ReferenceOptions options = {}) {
    options.timing = fastDeliveryTiming();
    target_ = std::make_unique<ReferenceTarget>(options);
    std::string error;
    EXPECT_TRUE(target_->start("127.0.0.1", 0, &error)) << error;
    client_ = std::make_unique<TargetClient>(ClientOptions{target_->baseUrl()});
    return *client_;
  }
  std::string newThread() {
    auto t = client_->createThread();
    EXPECT_TRUE(t.ok()) << t.error;
    return t.json.value("thread_id", "");
  }
  json webhookBody(const CapturedRequest& r) { return json::parse(r.body, nullptr, false); }

  CaptureServer capture_;
  std::unique_ptr<ReferenceTarget> target_;
  std::unique_ptr<TargetClient> client_;
};

TEST_F(ReferenceTargetTest, InfoAdvertisesCronsAndTheExtensions) {
  auto info = start().info();
  ASSERT_TRUE(info.ok()) << info.error;
  EXPECT_EQ(true, info.json["flags"]["crons"]);
  EXPECT_EQ(true, info.json["x_reference"]["cron_seconds"]);
  EXPECT_EQ("", info.json["x_reference"]["fault"]);
}

TEST_F(ReferenceTargetTest, CronsFireOnScheduleEachWithItsOwnWebhookAndStopWhenDeleted) {
  auto& client = start();
  auto thread = newThread();
  for (bool stateful : {true, false}) {
    auto route = capture_.newRoute(stateful ? "thread-cron" : "cron");
    json body = {{"assistant_id", "echo"},
                 {"schedule", "*/1 * * * * *"},
                 {"input", {{"messages", json::array()}}},
                 {"webhook", capture_.urlFor(route, "?token=t")}};
    auto created = client.post(stateful ? "/threads/" + thread + "/runs/crons" : "/runs/crons", body);
    ASSERT_TRUE(created.ok()) << created.error;
    EXPECT_TRUE(created.json["cron_id"].is_string());
    EXPECT_EQ(stateful ? json(thread) : json(), created.json["thread_id"]);
    EXPECT_GT(created.json["next_run_date"].get<std::string>(),
              created.json["created_at"].get<std::string>());  // not fired at creation
    std::vector<CapturedRequest> hooks;
    ASSERT_TRUE(capture_.awaitWebhooks(route, 2, kWait, &hooks));
    std::set<std::string> runIds;
    for (const auto& h : hooks) {
      auto payload = webhookBody(h);
      runIds.insert(payload.value("run_id", ""));
      EXPECT_EQ("success", payload["status"]);
      EXPECT_GE(payload["created_at"].get<std::string>(),
                created.json["created_at"].get<std::string>());
      if (stateful) EXPECT_EQ(thread, payload["thread_id"]);
    }
    EXPECT_EQ(2u, runIds.size()) << "each firing is its own run";
    auto cronId = created.json["cron_id"].get<std::string>();
    auto found = client.post("/runs/crons/search", json::object());
    ASSERT_TRUE(found.ok()) << found.error;
    EXPECT_EQ(1u, found.json.size());
    auto deleted = client.del("/runs/crons/" + cronId);
    EXPECT_EQ(204, deleted.status) << deleted.body;
    auto seen = capture_.received(route).size();
    EXPECT_TRUE(capture_.expectNoWebhook(route, milliseconds(1500), seen));
    EXPECT_EQ(404, client.del("/runs/crons/" + cronId).status);
  }
}

TEST_F(ReferenceTargetTest, CronCreationRefusesBadSchedulesAndForbiddenUrls) {
  ReferenceOptions o;
  o.langgraphConfig = {{"webhooks", {{"url", {{"require_https", true}}}}}};
  auto& client = start(o);
  auto bad = client.post("/runs/crons", {{"assistant_id", "echo"}, {"schedule", "every minute"}});
  EXPECT_EQ(422, bad.status) << bad.body;
  auto http = client.post("/runs/crons", {{"assistant_id", "echo"},
                                          {"schedule", "* * * * *"},
                                          {"webhook", "http://hooks.example.com/x"}});
  EXPECT_EQ(422, http.status) << http.body;
  EXPECT_TRUE(http.json["detail"].is_string()) << http.body;
  auto unknownThread = client.post("/threads/00000000-0000-4000-8000-000000000000/runs/crons",
                                   {{"assistant_id", "echo"}, {"schedule", "* * * * *"}});
  EXPECT_EQ(404, unknownThread.status);
}

TEST_F(ReferenceTargetTest, CancelledRunsEndInterruptedAndDeliverTheirWebhook) {
  auto& client = start();
  auto thread = newThread();
  auto runningRoute = capture_.newRoute("running"), pendingRoute = capture_.newRoute("pending");
  auto running = client.post("/threads/" + thread + "/runs",
                             {{"assistant_id", "slow"},
                              {"input", {{"seconds", 30}}},
                              {"webhook", capture_.urlFor(runningRoute)}});
  ASSERT_TRUE(running.ok()) << running.error;
  auto pending = client.post("/threads/" + thread + "/runs",
                             {{"assistant_id", "echo"},
                              {"input", json::object()},
                              {"multitask_strategy", "enqueue"},
                              {"webhook", capture_.urlFor(pendingRoute)}});
  ASSERT_TRUE(pending.ok()) << pending.error;
  auto runPath = [&](const ApiResponse& r) {
    return "/threads/" + thread + "/runs/" + r.json["run_id"].get<std::string>();
  };
  EXPECT_EQ(202, client.post(runPath(pending) + "/cancel", json::object()).status);
  CapturedRequest hook;
  ASSERT_TRUE(capture_.awaitWebhook(pendingRoute, kWait, &hook));
  EXPECT_EQ("interrupted", webhookBody(hook)["status"]);
  EXPECT_EQ(202, client.post(runPath(running) + "/cancel", json::object()).status);
  ASSERT_TRUE(capture_.awaitWebhook(runningRoute, kWait, &hook));
  EXPECT_EQ("interrupted", webhookBody(hook)["status"]);
  EXPECT_EQ("interrupted", client.get(runPath(running)).json["status"]);
  EXPECT_EQ(409, client.post(runPath(running) + "/cancel", json::object()).status);
}

TEST_F(ReferenceTargetTest, RejectRefusesABusyThreadAndEnqueueRunsInOrder) {
  auto& client = start();
  auto thread = newThread();
  auto slow = client.post("/threads/" + thread + "/runs",
                          {{"assistant_id", "slow"}, {"input", {{"seconds", 0.3}}}});
  ASSERT_TRUE(slow.ok()) << slow.error;
  auto rejected = client.post("/threads/" + thread + "/runs",
                              {{"assistant_id", "echo"}, {"multitask_strategy", "reject"}});
  EXPECT_EQ(409, rejected.status) << rejected.body;
  std::vector<std::string> routes;
  for (int i = 0; i < 4; ++i) {
    routes.push_back(capture_.newRoute("enqueued"));
    auto r = client.post("/threads/" + thread + "/runs",
                         {{"assistant_id", "echo"},
                          {"multitask_strategy", "enqueue"},
                          {"input", {{"messages", {{{"role", "user"}, {"content", std::to_string(i)}}}}}},
                          {"webhook", capture_.urlFor(routes.back())}});
    ASSERT_TRUE(r.ok()) << r.error;
  }
  std::vector<std::string> started;
  for (const auto& route : routes) {
    CapturedRequest hook;
    ASSERT_TRUE(capture_.awaitWebhook(route, kWait, &hook));
    started.push_back(webhookBody(hook)["run_started_at"]);
  }
  EXPECT_TRUE(std::is_sorted(started.begin(), started.end())) << "enqueued runs ran out of order";
  auto runs = client.get("/threads/" + thread + "/runs");
  auto join = client.get("/threads/" + thread + "/runs/" +
                         slow.json["run_id"].get<std::string>() + "/join");
  ASSERT_TRUE(join.ok()) << join.error;
  EXPECT_TRUE(join.json.contains("messages"));
}

TEST_F(ReferenceTargetTest, DisableWebhooksRunsButSendsNothing) {
  ReferenceOptions o;
  o.langgraphConfig = {{"http", {{"disable_webhooks", true}}}};
  auto& client = start(o);
  auto route = capture_.newRoute("disabled");
  auto wait = client.post("/runs/wait", {{"assistant_id", "echo"},
                                         {"input", json::object()},
                                         {"webhook", capture_.urlFor(route)}});
  ASSERT_TRUE(wait.ok()) << wait.error;
  EXPECT_TRUE(capture_.expectNoWebhook(route, milliseconds(500)));
}

TEST_F(ReferenceTargetTest, ConfiguredHeadersArriveResolvedAndFieldsAreFiltered) {
  ::setenv("LG_WEBHOOK_REFERENCE_TEST", "resolved-value", 1);
  ReferenceOptions o;
  o.langgraphConfig = {
      {"webhooks",
       {{"headers", {{"X-Signed", "v=${{ env.LG_WEBHOOK_REFERENCE_TEST }}"}, {"X-Lit", "l"}}},
        {"allowed_fields", {"run_id", "status", "webhook_sent_at"}}}}};
  auto& client = start(o);
  auto route = capture_.newRoute("headers");
  ASSERT_TRUE(client.post("/runs/wait", {{"assistant_id", "echo"}, {"webhook", capture_.urlFor(route)}}).ok());
  CapturedRequest hook;
  ASSERT_TRUE(capture_.awaitWebhook(route, kWait, &hook));
  EXPECT_EQ("v=resolved-value", hook.header("X-Signed"));
  EXPECT_EQ("l", hook.header("X-Lit"));
  auto body = webhookBody(hook);
  EXPECT_EQ(3u, body.size()) << body.dump();
  EXPECT_TRUE(body["webhook_sent_at"].is_string());
}

TEST_F(ReferenceTargetTest, StartupRefusedForUnsetTemplateVariableOrUnknownFault) {
  ReferenceOptions o;
  o.langgraphConfig = {{"webhooks", {{"headers", {{"X", "${{ env.LG_WEBHOOK_SURELY_UNSET_9 }}"}}}}}};
  ReferenceTarget refused(o);
  std::string error;
  EXPECT_FALSE(refused.start("127.0.0.1", 0, &error));
  EXPECT_NE(std::string::npos, error.find("LG_WEBHOOK_SURELY_UNSET_9")) << error;
  ReferenceOptions f;
  f.fault = "no-such-fault";
  ReferenceTarget unknown(f);
  EXPECT_FALSE(unknown.start("127.0.0.1", 0, &error));
  EXPECT_NE(std::string::npos, error.find("no-delivery")) << "lists the valid names: " << error;
}

TEST_F(ReferenceTargetTest, EmulatedVersionPicksTheErrorShape) {
  for (const char* version : {"0.7.45", "0.7.46"}) {
    ReferenceOptions o;
    std::string error;
    ASSERT_TRUE(emulateVersion(&o, version, &error));
    if (target_) target_->stop();
    auto& client = start(o);
    EXPECT_EQ(version, client.info().json["version"]);
    auto route = capture_.newRoute("fail");
    client.post("/runs/wait", {{"assistant_id", "fail"}, {"webhook", capture_.urlFor(route)}});
    CapturedRequest hook;
    ASSERT_TRUE(capture_.awaitWebhook(route, kWait, &hook));
    auto payload = webhookBody(hook);
    EXPECT_EQ("error", payload["status"]);
    if (std::string(version) == "0.7.45") {
      EXPECT_TRUE(payload["error"].is_string()) << payload["error"];
    } else {
      EXPECT_TRUE(payload["error"].is_object() && payload["error"].contains("message"))
          << payload["error"];
    }
  }
}

// The parser every route uses: limits and refusals (tests/reference/reliability_reference_test.cpp
// drives them over HTTP against serve-reference).
TEST(ReferenceRequestBody, LimitsAndRefusals) {
  auto refusal = [](const std::string& text) {
    auto parsed = parseRequestBody(text);
    auto* r = std::get_if<ApiRefusal>(&parsed);
    return r ? *r : ApiRefusal{0, ""};
  };
  EXPECT_TRUE(std::holds_alternative<nlohmann::json>(parseRequestBody("")));  // {} when empty
  const std::string deepest = "{\"input\": " + std::string(kMaxRequestBodyDepth - 1, '[') +
                              std::string(kMaxRequestBodyDepth - 1, ']') + "}";
  EXPECT_TRUE(std::holds_alternative<nlohmann::json>(parseRequestBody(deepest)));
  auto deep = refusal(std::string(100000, '[') + std::string(100000, ']'));
  EXPECT_EQ(422, deep.status);
  EXPECT_NE(deep.detail.find("nested deeper than 64 levels"), std::string::npos) << deep.detail;
  EXPECT_EQ(413, refusal(std::string(kMaxRequestBodyBytes + 1, ' ')).status);
  EXPECT_EQ(422, refusal("[]").status);
  EXPECT_EQ(422, refusal("{").status);
  EXPECT_EQ(422, refusal("\"a string\"").status);
}

}  // namespace
}  // namespace wc::reference
