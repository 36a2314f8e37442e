// The HTTPS capture server (`run --capture-tls-cert`, and delivery.https's throwaway certificate)
// is bounded as the plain one is: endless header lines over TLS are answered 431 (an endless
// chunk-size line 400) while the server's memory stays flat, ordinary posts are recorded on a
// kept-alive connection, and a peer that never finishes its handshake, silent or trickling a
// ClientHello, is dropped after one read timeout without holding up anyone else.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <iostream>

#include "capture/capture_server.h"
#include "hostile_bodies.h"
#include "tls_hostile_client.h"
#include "util/self_signed_cert.h"

namespace wc::reliability {
namespace {

using namespace std::chrono_literals;
using TlsTestClock = std::chrono::steady_clock;

constexpr size_t kTlsMiB = 1024 * 1024;
// What a sender may get into socket and TLS buffers before it sees the answer.
constexpr size_t kTlsSentAllowance = 16 * kTlsMiB;
constexpr size_t kTlsMemoryAllowance = 32 * kTlsMiB;  // over the idle peak
constexpr size_t kTlsFloodBytes = size_t(1) << 30;     // what a flood would send if never cut

long long msSince(TlsTestClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(TlsTestClock::now() - start)
      .count();
}

// `lines` of `lineBytes` ("X: aaa...\r\n") filling about 64 KiB.
std::string headerLinesPiece(size_t lineBytes) {
  std::string line = "X: " + std::string(lineBytes - 5, 'a') + "\r\n", piece;
  while (piece.size() + line.size() <= 64 * 1024) piece += line;
  return piece;
}

class TlsCaptureServer : public testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(certificate_.create(&error)) << error;
  }
  void start(CaptureOptions options = {}) {
    options.tlsCertFile = certificate_.certFile();
    options.tlsKeyFile = certificate_.keyFile();
    server_ = std::make_unique<CaptureServer>(options);
    std::string error;
    ASSERT_TRUE(server_->start(&error)) << error;
  }
  void TearDown() override {
    if (server_) server_->stop();
  }

  SelfSignedCertificate certificate_;
  std::unique_ptr<CaptureServer> server_;
};

TEST_F(TlsCaptureServer, Answers431PastTheHeaderLimitsWithMemoryFlat) {
  start();
  auto route = server_->newRoute("tls-headers");
  auto target = server_->targetFor(route);
  struct Attack {
    const char* name;
    std::string head, piece;
    int status;
  } attacks[] = {
      {"endless 100-byte header lines", "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n",
       headerLinesPiece(100), 431},
      {"endless 10-byte header lines", "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n",
       headerLinesPiece(10), 431},
      {"one endless header line", "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX: ",
       std::string(64 * 1024, 'a'), 431},
      {"endless chunk-size line",
       "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n",
       std::string(64 * 1024, '0'), 400},
  };
  for (const auto& attack : attacks) {
    SCOPED_TRACE(attack.name);
    resetPeakResident(::getpid());
    auto idle = peakResidentBytes(::getpid());
    ASSERT_GT(idle, 0u) << "cannot read /proc/self/status";
    auto started = TlsTestClock::now();
    auto answer = floodOverTls(server_->port(), attack.head, attack.piece, kTlsFloodBytes, 20s);
    auto took = msSince(started);
    auto peak = peakResidentBytes(::getpid());
    auto sent = answer.headBytesSent + answer.bodyBytesSent;
    EXPECT_EQ(attack.status, answer.status)
        << "after sending " << sent << " bytes; answer: " << answer.head.substr(0, 300);
    EXPECT_NE(answer.head.find("Connection: close"), std::string::npos) << answer.head;
    EXPECT_LT(sent, kTlsSentAllowance) << "the server kept reading";
    EXPECT_LT(peak, idle + kTlsMemoryAllowance)
        << "peak resident memory " << peak / kTlsMiB << " MiB, idle " << idle / kTlsMiB << " MiB";
    std::cout << "[ figures  ] TLS, " << attack.name << ": answered " << answer.status << " in "
              << took << " ms after " << sent / 1024 << " KiB sent; peak " << peak / kTlsMiB
              << " MiB over idle " << idle / kTlsMiB << " MiB\n";
  }
  EXPECT_EQ(0u, server_->received(route).size());
}

