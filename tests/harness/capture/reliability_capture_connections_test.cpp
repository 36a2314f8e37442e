// The capture server and `capture` facing senders that hold connections: a slowloris crowd of
// half-open connections trickling headers, a trickler at shutdown, a deeply nested body. Each
// must leave the receiver serving, judging and able to exit promptly.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include "capture/capture_server.h"
#include "capture_process.h"
#include "live/capture_inspection.h"
#include "reliability_support.h"

namespace wc {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using reliability::CaptureProcess;
using reliability::RawConnection;
using reliability::statusOf;

constexpr int kTricklers = 100;

std::string deepArray(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// A connection that sent a request line and part of a header, and keeps the header unfinished.
std::vector<std::unique_ptr<RawConnection>> openTricklers(int port, int count) {
  std::vector<std::unique_ptr<RawConnection>> out;
  for (int i = 0; i < count; ++i) {
    auto c = std::make_unique<RawConnection>(port);
    if (c->connected()) c->send("POST /hook/slow-" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\nX-Tri");
    out.push_back(std::move(c));
  }
  return out;
}

void trickle(std::vector<std::unique_ptr<RawConnection>>& tricklers) {
  for (auto& c : tricklers) c->send("c");  // one more byte of the header that never ends
}

// A real webhook POST, answered 200 within `bound`.
testing::AssertionResult webhookServedWithin(int port, std::chrono::milliseconds bound) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(5, 0);
  auto started = Clock::now();
  auto res = client.Post("/hook/real?token=t", R"({"run_id":"r"})", "application/json");
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  if (!res) return testing::AssertionFailure() << "POST failed: " << httplib::to_string(res.error());
  if (res->status != 200) return testing::AssertionFailure() << "POST answered " << res->status;
  if (took > bound)
    return testing::AssertionFailure() << "POST answered after " << took.count() << " ms (bound "
                                       << bound.count() << " ms)";
  return testing::AssertionSuccess() << "answered in " << took.count() << " ms";
}

TEST(CaptureUnderSlowloris, CaptureCommandServesAWebhookWhileAHundredConnectionsTrickle) {
  CaptureProcess capture;
  ASSERT_GT(capture.port(), 0) << capture.output();
  auto tricklers = openTricklers(capture.port(), kTricklers);
  trickle(tricklers);
  EXPECT_TRUE(webhookServedWithin(capture.port(), 1000ms));
  trickle(tricklers);
  EXPECT_TRUE(webhookServedWithin(capture.port(), 1000ms));
  EXPECT_TRUE(capture.running());
  capture.signal(SIGTERM);
  int code = -1;
  ASSERT_TRUE(capture.awaitExit(2s, &code)) << "capture did not exit within 2 s of SIGTERM with "
                                            << kTricklers << " tricklers open";
  EXPECT_EQ(0, code) << capture.output();
}

TEST(CaptureUnderSlowloris, EmbeddedServerGrowsPastItsInitialThreads) {
  CaptureOptions options;
  options.threads = 4;  // a crowd far larger than the initial pool
  CaptureServer server(options);
  std::string error;
  ASSERT_TRUE(server.start(&error)) << error;
  auto tricklers = openTricklers(server.port(), kTricklers);
  trickle(tricklers);
  EXPECT_TRUE(webhookServedWithin(server.port(), 1000ms));
  EXPECT_GT(server.connectionThreads(), 4u);
  EXPECT_LE(server.connectionThreads(), 512u);
  auto started = Clock::now();
  server.stop();
  EXPECT_LT(Clock::now() - started, 2s) << "stop() waited on the tricklers";
}

// A per-read timeout never trips on a byte every 200 ms; the request deadline does.
TEST(CaptureUnderSlowloris, RequestDeadlineCutsATricklerThatNeverFinishesItsHeaders) {
  CaptureOptions options;
  options.readTimeout = 5s;
  options.requestTimeout = 1s;
  CaptureServer server(options);
  std::string error;
  ASSERT_TRUE(server.start(&error)) << error;
  RawConnection trickler(server.port());
  ASSERT_TRUE(trickler.send("POST /hook/t HTTP/1.1\r\nHost: x\r\nX-Slow: "));
  auto started = Clock::now();
  bool closed = false;
  while (!closed && Clock::now() - started < 6s) {
    trickler.send("v");
    trickler.readUntilClosed(200ms, &closed);  // the read timeout paces the trickle
  }
  auto took = Clock::now() - started;
  EXPECT_TRUE(closed) << "a trickler was kept for 6 s with a 1 s request deadline";
  EXPECT_LT(took, 4s);
  EXPECT_TRUE(webhookServedWithin(server.port(), 1000ms));
}

TEST(CaptureShutdown, CaptureCommandExitsWithinTwoSecondsOfSigtermWithATricklingClient) {
  CaptureProcess capture;
  ASSERT_GT(capture.port(), 0) << capture.output();
  RawConnection trickler(capture.port());
  ASSERT_TRUE(trickler.send("POST /hook/t HTTP/1.1\r\nHost: x\r\nX-Slow: v"));
  ASSERT_TRUE(webhookServedWithin(capture.port(), 1000ms));  // the capture has accepted both
  auto started = Clock::now();
  capture.signal(SIGTERM);
  int code = -1;
  ASSERT_TRUE(capture.awaitExit(2s, &code)) << "still running 2 s after SIGTERM";
  // Exit code after the first signal: 0, a clean stop (a second one during the stop: 143).
  EXPECT_EQ(0, code) << capture.output();
  EXPECT_LT(Clock::now() - started, 2s);
  EXPECT_NE(capture.output().find("1 webhook(s) received"), std::string::npos) << capture.output();
}

TEST(CaptureShutdown, EmbeddedServerStopsWithinTwoSecondsWithATricklerAndADelayedRoute) {
  CaptureServer server;
  std::string error;
  ASSERT_TRUE(server.start(&error)) << error;
  RawConnection trickler(server.port());
  ASSERT_TRUE(trickler.send("POST /hook/t HTTP/1.1\r\nHost: x\r\nX-Slow: v"));
  auto route = server.newRoute("hanging");
  server.setRouteResponse(route, RouteResponse{200, 60s, {}, {}});
  std::thread hanging([&] {
    httplib::Client client("127.0.0.1", server.port());
    client.set_read_timeout(30, 0);
    client.Post(server.targetFor(route).c_str(), "{}", "application/json");
  });
  ASSERT_TRUE(server.awaitWebhook(route, 5s));
  auto started = Clock::now();
  server.stop();
  EXPECT_LT(Clock::now() - started, 2s);
  hanging.join();
}

TEST(CaptureDeepJson, CaptureServerKeepsADeepBodyAndItsCheckFailsWithAReason) {
  CaptureServer server;
  std::string error;
  ASSERT_TRUE(server.start(&error)) << error;
  auto route = server.newRoute("deep");
  auto body = deepArray(100000);  // 200 KB
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Post(server.targetFor(route).c_str(), body, "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(200, res->status);
  CapturedRequest got;
  ASSERT_TRUE(server.awaitWebhook(route, 5s, &got));
  EXPECT_EQ(body.size(), got.body.size()) << "the embedded run keeps whole bodies";
  EXPECT_FALSE(got.bodyTruncated);
  auto inspection = inspectWebhook(got, "");
  EXPECT_FALSE(inspection.allOk());
  EXPECT_EQ("body is not JSON within limits: nested deeper than 128 levels",
            inspection.checks[2].detail);
  InspectedWebhooks kept{std::make_shared<InspectedWebhook>(InspectedWebhook{got, inspection})};
  EXPECT_NE(renderCapturePage(kept, {}).find("nested deeper than 128 levels"), std::string::npos);
  EXPECT_NE(renderWebhooksJson(kept).find("nested deeper than 128 levels"), std::string::npos);
}

TEST(CaptureDeepJson, CaptureCommandSurvivesADeepBodyAndReportsTheFailedCheck) {
  CaptureProcess capture;
  ASSERT_GT(capture.port(), 0) << capture.output();
  httplib::Client client("127.0.0.1", capture.port());
  client.set_read_timeout(10, 0);
  auto res = client.Post("/hook/deep", deepArray(100000), "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error()) << "; capture alive: " << capture.running();
  EXPECT_EQ(200, res->status);
  for (const char* page : {"/", "/webhooks.json"}) {
    auto view = client.Get(page);
    ASSERT_TRUE(view) << page << ": " << httplib::to_string(view.error());
    EXPECT_EQ(200, view->status) << page;
    EXPECT_NE(view->body.find("nested deeper than 128 levels"), std::string::npos) << page;
  }
  EXPECT_TRUE(capture.running()) << "capture died on a deep body";
  capture.signal(SIGTERM);
  int code = -1;
  ASSERT_TRUE(capture.awaitExit(5s, &code));
  EXPECT_EQ(0, code);
  EXPECT_NE(capture.output().find("schema: body is not JSON within limits: nested deeper than 128 "
                                  "levels"),
            std::string::npos)
      << capture.output();
}

}  // namespace
}  // namespace wc
