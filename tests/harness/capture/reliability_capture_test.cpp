// The capture server facing senders that break HTTP: after each abuse it must still answer and
// keep recording, because one broken target must not cost the other cases their webhooks.
#include <gtest/gtest.h>
#include <httplib.h>

#include "capture/capture_server.h"
#include "reliability_support.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

using namespace std::chrono_literals;
using reliability::RawConnection;
using reliability::statusOf;

constexpr size_t kBodyLimit = 64 * 1024;

class CaptureServerUnderAbuse : public testing::Test {
 protected:
  void SetUp() override {
    CaptureOptions options;
    options.maxBodyBytes = kBodyLimit;
    options.readTimeout = 500ms;
    server_ = std::make_unique<CaptureServer>(options);
    std::string error;
    ASSERT_TRUE(server_->start(&error)) << error;
  }
  void TearDown() override { server_->stop(); }

  // Sends raw bytes on a fresh connection; returns what came back before the server closed it.
  // A server that neither answers nor closes within 5 s fails the test here.
  std::string abuse(const std::string& bytes) {
    RawConnection connection(server_->port());
    EXPECT_TRUE(connection.connected());
    connection.send(bytes);  // the server may close early; what matters is what it does next
    bool closed = false;
    auto response = connection.readResponseHead(5s, &closed);
    EXPECT_TRUE(closed || statusOf(response) != 0)
        << "the server neither answered nor closed within 5 s after: " << bytes.substr(0, 80);
    return response;
  }

  // A well-formed webhook still arrives, byte-exact, on a fresh route.
  testing::AssertionResult stillRecording() {
    auto route = server_->newRoute("after-abuse");
    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(5, 0);
    auto res = client.Post(server_->targetFor(route, "?token=t").c_str(), R"({"ok":true})",
                           "application/json");
    if (!res) return testing::AssertionFailure() << "POST failed: " << httplib::to_string(res.error());
    if (res->status != 200)
      return testing::AssertionFailure() << "POST answered " << res->status;
    CapturedRequest got;
    auto arrived = server_->awaitWebhook(route, 5s, &got);
    if (!arrived) return arrived;
    return targetArrivedByteExact(got, server_->targetFor(route, "?token=t"));
  }

  std::unique_ptr<CaptureServer> server_;
};

TEST_F(CaptureServerUnderAbuse, MalformedRequestLinesAreRefusedAndRecordingContinues) {
  const std::vector<std::string> requestLines = {
      "GARBAGE\r\n\r\n",
      "POST\r\n\r\n",
      "POST /hook/x\r\n\r\n",
      "POST /hook/x HTTP/1.1 trailing words\r\n\r\n",
      std::string("\x00\x01\x02\xff\xfe POST / HTTP/1.1\r\n\r\n", 26),
      "POST /hook/" + std::string(20000, 'a') + " HTTP/1.1\r\n\r\n",
      "\r\n\r\n\r\n",
  };
  for (const auto& line : requestLines) {
    auto response = abuse(line);
    int status = statusOf(response);
    EXPECT_TRUE(status == 0 || status >= 400) << "answered " << status << " to " << line.substr(0, 40);
    ASSERT_TRUE(stillRecording()) << "after request line: " << line.substr(0, 40);
  }
}

TEST_F(CaptureServerUnderAbuse, MalformedHeadersAreRefusedAndRecordingContinues) {
  const std::string start = "POST /hook/bad-headers HTTP/1.1\r\nHost: x\r\n";
  const std::vector<std::string> headers = {
      "NoColonHere\r\n",
      "Content-Length: abc\r\n",
      "Content-Length: -5\r\n",
      "Content-Length: 99999999999999999999999999\r\n",
      "X-Long: " + std::string(20000, 'v') + "\r\n",
      ": empty-name\r\n",
  };
  for (const auto& header : headers) {
    auto response = abuse(start + header + "\r\n");
    int status = statusOf(response);
    EXPECT_TRUE(status == 0 || status >= 400 || status == 200)
        << "answered " << status << " to " << header.substr(0, 40);
    ASSERT_TRUE(stillRecording()) << "after header: " << header.substr(0, 40);
  }
}

