// Header sections bounded where they enter: endless header lines, thousands of tiny ones and one
// huge line are answered 431 once past 64 KiB or 200 lines, before the server holds more; ordinary
// requests (50 headers, keep-alive) are served as before; and a body refused early is answered
// so that a sender that writes it whole before reading still reads the refusal, not a reset.
// A chunk-size line that never ends (httplib holds lines whole) is cut the same way, with 400.
// The embedded capture server, the `capture` command and the reference target (README, "Limits").
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <functional>
#include <iostream>

#include "capture/capture_server.h"
#include "capture_process.h"
#include "hostile_bodies.h"
#include "reference/reference_target.h"

namespace wc::reliability {
namespace {

using namespace std::chrono_literals;

constexpr size_t kHeaderMiB = 1024 * 1024;
// A sender may get this much into socket buffers before it sees the answer; it was gigabytes.
constexpr size_t kHeaderBytesAllowance = 16 * kHeaderMiB;
constexpr size_t kHeaderMemoryAllowance = 32 * kHeaderMiB;  // over the idle peak

// Each header-section attack against the server at `port`, process `pid`: its answer, what the
// sender got out before it, and the server's memory peak.
void expectHeaderSectionsBounded(pid_t pid, int port, const std::string& target) {
  struct Attack {
    const char* name;
    std::function<HostileAnswer()> send;
  } attacks[] = {
      {"endless 100-byte header lines",
       [&] { return floodHeaderLines(port, target, 100, size_t(1) << 40, 20s); }},
      {"5000 header lines of 10 bytes",
       [&] { return floodHeaderLines(port, target, 10, 5000, 20s); }},
      {"one 256 MiB header line",
       [&] { return floodHeaderLines(port, target, 256 * kHeaderMiB, 1, 20s); }},
  };
  for (const auto& attack : attacks) {
    SCOPED_TRACE(attack.name);
    resetPeakResident(pid);
    auto idle = peakResidentBytes(pid);
    ASSERT_GT(idle, 0u) << "cannot read /proc/" << pid << "/status";
    auto started = std::chrono::steady_clock::now();
    auto answer = attack.send();
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    auto peak = peakResidentBytes(pid);
    EXPECT_EQ(431, answer.status) << "after sending " << answer.headBytesSent
                                  << " header bytes; answer: " << answer.head.substr(0, 300);
    EXPECT_NE(answer.head.find("Connection: close"), std::string::npos) << answer.head;
    EXPECT_LT(answer.headBytesSent, kHeaderBytesAllowance) << "the server kept reading headers";
    EXPECT_LT(peak, idle + kHeaderMemoryAllowance)
        << "peak resident memory " << peak / kHeaderMiB << " MiB, idle " << idle / kHeaderMiB
        << " MiB";
    std::cout << "[ figures  ] " << attack.name << ": answered " << answer.status << " in "
              << took.count() << " ms after " << answer.headBytesSent / 1024
              << " KiB of header section sent; peak " << peak / kHeaderMiB << " MiB over idle "
              << idle / kHeaderMiB << " MiB\n";
  }
}

// A chunked body whose chunk-size line never ends: 400 before the server holds more than a line.
void expectChunkSizeLineBounded(pid_t pid, int port, const std::string& target) {
  resetPeakResident(pid);
  auto idle = peakResidentBytes(pid);
  ASSERT_GT(idle, 0u) << "cannot read /proc/" << pid << "/status";
  auto answer = floodChunkSizeLine(port, target, 512 * kHeaderMiB, 20s);
  auto peak = peakResidentBytes(pid);
  EXPECT_EQ(400, answer.status) << "after sending " << answer.bodyBytesSent
                                << " body bytes; answer: " << answer.head.substr(0, 300);
  EXPECT_NE(answer.head.find("Connection: close"), std::string::npos) << answer.head;
  EXPECT_LT(answer.bodyBytesSent, kHeaderBytesAllowance) << "the server kept reading the line";
  EXPECT_LT(peak, idle + kHeaderMemoryAllowance)
      << "peak resident memory " << peak / kHeaderMiB << " MiB, idle " << idle / kHeaderMiB
      << " MiB";
  std::cout << "[ figures  ] endless chunk-size line: answered " << answer.status << " after "
            << answer.bodyBytesSent / 1024 << " KiB sent; peak " << peak / kHeaderMiB
            << " MiB over idle " << idle / kHeaderMiB << " MiB\n";
}

// Two GETs with 50 headers each on one kept-alive connection, both answered 200.
void expectFiftyHeadersServedTwiceOnOneConnection(int port, const std::string& target) {
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  client.set_read_timeout(5, 0);
  httplib::Headers headers;
  for (int i = 0; i < 50; ++i)
    headers.emplace("X-Ordinary-" + std::to_string(i), "value " + std::to_string(i));
  for (int round = 1; round <= 2; ++round) {
    auto res = client.Get(target.c_str(), headers);
    ASSERT_TRUE(res) << "request " << round << ": " << httplib::to_string(res.error());
    EXPECT_EQ(200, res->status) << "request " << round << ": " << res->body;
  }
}

// A body over the limit, sent whole before anything is read: the sender still reads the 413.
void expectEarlyRefusalReadable(int port, const std::string& target) {
  for (auto length : {BodyLength::Chunked, BodyLength::Declared}) {
    SCOPED_TRACE(length == BodyLength::Chunked ? "chunked" : "Content-Length");
    auto started = std::chrono::steady_clock::now();
    auto answer = sendBodyBeforeReading(port, target, 20 * kHeaderMiB, length, 30s);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    EXPECT_EQ(413, answer.status) << "after " << answer.bodyBytesSent << " body bytes sent"
                                  << (answer.resetSeen ? ", connection reset" : "")
                                  << "; answer: " << answer.head.substr(0, 300);
    EXPECT_FALSE(answer.resetSeen);
    std::cout << "[ figures  ] 20 MiB "
              << (length == BodyLength::Chunked ? "chunked" : "Content-Length")
              << " body sent before reading: " << answer.bodyBytesSent / 1024 << " KiB sent, "
              << "answered " << answer.status << " in " << took.count() << " ms\n";
  }
  // httplib's client gives up at the first failed write: it reads the 413 only if no reset came.
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10, 0);
  client.set_write_timeout(10, 0);
  const std::string piece(64 * 1024, ' ');
  size_t provided = 0;
  auto res = client.Post(
      target.c_str(),
      [&](size_t, httplib::DataSink& sink) {
        if (provided >= 20 * kHeaderMiB) {
          sink.done();
          return true;
        }
        provided += piece.size();
        return sink.write(piece.data(), piece.size());
      },
      "application/json");
  ASSERT_TRUE(res) << "httplib::Client, chunked, after " << provided / 1024
                   << " KiB provided: " << httplib::to_string(res.error());
  EXPECT_EQ(413, res->status);
}

class HeaderSectionReference : public testing::Test {
 protected:
  void SetUp() override {
    target_ = std::make_unique<reference::ReferenceTarget>(reference::ReferenceOptions{});
    std::string error;
    ASSERT_TRUE(target_->start("127.0.0.1", 0, &error)) << error;
  }
  void TearDown() override { target_->stop(); }
  int port() const { return target_->port(); }

