// Relay mode: `capture --relay` records webhooks for runs it cannot reach, `run --relay URL`
// pulls its own back over outbound long polls. Everything on loopback.
#include <gtest/gtest.h>
#include <httplib.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "capture/capture_server.h"
#include "live/live_capture.h"
#include "live/relay_protocol.h"
#include "session/relay_puller.h"
#include "reliability_support.h"
#include "util/bounded_json.h"

namespace wc {
namespace {

using namespace std::chrono_literals;

constexpr const char* kRelayTestToken = "relay-test-secret-0123456789";

std::string relayTestDir(const std::string& name) {
  auto dir = testing::TempDir() + "/wc-relay-" + name + "-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string relayTokenFile(const std::string& token) {
  auto path = relayTestDir("token") + "/token";
  std::ofstream(path) << token << "\n";
  return path;
}

// The relay as `capture --relay` runs it (LiveCapture with the secret), on a free loopback port.
class RelayFixture : public testing::Test {
 protected:
  void SetUp() override {
    LiveCaptureOptions options;
    options.port = 0;
    options.relay = true;
    options.relayToken = kRelayTestToken;
    relay_ = std::make_unique<LiveCapture>(options, log_);
    std::string why;
    ASSERT_TRUE(relay_->start(&why)) << why;
  }
  void TearDown() override {
    if (relay_) relay_->stop();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", relay_->port());
    c.set_read_timeout(30, 0);
    return c;
  }
  std::ostringstream log_;
  std::unique_ptr<LiveCapture> relay_;
};

// case id -> verdict, from a run's report.json (empty when it cannot be read).
std::map<std::string, std::string> relayRunVerdicts(const std::string& reportFile) {
  std::ifstream in(reportFile);
  const auto report = nlohmann::json::parse(in, nullptr, false);
  std::map<std::string, std::string> out;
  if (report.is_discarded()) return out;
  for (const auto& c : report["cases"]) out[c["id"].get<std::string>()] = c["verdict"].get<std::string>();
  return out;
}

TEST_F(RelayFixture, EveryPageAndThePullAnswer401WithoutTheSecret) {
  auto c = client();
  for (const char* path : {"/", "/webhooks.json", "/live.json", "/relay/pull?route_prefix=relay-0000000000000000-"}) {
    auto res = c.Get(path);
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(401, res->status) << path;
    res = c.Get(path, {{"Authorization", "Bearer not-the-relay-token-at-all"}});
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(401, res->status) << path;
  }
  const std::string programmed =
      R"({"route":"relay-0000000000000000-x","status":500,"delay_ms":0,"headers":[],"body":""})";
  auto posted = c.Post(kRelayRouteResponsePath, programmed, "application/json");
  ASSERT_TRUE(posted) << httplib::to_string(posted.error());
  EXPECT_EQ(401, posted->status);
  EXPECT_EQ(0u, relay_->received()) << "a refused control request is no webhook";
  const httplib::Headers withSecret = {{"Authorization", std::string("Bearer ") + kRelayTestToken}};
  auto res = c.Get("/webhooks.json", withSecret);
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(200, res->status);
  posted = c.Post(kRelayRouteResponsePath, withSecret, R"({"route":"x","status":99})", "application/json");
  ASSERT_TRUE(posted) << httplib::to_string(posted.error());
  EXPECT_EQ(400, posted->status) << posted->body;
  posted = c.Post(kRelayRouteResponsePath, withSecret, programmed, "application/json");
  ASSERT_TRUE(posted) << httplib::to_string(posted.error());
  EXPECT_EQ(204, posted->status) << posted->body;
}

// A run whose token the relay refuses ends at the callback probe, naming the 401.
TEST_F(RelayFixture, ARunWithTheWrongSecretEndsAtTheProbeNamingThe401) {
  auto result = reliability::runProcess(
      {WC_BINARY, "run", "--quiet", "--filter", "token.percent-20", "--report-dir",
       relayTestDir("wrongsecret"), "--relay", "http://127.0.0.1:" + std::to_string(relay_->port()),
       "--relay-token-file", relayTokenFile("not-the-relay-token-at-all")},
      30s);
  EXPECT_EQ(3, result.exitCode) << result.out << result.err;
  EXPECT_LT(result.took, 20s);
  EXPECT_NE(std::string::npos, result.err.find("answered 401")) << result.err;
  EXPECT_EQ(std::string::npos, result.err.find("not-the-relay-token-at-all")) << result.err;
}

// Two runs on one relay, each with its own prefix: each gets its own webhook back byte-exact,
// and never the other's.
TEST_F(RelayFixture, TwoPrefixesDoNotSeeEachOthersWebhooks) {
  const std::string relayUrl = "http://127.0.0.1:" + std::to_string(relay_->port());
  struct Run {
    std::unique_ptr<CaptureServer> capture;
    std::unique_ptr<RelayPuller> puller;
  };
  std::vector<Run> runs(2);
  for (auto& run : runs) {
    CaptureOptions options;
    options.callbackBaseUrl = relayUrl;
    options.routePrefix = newRelayRoutePrefix();
    run.capture = std::make_unique<CaptureServer>(options);
    std::string why;
    ASSERT_TRUE(run.capture->start(&why)) << why;
    run.puller = std::make_unique<RelayPuller>(RelayPullerOptions{relayUrl, kRelayTestToken, "", 2000ms},
                                               *run.capture, nullptr);
    run.puller->start();
  }
  ASSERT_NE(runs[0].capture->routePrefix(), runs[1].capture->routePrefix());
  static const char kBinaryBody[] = "{\"binary\":\"\x01\xff\xfe\"}\r\n";
  const std::string body(kBinaryBody, sizeof kBinaryBody - 1);
  std::vector<std::string> routes;
  for (auto& run : runs) {
    routes.push_back(run.capture->newRoute("isolation"));
    auto c = client();
    c.set_url_encode(false);  // the target goes as it is, '+' and all
    auto res = c.Post(run.capture->targetFor(routes.back(), "?token=a%20b+c%2F"), body, "application/json");
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(200, res->status);
  }
  for (size_t i = 0; i < runs.size(); ++i) {
    CapturedRequest got;
    ASSERT_TRUE(runs[i].capture->awaitWebhook(routes[i], 10s, &got));
    EXPECT_EQ(runs[i].capture->targetFor(routes[i], "?token=a%20b+c%2F"), got.target);
    EXPECT_EQ(body, got.body);
    EXPECT_EQ("application/json", got.header("Content-Type"));
  }
  // The other run's webhook had every chance to be pulled by now: the relay answers each pull
  // with its own prefix only.
  for (size_t i = 0; i < runs.size(); ++i) {
    EXPECT_TRUE(runs[i].capture->expectNoWebhook(routes[1 - i], 300ms));
    EXPECT_EQ(1u, runs[i].capture->totalReceived());
    runs[i].puller->stop();
  }
}

TEST(RelayCommand, CaptureRelayWithoutASecretRefusesToStart) {
  ::unsetenv(kRelayTokenVariable);
  auto result = reliability::runProcess({WC_BINARY, "capture", "--relay", "--port", "0"}, 10s);
  EXPECT_EQ(2, result.exitCode) << result.out << result.err;
  EXPECT_NE(std::string::npos, result.err.find(kRelayTokenVariable)) << result.err;
  EXPECT_EQ(1, std::count(result.err.begin(), result.err.end(), '\n')) << result.err;
}

// The default run through a relay on loopback gives the same verdicts as with the local capture
// server, and its webhooks did pass through the relay; the retry and redirect cases need the
// relay to answer what the case programmed for its route (500, 429, 307). Two runs share the
// relay at once: a webhook pulled by the wrong run would fail or warn a case of each.
TEST_F(RelayFixture, TwoRunsThroughTheRelayAtOnceGiveTheLocalVerdicts) {
#if defined(__SANITIZE_ADDRESS__)
  // Three whole runs, two of them at once, outgrow the cases' waits under the sanitizers'
  // slowdown; the relay's own code runs under them in the other relay tests.
  GTEST_SKIP() << "too slow under the sanitizers";
#endif
  const auto localDir = relayTestDir("local");
  auto local = reliability::runProcess({WC_BINARY, "run", "--quiet", "--report-dir", localDir}, 50s);
  ASSERT_EQ(0, local.exitCode) << local.err;
  const auto expected = relayRunVerdicts(localDir + "/report.json");
  ASSERT_FALSE(expected.empty());
  const auto tokenFile = relayTokenFile(kRelayTestToken);
  const std::vector<std::string> relayedDirs = {relayTestDir("relayed-a"), relayTestDir("relayed-b")};
  std::vector<reliability::ProcessResult> relayed(relayedDirs.size());
  std::vector<std::thread> runs;
  for (size_t i = 0; i < relayedDirs.size(); ++i)
    runs.emplace_back([&, i] {
      relayed[i] = reliability::runProcess(
          {WC_BINARY, "run", "--quiet", "--report-dir", relayedDirs[i], "--relay",
           "http://127.0.0.1:" + std::to_string(relay_->port()), "--relay-token-file", tokenFile},
          80s);
    });
  for (auto& t : runs) t.join();
  for (size_t i = 0; i < relayedDirs.size(); ++i) {
    ASSERT_EQ(0, relayed[i].exitCode) << relayedDirs[i] << ": " << relayed[i].out << relayed[i].err;
    EXPECT_EQ(expected, relayRunVerdicts(relayedDirs[i] + "/report.json")) << relayedDirs[i];
  }
  EXPECT_GE(relay_->received(), 2 * expected.size()) << "the cases' webhooks went through the relay";
}

TEST(RelayCommand, RunRelayWithoutASecretIsAUsageError) {
  ::unsetenv(kRelayTokenVariable);
  auto result = reliability::runProcess(
      {WC_BINARY, "run", "--quiet", "--relay", "http://127.0.0.1:9", "--report-dir", relayTestDir("nosecret")}, 30s);
  EXPECT_EQ(2, result.exitCode) << result.out << result.err;
  EXPECT_NE(std::string::npos, result.err.find(kRelayTokenVariable)) << result.err;
}

// A browser cannot send a bearer header: /login takes the token in a form and sets a session
// cookie derived from it (never the token itself), which opens the pages and nothing else does.
TEST_F(RelayFixture, ABrowserLogsInWithTheTokenAndGetsACookieThatIsNotTheToken) {
  auto c = client();
  auto form = c.Get("/login");
  ASSERT_TRUE(form) << httplib::to_string(form.error());
  EXPECT_EQ(200, form->status);
  EXPECT_NE(form->body.find("type=password"), std::string::npos) << form->body;
  const std::string formType = "application/x-www-form-urlencoded";
  auto wrong = c.Post("/login", "token=not-the-relay-token-at-all", formType);
  ASSERT_TRUE(wrong) << httplib::to_string(wrong.error());
  EXPECT_EQ(401, wrong->status);
  EXPECT_FALSE(wrong->has_header("Set-Cookie"));
  auto right = c.Post("/login", std::string("token=") + kRelayTestToken, formType);
  ASSERT_TRUE(right) << httplib::to_string(right.error());
  EXPECT_EQ(303, right->status);
  const auto cookie = right->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find(kRelayTestToken), std::string::npos) << "the cookie holds the token";
  const auto session = cookie.substr(0, cookie.find(';'));
  auto page = c.Get("/webhooks.json", {{"Cookie", "theme=dark; " + session}});
  ASSERT_TRUE(page) << httplib::to_string(page.error());
  EXPECT_EQ(200, page->status);
  page = c.Get("/webhooks.json", {{"Cookie", session + "0"}});
  ASSERT_TRUE(page) << httplib::to_string(page.error());
  EXPECT_EQ(401, page->status) << "a tampered session";
  page = c.Get("/webhooks.json", {{"Cookie", std::string("wc_relay_session=") + kRelayTestToken}});
  ASSERT_TRUE(page) << httplib::to_string(page.error());
  EXPECT_EQ(401, page->status) << "the token is not a session";
}

}  // namespace
}  // namespace wc
