// What the capture server and `capture` record and show, when the sender is hostile: headers the
// sender never sent, control bytes meant for the terminal, a foreign Host (DNS rebinding), bodies
// over the stored-body cap, a flood of stored webhooks, an IPv6 bind.
#include <gtest/gtest.h>
#include <httplib.h>

#include <sstream>

#include "capture/capture_server.h"
#include "live/live_capture.h"
#include "reliability_support.h"

namespace wc {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using reliability::RawConnection;
using reliability::statusOf;

// A raw GET with the given Host header; returns the whole response.
std::string getWithHost(int port, const std::string& path, const std::string& host) {
  RawConnection c(port);
  c.send("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
  bool closed = false;
  return c.readUntilClosed(5s, &closed);
}

class LiveCaptureEvidence : public testing::Test {
 protected:
  void start(LiveCaptureOptions options = {}) {
    options.bind = "127.0.0.1";
    options.port = 0;
    capture_ = std::make_unique<LiveCapture>(options, console_);
    std::string error;
    ASSERT_TRUE(capture_->start(&error)) << error;
  }
  void TearDown() override {
    if (capture_) capture_->stop();
  }
  int port() const { return capture_->port(); }

  std::ostringstream console_;
  std::unique_ptr<LiveCapture> capture_;
};

TEST_F(LiveCaptureEvidence, LiveViewRefusesAForeignHostAndWebhooksAcceptAny) {
  start();
  auto host = "127.0.0.1:" + std::to_string(port());
  for (const char* page : {"/", "/view", "/webhooks.json", "/favicon.ico"}) {
    auto evil = getWithHost(port(), page, "evil.example:" + std::to_string(port()));
    EXPECT_EQ(421, statusOf(evil)) << page << ": " << evil.substr(0, 300);
    EXPECT_NE(evil.find("refused Host 'evil.example:"), std::string::npos) << evil;
    EXPECT_EQ(evil.find("<html"), std::string::npos) << "the page leaked to a foreign Host";
    auto own = getWithHost(port(), page, host);
    EXPECT_LT(statusOf(own), 300) << page << " with Host " << host << ": " << own.substr(0, 300);
    EXPECT_GE(statusOf(own), 200);
  }
  EXPECT_EQ(200, statusOf(getWithHost(port(), "/webhooks.json", "localhost")));
  EXPECT_EQ(200, statusOf(getWithHost(port(), "/webhooks.json", "LOCALHOST:" + std::to_string(port()))));
  EXPECT_EQ(421, statusOf(getWithHost(port(), "/webhooks.json", "127.0.0.1.evil.example")));
  EXPECT_EQ(421, statusOf(getWithHost(port(), "/webhooks.json", "")));
  // A webhook through a tunnel carries the tunnel's Host: still recorded.
  EXPECT_EQ(200, statusOf(getWithHost(port(), "/hook/tunnelled", "abc.tunnel.example")));
  EXPECT_EQ(1u, capture_->received());
}

TEST_F(LiveCaptureEvidence, ControlBytesAreEscapedInPrintedLines) {
  start({"", 0, "s3cret"});
  RawConnection c(port());
  // ESC in the target, an OSC title sequence and a C1 CSI (U+009B) in the Content-Type, ESC
  // (percent-encoded) in the token that the token check quotes back.
  c.send(std::string("POST /hook/\x1b[2J?token=%1b%5d0%3bpwned%07 HTTP/1.1\r\nHost: x\r\n"
                     "Content-Type: text/\x1b]0;title\x07\xc2\x9b" "31m\x7f\r\n"
                     "Content-Length: 2\r\nConnection: close\r\n\r\n{}"));
  bool closed = false;
  auto response = c.readUntilClosed(5s, &closed);
  ASSERT_EQ(200, statusOf(response)) << response;
  auto console = console_.str();
  ASSERT_NE(console.find("POST /hook/"), std::string::npos) << console;
  for (size_t i = 0; i < console.size(); ++i) {
    auto byte = static_cast<unsigned char>(console[i]);
    ASSERT_FALSE((byte < 0x20 && byte != '\n') || byte == 0x7f)
        << "raw control byte 0x" << std::hex << int(byte) << " at " << std::dec << i << ": " << console;
    ASSERT_FALSE(byte == 0xc2 && i + 1 < console.size() &&
                 static_cast<unsigned char>(console[i + 1]) >= 0x80 &&
                 static_cast<unsigned char>(console[i + 1]) <= 0x9f)
        << "raw C1 control at " << i << ": " << console;
  }
  EXPECT_NE(console.find("/hook/\\x1b[2J"), std::string::npos) << console;
  EXPECT_NE(console.find("mismatch: got '\\x1b]0;pwned\\x07'"), std::string::npos) << console;
}

TEST(CaptureHeaders, HttplibPseudoHeadersAreNotRecordedButASendersOwnAre) {
  CaptureServer server;
  std::string error;
  ASSERT_TRUE(server.start(&error)) << error;
  RawConnection c(server.port());
  c.send("POST /hook/headers HTTP/1.1\r\nHost: x\r\nREMOTE_ADDR: sent-by-the-sender\r\n"
         "X-Real: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
  bool closed = false;
  ASSERT_EQ(200, statusOf(c.readUntilClosed(5s, &closed)));
  CapturedRequest got;
  ASSERT_TRUE(server.awaitWebhook("headers", 5s, &got));
  EXPECT_EQ(0u, got.headerCount("REMOTE_PORT"));
  EXPECT_EQ(0u, got.headerCount("LOCAL_ADDR"));
  EXPECT_EQ(0u, got.headerCount("LOCAL_PORT"));
  EXPECT_EQ(1u, got.headerCount("REMOTE_ADDR")) << "the sender's own header must stay";
  EXPECT_EQ("sent-by-the-sender", got.header("REMOTE_ADDR"));
  EXPECT_EQ("1", got.header("X-Real"));
  EXPECT_EQ(5u, got.headers.size()) << "Host, REMOTE_ADDR, X-Real, Content-Length, Connection";
}

TEST(CaptureIpv6, UrlsBracketAnIpv6BindAddress) {
  CaptureOptions options;
  options.bindAddress = "::1";
  CaptureServer server(options);
  std::string error;
  if (!server.start(&error)) GTEST_SKIP() << "cannot bind ::1 here (" << error << ")";
  auto route = server.newRoute("v6");
  auto url = server.urlFor(route, "?token=t");
  EXPECT_EQ("http://[::1]:" + std::to_string(server.port()) + server.targetFor(route, "?token=t"), url);
  httplib::Client client("::1", server.port());
  auto res = client.Post(server.targetFor(route).c_str(), "{}", "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(200, res->status);
  EXPECT_TRUE(server.awaitWebhook(route, 5s));
  server.stop();

  std::ostringstream console;
  LiveCaptureOptions co;
  co.bind = "::1";
  co.port = 0;
  LiveCapture capture(co, console);
  ASSERT_TRUE(capture.start(&error)) << error;
  EXPECT_EQ("http://[::1]:" + std::to_string(capture.port()), capture.baseUrl());
  EXPECT_NE(console.str().find("listening on http://[::1]:"), std::string::npos) << console.str();
  httplib::Client view("::1", capture.port());  // sends Host: [::1]:port
  auto page = view.Get("/webhooks.json");
  ASSERT_TRUE(page) << httplib::to_string(page.error());
  EXPECT_EQ(200, page->status) << page->body;
  capture.stop();
}

TEST_F(LiveCaptureEvidence, BodyOverTheStoredCapIsKeptCutAndMarkedOversize) {
  LiveCaptureOptions options;
  options.maxBodyBytes = 1000;
  start(options);
  std::string body = R"({"run_id":"r","status":"success","padding":")" + std::string(5000, 'p') + "\"}";
  httplib::Client client("127.0.0.1", port());
  auto res = client.Post("/hook/big", body, "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(200, res->status);
  auto json = nlohmann::json::parse(client.Get("/webhooks.json")->body);
  ASSERT_EQ(1u, json.size());
  EXPECT_EQ(true, json[0]["body_truncated"]);
  EXPECT_EQ(body.size(), json[0]["body_bytes"]);
  EXPECT_EQ(1000u, json[0]["body"].get<std::string>().size());
  EXPECT_NE("body is not JSON", json[0]["checks"]["schema"]["detail"])
      << "the checks judge the whole body, not the kept part";
  auto page = client.Get("/")->body;
  EXPECT_NE(page.find("only the first 1000 were kept"), std::string::npos);
  EXPECT_NE(console_.str().find("kept the first 1000"), std::string::npos) << console_.str();

  // The embedded server: the same cap through CaptureOptions.
  CaptureOptions co;
  co.maxStoredBodyBytes = 100;
  CaptureServer server(co);
  std::string error;
  ASSERT_TRUE(server.start(&error)) << error;
  httplib::Client embedded("127.0.0.1", server.port());
  ASSERT_TRUE(embedded.Post("/hook/capped", body, "application/json"));
  CapturedRequest got;
  ASSERT_TRUE(server.awaitWebhook("capped", 5s, &got));
  EXPECT_TRUE(got.bodyTruncated);
  EXPECT_EQ(100u, got.body.size());
  EXPECT_EQ(body.size(), got.bodyBytesReceived);
  EXPECT_NE(got.summary().find("100 kept"), std::string::npos) << got.summary();
}

TEST_F(LiveCaptureEvidence, OldestWebhooksAreDroppedAndCountedBeyondMaxWebhooks) {
  LiveCaptureOptions options;
  options.maxWebhooks = 5;
  options.maxShown = 2;
  start(options);
  httplib::Client client("127.0.0.1", port());
  for (int i = 0; i < 8; ++i)
    ASSERT_TRUE(client.Post(("/hook/n" + std::to_string(i)).c_str(), "{}", "application/json"));
  auto res = client.Get("/webhooks.json");
  ASSERT_TRUE(res);
  auto json = nlohmann::json::parse(res->body);
  ASSERT_EQ(5u, json.size());
  EXPECT_EQ("/hook/n3", json[0]["target"]);
  EXPECT_EQ("3", res->get_header_value("X-Capture-Dropped"));
  auto page = client.Get("/")->body;
  EXPECT_NE(page.find("8 received, 3 oldest dropped (5 kept)"), std::string::npos) << page.substr(0, 2000);
  EXPECT_NE(page.find("/hook/n7"), std::string::npos);
  EXPECT_EQ(page.find("/hook/n5"), std::string::npos) << "only the newest 2 are rendered";
}

// 50,000 stored webhooks took 14.8 s per /webhooks.json when each request re-validated them all.
// A guard, not a benchmark: the verdicts are stored, the JSON only renders them. A Debug build
// under ASan is about 10x slower (3.6 s for the JSON and 90 s for the 20,000 POSTs seen in CI;
// 4.4 s for 5,000 beside other tests), so it stores fewer and gets a bound of its own; the old
// code would still take far longer (~6 s for 2,000 under ASan).
#if defined(__SANITIZE_ADDRESS__)
constexpr int kStored = 2000;
constexpr std::chrono::milliseconds kWebhooksJsonBound{5000};
#else
constexpr int kStored = 20000;
constexpr std::chrono::milliseconds kWebhooksJsonBound{2000};
#endif
TEST_F(LiveCaptureEvidence, WebhooksJsonWithTwentyThousandStoredAnswersFast) {
  start();
  httplib::Client client("127.0.0.1", port());
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);  // else Nagle + delayed ACK cost 40 ms a POST
  // The bound below judges the time; the client's own 5 s read timeout must not decide first.
  client.set_read_timeout(std::chrono::seconds(30));
  // Small payloads: the test measures the rendering, not the ingest.
  const std::string payload = R"({"run_id":"r","thread_id":"t","status":"success","values":{"n":1}})";
  for (int i = 0; i < kStored; ++i) {
    auto res = client.Post("/hook/flood?token=t", payload, "application/json");
    ASSERT_TRUE(res) << i << ": " << httplib::to_string(res.error());
  }
  ASSERT_EQ(static_cast<size_t>(kStored), capture_->received());
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto started = Clock::now();
    auto res = client.Get("/webhooks.json");
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    ASSERT_EQ(200, res->status);
    EXPECT_LT(took, kWebhooksJsonBound) << "/webhooks.json with " << kStored << " stored webhooks";
    RecordProperty("webhooks_json_ms_" + std::to_string(attempt), static_cast<int>(took.count()));
    std::cout << "/webhooks.json with " << kStored << " stored: " << took.count() << " ms, "
              << res->body.size() << " bytes\n";
    started = Clock::now();
    auto page = client.Get("/");
    took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    ASSERT_TRUE(page);
    EXPECT_LT(took, 2000ms) << "/ with " << kStored << " stored webhooks";
    std::cout << "/ with " << kStored << " stored: " << took.count() << " ms\n";
  }
}

}  // namespace
}  // namespace wc