  std::unique_ptr<reference::ReferenceTarget> target_;
};

TEST(HeaderSection, CaptureServerAnswers431PastTheLimits) {
  CaptureServer server;
  std::string error;
  ASSERT_TRUE(server.start(&error)) << error;
  auto route = server.newRoute("headers");
  expectHeaderSectionsBounded(::getpid(), server.port(), server.targetFor(route));
  EXPECT_EQ(server.received(route).size(), 0u);
  server.stop();
}

TEST(HeaderSection, CaptureCommandAnswers431PastTheLimits) {
  CaptureProcess capture;
  ASSERT_GT(capture.port(), 0) << capture.output();
  expectHeaderSectionsBounded(capture.pid(), capture.port(), "/hook/headers");
}

TEST_F(HeaderSectionReference, ReferenceAnswers431PastTheLimits) {
  expectHeaderSectionsBounded(::getpid(), port(), "/ok");
}

TEST(HeaderSection, CaptureCommandCutsAnEndlessChunkSizeLine) {
  CaptureProcess capture;
  ASSERT_GT(capture.port(), 0) << capture.output();
  expectChunkSizeLineBounded(capture.pid(), capture.port(), "/hook/framing");
}

TEST_F(HeaderSectionReference, ReferenceCutsAnEndlessChunkSizeLine) {
  expectChunkSizeLineBounded(::getpid(), port(), "/threads");
}

TEST(HeaderSection, CaptureServerServesFiftyHeadersKeptAliveAndRecordsThePeer) {
  CaptureServer server;
  std::string error;
  ASSERT_TRUE(server.start(&error)) << error;
  auto route = server.newRoute("ordinary");
  expectFiftyHeadersServedTwiceOnOneConnection(server.port(), server.targetFor(route));
  auto received = server.received(route);
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0].peer.rfind("127.0.0.1:", 0), 0u) << received[0].peer;
  EXPECT_EQ(received[0].peer, received[1].peer) << "both requests came on one connection";
  size_t ordinary = 0;
  for (const auto& [name, value] : received[1].headers)
    ordinary += name.rfind("X-Ordinary-", 0) == 0;
  EXPECT_EQ(ordinary, 50u);
  server.stop();
}

TEST_F(HeaderSectionReference, ReferenceServesFiftyHeadersKeptAlive) {
  expectFiftyHeadersServedTwiceOnOneConnection(port(), "/ok");
}

TEST(HeaderSection, CaptureServerRefusalIsReadByASenderThatWritesTheWholeBodyFirst) {
  CaptureServer server;  // the embedded run's limit: 8 MiB
  std::string error;
  ASSERT_TRUE(server.start(&error)) << error;
  expectEarlyRefusalReadable(server.port(), server.targetFor(server.newRoute("refused")));
  server.stop();
}

TEST_F(HeaderSectionReference, ReferenceRefusalIsReadByASenderThatWritesTheWholeBodyFirst) {
  expectEarlyRefusalReadable(port(), "/threads");  // the reference's limit: 1 MiB
}

}  // namespace
}  // namespace wc::reliability
