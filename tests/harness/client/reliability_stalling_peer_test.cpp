// The target client against peers that stall below HTTP: a TLS handshake that trickles one byte at a
// time, a header section that never ends. The call's one deadline covers the connection, the TLS
// handshake and the whole response; a cancellation ends it at once; memory stays bounded.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

#include "capture/capture_server.h"
#include "client/http_exchange.h"
#include "client/target_client.h"
#include "reliability_support.h"
#include "util/cancellation.h"
#include "util/self_signed_cert.h"

namespace wc {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

enum class Stall {
  TlsHandshake,   // a TLS record header, then one byte every 200 ms, never a whole ServerHello
  HeaderSection,  // "HTTP/1.1 200 OK", then header lines as fast as the client reads, forever
};

// A loopback TCP peer that accepts connections and stalls each one its way until the test ends.
class StallingPeer {
 public:
  explicit StallingPeer(Stall mode) : mode_(mode) {
    listener_ = reliability::listenOnLoopback(&port_);
    if (listener_ >= 0) acceptor_ = std::thread([this] { acceptLoop(); });
  }
  ~StallingPeer() {
    stopping_ = true;
    if (acceptor_.joinable()) acceptor_.join();
    for (auto& t : connections_) t.join();
    if (listener_ >= 0) ::close(listener_);
  }
  int port() const { return port_; }
  size_t bytesSent() const { return sent_; }

 private:
  void acceptLoop() {
    while (!stopping_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) != 1) continue;
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd >= 0) connections_.emplace_back([this, fd] { stall(fd); });
    }
  }
  bool sendAll(int fd, const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size() && !stopping_) {
      pollfd p{fd, POLLOUT, 0};
      if (::poll(&p, 1, 50) != 1) continue;
      auto n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
      sent_ += static_cast<size_t>(n);
    }
    return done == bytes.size();
  }
  void stall(int fd) {
    char discard[4096];
    auto drain = [&] {
      while (::recv(fd, discard, sizeof(discard), MSG_DONTWAIT) > 0) {
      }
    };
    if (mode_ == Stall::TlsHandshake) {
      // Handshake record, 16 KiB announced; then a byte now and then, so no read ever times out.
      bool ok = sendAll(fd, std::string("\x16\x03\x03\x40\x00", 5));
      while (ok && !stopping_) {
        drain();
        std::this_thread::sleep_for(200ms);  // the deliberate trickle: a byte now and then
        ok = sendAll(fd, std::string(1, '\x02'));
      }
    } else {
      bool ok = sendAll(fd, "HTTP/1.1 200 OK\r\n");
      const std::string lines = [] {
        std::string s;
        for (int i = 0; i < 1000; ++i) s += "X-Stall-" + std::to_string(i) + ": never ends\r\n";
        return s;
      }();
      while (ok && !stopping_ && sent_ < 512u * 1024 * 1024) {
        drain();
        ok = sendAll(fd, lines);
      }
    }
    ::close(fd);
  }

  Stall mode_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> sent_{0};
  std::thread acceptor_;
  std::vector<std::thread> connections_;  // joined by the destructor; the acceptor alone adds
};

ClientOptions optionsFor(const std::string& url) {
  ClientOptions options;
  options.baseUrl = url;
  return options;
}

TEST(StallingPeer, TricklingTlsHandshakeEndsAtTheCallsDeadline) {
  StallingPeer peer(Stall::TlsHandshake);
  ASSERT_GT(peer.port(), 0);
  auto options = optionsFor("https://127.0.0.1:" + std::to_string(peer.port()));
  options.callBudget = 2s;
  options.connectTimeout = 30s;  // the call's deadline alone must end it
  const auto started = Clock::now();
  auto response = TargetClient(options).ok();
  const auto took = Clock::now() - started;
  EXPECT_FALSE(response.ok());
  EXPECT_TRUE(response.deadlineExceeded) << response.error;
  EXPECT_LT(took, 3s) << response.error;
  EXPECT_GE(took, 1900ms) << response.error;
  EXPECT_NE(std::string::npos, response.error.find("TLS handshake")) << response.error;
}

TEST(StallingPeer, TricklingTlsHandshakeEndsAtTheConnectTimeout) {
  StallingPeer peer(Stall::TlsHandshake);
  auto options = optionsFor("https://127.0.0.1:" + std::to_string(peer.port()));
  options.connectTimeout = 1s;
  options.callBudget = 20s;
  const auto started = Clock::now();
  auto response = TargetClient(options).ok();
  EXPECT_LT(Clock::now() - started, 2s) << response.error;
  EXPECT_TRUE(response.transportFailed) << response.error;
  EXPECT_NE(std::string::npos, response.error.find("connect timeout of 1000 ms")) << response.error;
}

