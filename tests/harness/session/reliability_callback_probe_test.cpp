// The callback probe (harness/session/callback_probe.h): before anything is created on a target, the
// advertised callback URL must bring a request back to the capture server, byte-exact.
#include <gtest/gtest.h>

#include <atomic>

#include "capture/capture_server.h"
#include "session/callback_probe.h"
#include "loopback_http_server.h"
#include "support/run_waits.h"

namespace wc {
namespace {

std::unique_ptr<CaptureServer> startedCapture(const std::string& callbackBase) {
  CaptureOptions options;
  options.callbackBaseUrl = callbackBase;
  auto capture = std::make_unique<CaptureServer>(options);
  std::string why;
  EXPECT_TRUE(capture->start(&why)) << why;
  return capture;
}

TEST(CallbackProbe, ADirectCallbackPassesAndLeavesNoTrace) {
  auto capture = startedCapture("");
  EXPECT_EQ("", probeCallback(*capture, nullptr));
  EXPECT_EQ(0u, capture->totalReceived()) << "the probe is not counted as a webhook";
}

TEST(CallbackProbe, ACallbackThatReachesNothingFailsFastNamingIt) {
  auto capture = startedCapture("http://127.0.0.1:" + std::to_string(closedLoopbackPort()) + "/in");
  const auto started = std::chrono::steady_clock::now();
  auto problem = probeCallback(*capture, nullptr);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_NE(std::string::npos, problem.find("does not reach this run's capture server")) << problem;
  EXPECT_NE(std::string::npos, problem.find("/in")) << problem;
  EXPECT_NE(std::string::npos, problem.find("could not connect")) << problem;
}

// A forwarder that decodes the query and encodes it again, as careless proxies do.
TEST(CallbackProbe, ATunnelThatReencodesTheQueryIsNamed) {
  std::atomic<int> capturePort{0};
  reliability::LoopbackHttpServer forwarder(2, [&](const httplib::Request& req, httplib::Response& res) {
    httplib::Client to("127.0.0.1", capturePort.load());
    to.set_url_encode(false);
    auto forwarded = to.Post(req.path + "?" + httplib::detail::params_to_query_str(req.params),
                             req.body, "application/json");
    res.status = forwarded ? forwarded->status : 502;
  });
  auto capture = startedCapture(forwarder.url());
  capturePort = capture->port();
  auto problem = probeCallback(*capture, nullptr);
  EXPECT_NE(std::string::npos, problem.find("alters what passes through it")) << problem;
  EXPECT_NE(std::string::npos, problem.find("probe=a%20b+c%2Fd")) << problem;
}

}  // namespace
}  // namespace wc
