// The capture server, tested like cpp-httplib tests its own server: any free port, a thread
// listening, transport checked before status.
#include "capture/capture_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <set>
#include <thread>

namespace wc {
namespace {

using std::chrono::milliseconds;

class CaptureServerTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(server_.start(&error)) << error;
  }
  void TearDown() override { server_.stop(); }

  httplib::Client client() {
    httplib::Client c("127.0.0.1", server_.port());
    c.set_url_encode(false);
    return c;
  }

  // Sends bytes exactly as given (no client library between us and the wire).
  std::string sendRaw(const std::string& bytes) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(server_.port()));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close(fd);
      return "";
    }
    (void)!write(fd, bytes.data(), bytes.size());
    std::string reply;
    char buf[4096];
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) reply.append(buf, n);
    close(fd);
    return reply;
  }

  CaptureServer server_;
};

TEST_F(CaptureServerTest, KeepsTheRawTargetByteExact) {
  auto route = server_.newRoute("raw");
  std::string target = server_.targetFor(route, "?token=a%20b+c%2F%25%C3%A9&k=1&k=2&e=");
  auto reply = sendRaw("POST " + target +
                       " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
  EXPECT_NE(std::string::npos, reply.find("200")) << reply;
  CapturedRequest got;
  ASSERT_TRUE(server_.awaitWebhook(route, milliseconds(2000), &got));
  EXPECT_EQ(target, got.target);
  EXPECT_EQ("token=a%20b+c%2F%25%C3%A9&k=1&k=2&e=", got.rawQuery());
  EXPECT_EQ("POST", got.method);
}

TEST_F(CaptureServerTest, KeepsBodyBytesAndHeaders) {
  auto route = server_.newRoute("body");
  std::string body("{\"a\":\"\xc3\xa9\"}\0tail", 15);
  auto res = client().Post(server_.targetFor(route), {{"X-Custom", "v1"}}, body,
                           "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(200, res->status);
  CapturedRequest got;
  ASSERT_TRUE(server_.awaitWebhook(route, milliseconds(2000), &got));
  EXPECT_EQ(body, got.body);
  EXPECT_EQ("v1", got.header("x-custom"));
  EXPECT_EQ("application/json", got.header("Content-Type"));
}

TEST_F(CaptureServerTest, RecordsConcurrentRequestsEachOnceOnTheirOwnRoute) {
  constexpr int kSenders = 16, kEach = 10;
  std::vector<std::string> routes;
  for (int i = 0; i < kSenders; ++i) routes.push_back(server_.newRoute("c"));
  std::vector<std::thread> senders;
  std::atomic<int> transportFailures{0};
  for (int i = 0; i < kSenders; ++i) {
    senders.emplace_back([&, i] {
      auto c = client();
      for (int j = 0; j < kEach; ++j) {
        auto res = c.Post(server_.targetFor(routes[i], "?n=" + std::to_string(j)), "{}",
                          "application/json");
        if (!res) {
          ++transportFailures;
          ADD_FAILURE() << httplib::to_string(res.error());
        }
      }
    });
  }
  for (auto& t : senders) t.join();
  EXPECT_EQ(0, transportFailures.load());
  for (int i = 0; i < kSenders; ++i) {
    std::vector<CapturedRequest> got;
    ASSERT_TRUE(server_.awaitWebhooks(routes[i], kEach, milliseconds(2000), &got));
    ASSERT_EQ(static_cast<size_t>(kEach), got.size());
    std::set<std::string> queries;
    for (const auto& r : got) queries.insert(r.rawQuery());
    EXPECT_EQ(static_cast<size_t>(kEach), queries.size()) << "a request recorded twice";
  }
  EXPECT_EQ(static_cast<size_t>(kSenders * kEach), server_.totalReceived());
}

TEST_F(CaptureServerTest, AnAwaitThatTimesOutSaysWhatItAwaitedAndWhatArrived) {
  auto route = server_.newRoute("silent");
  auto other = server_.newRoute("noisy");
  ASSERT_TRUE(client().Post(server_.targetFor(other), "{}", "application/json"));
  ASSERT_TRUE(server_.awaitWebhook(other, milliseconds(2000)));
  auto start = std::chrono::steady_clock::now();
  auto result = server_.awaitWebhook(route, milliseconds(200));
  auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result);
  EXPECT_GE(waited, milliseconds(200));
  EXPECT_NE(std::string::npos, std::string(result.message()).find("awaited 1 webhook(s) on route " + route))
      << result.message();
  EXPECT_NE(std::string::npos, std::string(result.message()).find("for 200 ms")) << result.message();
  EXPECT_NE(std::string::npos, std::string(result.message()).find("0 arrived")) << result.message();
  EXPECT_NE(std::string::npos, std::string(result.message()).find("1 request(s) arrived on other routes"))
      << result.message();
}

TEST_F(CaptureServerTest, ExpectNoWebhookFailsWhenOneArrives) {
  auto route = server_.newRoute("dup");
  ASSERT_TRUE(client().Post(server_.targetFor(route), "{}", "application/json"));
  ASSERT_TRUE(server_.awaitWebhook(route, milliseconds(2000)));
  EXPECT_TRUE(server_.expectNoWebhook(route, milliseconds(50), 1));
  ASSERT_TRUE(client().Post(server_.targetFor(route), "{}", "application/json"));
  auto result = server_.expectNoWebhook(route, milliseconds(2000), 1);
  ASSERT_FALSE(result);
  EXPECT_NE(std::string::npos, std::string(result.message()).find("2 arrived")) << result.message();
}

TEST_F(CaptureServerTest, RouteResponsesAreProgrammable) {
  auto route = server_.newRoute("fail");
  server_.setRouteResponse(route, {503, milliseconds(0), {{"Retry-After", "1"}}, "busy"});
  auto res = client().Post(server_.targetFor(route), "{}", "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(503, res->status);
  EXPECT_EQ("1", res->get_header_value("Retry-After"));
  EXPECT_EQ("busy", res->body);
}

TEST_F(CaptureServerTest, ADelayedRouteDoesNotHoldUpStop) {
  auto route = server_.newRoute("hang");
  server_.setRouteResponse(route, {200, std::chrono::minutes(5), {}, ""});
  std::thread sender([&] { client().Post(server_.targetFor(route), "{}", "application/json"); });
  ASSERT_TRUE(server_.awaitWebhook(route, milliseconds(2000)));
  auto start = std::chrono::steady_clock::now();
  server_.stop();
  sender.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

// A sender flooding the run cannot make it hold every request: beyond the bounds requests are
// counted (a wait still sees them, its message says how many were not kept) but not kept.
TEST(CaptureServerBounds, RequestsOverTheKeptBoundsAreCountedNotKept) {
  CaptureOptions options;
  options.maxKeptPerRoute = 3;
  options.maxKeptTotal = 5;
  options.maxKeptBodyBytes = 1024;
  CaptureServer server(options);
  std::string error;
  ASSERT_TRUE(server.start(&error)) << error;
  auto flooded = server.newRoute("flooded");
  auto other = server.newRoute("other");
  auto large = server.newRoute("large");
  httplib::Client client("127.0.0.1", server.port());
  auto post = [&](const std::string& route, const std::string& body) {
    auto res = client.Post(server.targetFor(route).c_str(), body, "application/json");
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(200, res->status);
  };
  for (int i = 0; i < 5; ++i) post(flooded, "{}");
  post(large, std::string(2000, 'x'));  // over the byte budget alone
  for (int i = 0; i < 3; ++i) post(other, "{}");
  EXPECT_EQ(server.received(flooded).size(), 3u);
  EXPECT_EQ(server.received(large).size(), 0u);
  EXPECT_EQ(server.received(other).size(), 2u) << "the overall bound is 5";
  EXPECT_EQ(server.totalReceived(), 9u);
  EXPECT_EQ(server.notKept(), 4u);
  EXPECT_TRUE(server.awaitWebhooks(flooded, 5, milliseconds(1000)));
  auto failed = server.expectNoWebhook(flooded, milliseconds(10), 3);
  ASSERT_FALSE(failed);
  EXPECT_NE(std::string(failed.message()).find("2 more arrived over the capture bounds"),
            std::string::npos)
      << failed.message();
  server.stop();
}

TEST(CaptureServerUrls, AdvertisedCallbackBaseIsSeparateFromTheBindAddress) {
  CaptureOptions o;
  o.callbackBaseUrl = "https://tunnel.example.com/prefix/";
  CaptureServer server(o);
  std::string error;
  ASSERT_TRUE(server.start(&error)) << error;
  EXPECT_EQ("https://tunnel.example.com/prefix/hook/r?token=t", server.urlFor("r", "?token=t"));
  EXPECT_EQ("/prefix/hook/r?token=t", server.targetFor("r", "?token=t"));
}

}  // namespace
}  // namespace wc