TEST_F(CaptureServerUnderAbuse, BadChunkedEncodingIsRefusedAndRecordingContinues) {
  const std::string start =
      "POST /hook/bad-chunks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::vector<std::string> bodies = {
      "zz\r\nhello\r\n0\r\n\r\n",                 // size is not hex
      "ffffffffffffffffff\r\nx\r\n0\r\n\r\n",     // size overflows
      "5\r\nhel",                                 // cut mid-chunk, then the sender goes quiet
      "-1\r\n\r\n",
  };
  for (const auto& body : bodies) {
    auto response = abuse(start + body);
    EXPECT_NE(200, statusOf(response)) << "accepted chunked body " << body;
    ASSERT_TRUE(stillRecording()) << "after chunked body: " << body;
  }
  EXPECT_TRUE(server_->received("bad-chunks").empty());
}

// httplib 0.11.4 does not check the CRLF after a chunk's data: a chunk longer than declared is
// cut at the declared size and the request accepted. Documented here so a change is noticed.
TEST_F(CaptureServerUnderAbuse, OverlongChunkIsCutAtTheDeclaredSize) {
  abuse("POST /hook/overlong HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5\r\nhelloEXTRA\r\n0\r\n\r\n");
  for (const auto& request : server_->received("overlong")) EXPECT_EQ("hello", request.body);
  ASSERT_TRUE(stillRecording());
}

TEST_F(CaptureServerUnderAbuse, HeaderFloodIsSurvived) {
  std::string request = "POST /hook/flood HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 20000; ++i) request += "X-Flood-" + std::to_string(i) + ": v\r\n";
  request += "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
  abuse(request);  // any answer or a close is fine; the server must stay up
  ASSERT_TRUE(stillRecording());
}

TEST_F(CaptureServerUnderAbuse, OversizeBodyIsAnswered413AndRecordedAsRefused) {
  auto route = server_->newRoute("oversize");
  httplib::Client client("127.0.0.1", server_->port());
  auto res = client.Post(server_->targetFor(route).c_str(), std::string(kBodyLimit + 1, 'x'),
                         "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(413, res->status);
  auto refused = server_->refused();
  ASSERT_EQ(1u, refused.size());
  EXPECT_EQ(413, refused[0].status);
  EXPECT_EQ(route, refused[0].route);
  EXPECT_EQ(std::to_string(kBodyLimit + 1), refused[0].contentLength);
  EXPECT_TRUE(server_->received(route).empty());
  // A case waiting on that route learns why nothing arrived.
  auto wait = server_->awaitWebhook(route, 10ms);
  EXPECT_FALSE(wait);
  EXPECT_NE(std::string(wait.message()).find("answered 413"), std::string::npos) << wait.message();
  ASSERT_TRUE(stillRecording());
}

TEST_F(CaptureServerUnderAbuse, StalledSenderIsDroppedWithoutBlockingOthers) {
  RawConnection stalled(server_->port());
  ASSERT_TRUE(stalled.connected());
  ASSERT_TRUE(stalled.send("POST /hook/stalled HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"
                           "{\"half\":"));
  // While that sender is stalled, others are served.
  ASSERT_TRUE(stillRecording());
  // At the read timeout the server gives up on the body: it answers 400 or closes.
  bool closed = false;
  auto started = std::chrono::steady_clock::now();
  auto response = stalled.readResponseHead(5s, &closed);
  EXPECT_TRUE(closed || statusOf(response) == 400)
      << "the server waited over 5 s on a stalled body (read timeout 500 ms): " << response;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_TRUE(server_->received("stalled").empty()) << "a partial body was recorded";
  ASSERT_TRUE(stillRecording());
}

TEST_F(CaptureServerUnderAbuse, NonJsonBodyIsRecordedAndThePayloadCheckSaysWhy) {
  auto route = server_->newRoute("not-json");
  httplib::Client client("127.0.0.1", server_->port());
  auto res = client.Post(server_->targetFor(route).c_str(), "run finished <b>ok</b>", "text/html");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(200, res->status);
  CapturedRequest got;
  ASSERT_TRUE(server_->awaitWebhook(route, 5s, &got));
  EXPECT_EQ("run finished <b>ok</b>", got.body);
  nlohmann::json payload;
  auto check = bodyIsJsonObject(got, &payload);
  EXPECT_FALSE(check);
  EXPECT_NE(std::string(check.message()).find("expected a JSON body"), std::string::npos)
      << check.message();
  EXPECT_NE(std::string(check.message()).find("run finished"), std::string::npos)
      << "the message should quote what arrived: " << check.message();
}

}  // namespace
}  // namespace wc