TEST_F(TlsCaptureServer, RecordsPostsOnAKeptAliveConnectionWithBodyAndPeer) {
  start();
  auto route = server_->newRoute("tls-ordinary");
  httplib::SSLClient client("127.0.0.1", server_->port());
  client.enable_server_certificate_verification(false);  // the throwaway certificate
  client.set_keep_alive(true);
  client.set_read_timeout(5, 0);
  for (int round = 1; round <= 2; ++round) {
    auto body = "{\"round\":" + std::to_string(round) + "}";
    auto res = client.Post(server_->targetFor(route, "?token=a%2Bb").c_str(), body,
                           "application/json");
    ASSERT_TRUE(res) << "request " << round << ": " << httplib::to_string(res.error());
    EXPECT_EQ(200, res->status) << "request " << round << ": " << res->body;
  }
  auto received = server_->received(route);
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ("{\"round\":1}", received[0].body);
  EXPECT_EQ("{\"round\":2}", received[1].body);
  EXPECT_EQ(server_->targetFor(route, "?token=a%2Bb"), received[0].target);
  EXPECT_EQ(received[0].peer.rfind("127.0.0.1:", 0), 0u) << received[0].peer;
  EXPECT_EQ(received[0].peer, received[1].peer) << "both requests came on one connection";
}

// Connects to 127.0.0.1:`port` and returns the socket (blocking), or -1.
int connectPlainTcp(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0)
    return fd;
  if (fd >= 0) ::close(fd);
  return -1;
}

TEST_F(TlsCaptureServer, DropsAPeerThatNeverFinishesItsHandshake) {
  CaptureOptions options;
  options.readTimeout = 1000ms;
  options.requestTimeout = 0ms;  // no sweeper: the handshake's own deadline must cut
  start(options);
  auto opened = TlsTestClock::now();
  int silent = connectPlainTcp(server_->port());
  int trickler = connectPlainTcp(server_->port());
  ASSERT_GE(silent, 0);
  ASSERT_GE(trickler, 0);
  // A TLS handshake record header announcing 512 bytes of ClientHello, then a byte per 100 ms.
  const char recordHeader[] = {0x16, 0x03, 0x01, 0x02, 0x00};
  ::send(trickler, recordHeader, sizeof recordHeader, MSG_NOSIGNAL);

  // Meanwhile an ordinary sender is served at once.
  auto route = server_->newRoute("tls-beside-stallers");
  httplib::SSLClient client("127.0.0.1", server_->port());
  client.enable_server_certificate_verification(false);
  auto beside = TlsTestClock::now();
  auto res = client.Post(server_->targetFor(route).c_str(), "{}", "application/json");
  auto besideMs = msSince(beside);
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(200, res->status);
  EXPECT_LT(besideMs, 800) << "an ordinary sender waited for the stalled handshakes";

  // Each staller sees the server's end (end-of-file or a reset) within the read timeout.
  long long silentEndMs = -1, tricklerEndMs = -1;
  auto lastTrickle = TlsTestClock::now();
  while ((silentEndMs < 0 || tricklerEndMs < 0) && msSince(opened) < 10000) {
    if (tricklerEndMs < 0 && msSince(lastTrickle) >= 100) {
      ::send(trickler, "\x03", 1, MSG_NOSIGNAL);
      lastTrickle = TlsTestClock::now();
    }
    pollfd p[2] = {{silent, POLLIN, 0}, {trickler, POLLIN, 0}};
    ::poll(p, 2, 20);
    char byte;
    if (silentEndMs < 0 && p[0].revents && ::recv(silent, &byte, 1, MSG_DONTWAIT) <= 0)
      silentEndMs = msSince(opened);
    if (tricklerEndMs < 0 && p[1].revents && ::recv(trickler, &byte, 1, MSG_DONTWAIT) <= 0)
      tricklerEndMs = msSince(opened);
  }
  ::close(silent);
  ::close(trickler);
  EXPECT_GE(silentEndMs, 900) << "dropped before the read timeout";
  EXPECT_LT(silentEndMs, 2000) << "a silent peer outlived the 1 s handshake deadline";
  EXPECT_GE(tricklerEndMs, 900) << "dropped before the read timeout";
  EXPECT_LT(tricklerEndMs, 2000) << "a trickling peer outlived the 1 s handshake deadline";
  std::cout << "[ figures  ] TLS handshake deadline 1000 ms: silent peer dropped after "
            << silentEndMs << " ms, trickling peer after " << tricklerEndMs
            << " ms; an ordinary POST beside them took " << besideMs << " ms\n";
}

TEST_F(TlsCaptureServer, AKeyThatDoesNotMatchTheCertificateIsOneClearError) {
  SelfSignedCertificate other;
  std::string error;
  ASSERT_TRUE(other.create(&error)) << error;
  CaptureOptions options;
  options.tlsCertFile = certificate_.certFile();
  options.tlsKeyFile = other.keyFile();
  CaptureServer mismatched(options);
  EXPECT_FALSE(mismatched.start(&error));
  EXPECT_NE(std::string::npos, error.find("cannot load the TLS certificate")) << error;
  EXPECT_NE(std::string::npos, error.find("does not match the certificate")) << error;
}

}  // namespace
}  // namespace wc::reliability
