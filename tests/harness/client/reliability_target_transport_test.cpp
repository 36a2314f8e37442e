// How the target client reaches a deployment: a private CA given as --ca-file, a proxy from the
// environment for remote targets, and loopback targets always direct. Loopback only: the "remote"
// target is a name that never resolves, reached through a proxy on 127.0.0.1.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "capture/capture_server.h"
#include "client/target_client.h"
#include "loopback_http_server.h"
#include "reliability_support.h"
#include "util/self_signed_cert.h"

namespace wc {
namespace {

using namespace std::chrono_literals;

// A forward proxy that answers every request itself ({"ok":true}) and keeps its request lines.
class RecordingProxy {
 public:
  RecordingProxy() {
    listener_ = reliability::listenOnLoopback(&port_);
    if (listener_ >= 0) thread_ = std::thread([this] { serve(); });
  }
  ~RecordingProxy() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    if (listener_ >= 0) ::close(listener_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> requestLines() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return lines_;
  }

 private:
  void serve() {
    while (!stopping_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) != 1) continue;
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos && request.size() < 65536) {
        pollfd r{fd, POLLIN, 0};
        if (::poll(&r, 1, 2000) != 1) break;
        auto n = ::recv(fd, buffer, sizeof(buffer), 0);
        if (n <= 0) break;
        request.append(buffer, static_cast<size_t>(n));
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        lines_.push_back(request.substr(0, request.find("\r\n")));
      }
      const std::string answer =
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
          "Connection: close\r\n\r\n{\"ok\":true}";
      (void)::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
      ::close(fd);
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  mutable std::mutex mutex_;  // guards lines_
  std::vector<std::string> lines_;
};

// Sets an environment variable for one test.
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnvironment() { ::unsetenv(name_); }

 private:
  const char* name_;
};

ClientOptions clientFor(const std::string& url) {
  ClientOptions options;
  options.baseUrl = url;
  options.callBudget = 10s;
  return options;
}

TEST(TargetTransport, APrivateCaGivenAsCaFileIsTrusted) {
  SelfSignedCertificate certificate;
  std::string error;
  ASSERT_TRUE(certificate.create(&error)) << error;
  CaptureOptions tls;
  tls.tlsCertFile = certificate.certFile();
  tls.tlsKeyFile = certificate.keyFile();
  CaptureServer server(tls);
  ASSERT_TRUE(server.start(&error)) << error;
  auto options = clientFor("https://127.0.0.1:" + std::to_string(server.port()));
  auto untrusted = TargetClient(options).ok();
  EXPECT_NE(std::string::npos, untrusted.error.find("needs --ca-file")) << untrusted.error;
  options.caFile = certificate.certFile();
  auto trusted = TargetClient(options).ok();
  EXPECT_FALSE(trusted.transportFailed) << trusted.error;
  EXPECT_GT(trusted.status, 0) << trusted.error;  // an HTTP answer came over verified TLS
  server.stop();
}

TEST(TargetTransport, ACaFileThatIsNotAFileIsNamed) {
  EXPECT_EQ("", caFileProblem(""));
  EXPECT_NE(std::string::npos, caFileProblem("/no/such/ca.pem").find("no such file"));
  EXPECT_NE(std::string::npos, caFileProblem("/tmp").find("not a regular file"));
}

TEST(TargetTransport, ARemoteTargetGoesThroughTheProxyFromTheEnvironment) {
  RecordingProxy proxy;
  ScopedEnvironment http("http_proxy", proxy.url());
  auto response = TargetClient(clientFor("http://deployment.invalid")).ok();
  EXPECT_TRUE(response.ok()) << response.error;
  const auto lines = proxy.requestLines();
  ASSERT_EQ(1u, lines.size());
  EXPECT_EQ("GET http://deployment.invalid/ok HTTP/1.1", lines[0]);
}

TEST(TargetTransport, ALoopbackTargetIsReachedDirectlyWhateverTheProxy) {
  RecordingProxy proxy;
  ScopedEnvironment http("http_proxy", proxy.url());
  ScopedEnvironment https("HTTPS_PROXY", proxy.url());
  reliability::LoopbackHttpServer target{2, [](const httplib::Request&, httplib::Response& res) {
                                           res.set_content(R"({"ok":true})", "application/json");
                                         }};
  auto response = TargetClient(clientFor(target.url())).ok();
  EXPECT_TRUE(response.ok()) << response.error;
  EXPECT_TRUE(proxy.requestLines().empty()) << proxy.requestLines().front();
}

}  // namespace
}  // namespace wc