TEST(StallingPeer, CancellationEndsAStalledHandshakeAtOnce) {
  StallingPeer peer(Stall::TlsHandshake);
  auto cancellation = std::make_shared<Cancellation>();
  cancellation->onCancel(wakeTargetCalls);
  auto options = optionsFor("https://127.0.0.1:" + std::to_string(peer.port()));
  options.callBudget = 30s;
  options.connectTimeout = 30s;
  options.cancellation = cancellation;
  std::thread stopper([cancellation] {
    std::this_thread::sleep_for(300ms);  // deliberately mid-handshake: the call is under way
    cancellation->cancel("test stop");
  });
  const auto started = Clock::now();
  auto response = TargetClient(options).ok();
  const auto took = Clock::now() - started;
  stopper.join();
  EXPECT_LT(took, 1s) << response.error;
  EXPECT_NE(std::string::npos, response.error.find("the run was stopped (test stop)")) << response.error;
}

TEST(StallingPeer, EndlessHeaderSectionIsCutAtItsBound) {
  StallingPeer peer(Stall::HeaderSection);
  auto options = optionsFor("http://127.0.0.1:" + std::to_string(peer.port()));
  options.callBudget = 10s;
  const auto started = Clock::now();
  auto response = TargetClient(options).ok();
  EXPECT_LT(Clock::now() - started, 3s) << response.error;
  EXPECT_FALSE(response.ok());
  EXPECT_NE(std::string::npos, response.error.find("header section of more than"))
      << response.error;
  EXPECT_LE(response.headers.size(), options.maxHeaderLines);
}

// A certificate the system does not trust: the message says so in words, with OpenSSL's reason.
TEST(StallingPeer, AnUntrustedCertificateIsNamedInWords) {
  SelfSignedCertificate certificate;
  std::string error;
  ASSERT_TRUE(certificate.create(&error)) << error;
  CaptureOptions tls;
  tls.tlsCertFile = certificate.certFile();
  tls.tlsKeyFile = certificate.keyFile();
  CaptureServer server(tls);
  ASSERT_TRUE(server.start(&error)) << error;
  auto response = TargetClient(optionsFor("https://127.0.0.1:" + std::to_string(server.port()))).ok();
  EXPECT_TRUE(response.transportFailed) << response.error;
  EXPECT_NE(std::string::npos, response.error.find("TLS certificate verification failed ("))
      << response.error;
  EXPECT_NE(std::string::npos, response.error.find("self-signed")) << response.error;
  server.stop();
}

// The CLI's promise: a target whose TLS handshake never completes ends preflight with exit 3
// within 15 s, with one line naming the target.
TEST(StallingPeer, PreflightAgainstATricklingTlsPeerExitsThreeWithinFifteenSeconds) {
  StallingPeer peer(Stall::TlsHandshake);
  const auto url = "https://127.0.0.1:" + std::to_string(peer.port());
  auto result = reliability::runProcess(
      {WC_BINARY, "run", "--quiet", "--target", url, "--report-dir",
       testing::TempDir() + "/wc-trickle-tls-" + std::to_string(::getpid())},
      40s);
  ASSERT_FALSE(result.timedOut) << result.err;
  EXPECT_EQ(3, result.exitCode) << result.err;
  EXPECT_LT(result.took, 15s) << result.err;
  EXPECT_NE(std::string::npos, result.err.find("127.0.0.1")) << result.err;
}

TEST(StallingPeer, LoadAgainstATricklingTlsPeerExitsThreeWithinFifteenSeconds) {
  StallingPeer peer(Stall::TlsHandshake);
  const auto url = "https://127.0.0.1:" + std::to_string(peer.port());
  auto result = reliability::runProcess(
      {WC_BINARY, "load", "--quiet", "--runs", "3", "--target", url, "--report-dir",
       testing::TempDir() + "/wc-trickle-tls-load-" + std::to_string(::getpid())},
      40s);
  ASSERT_FALSE(result.timedOut) << result.err;
  EXPECT_EQ(3, result.exitCode) << result.err;
  EXPECT_LT(result.took, 15s) << result.err;
}

}  // namespace
}  // namespace wc
