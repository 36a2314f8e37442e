// The harness facing a target that misbehaves. Whatever the target does, every case ends in an
// `error` verdict (or the CLI exits 3) with a message, within its deadline: never a crash, a hang,
// or a verdict on behaviour the harness could not observe.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>

#include "loopback_http_server.h"
#include "reliability_support.h"
#include "runner/case.h"
#include "runner/runner.h"

namespace wc {
namespace {

using namespace std::chrono_literals;

enum class Misbehaviour {
  Always500,       // every call answers 500
  InvalidJson,     // 200 with a body that is not JSON
  SseCutMidEvent,  // passes preflight; stream endpoints stop inside an event, others 500
  Hang,            // never answers (until the test ends)
  HangAfterPreflight,  // passes preflight, then every other call hangs
};

// A tiny target with httplib: the API just far enough to reach the misbehaviour.
class FakeTarget {
 public:
  explicit FakeTarget(Misbehaviour mode) : mode_(mode) {}
  std::string url() const { return server_.url(); }

 private:
  bool isPreflight(const httplib::Request& req) const {
    return req.path == "/ok" || req.path == "/info" || req.path == "/assistants/search";
  }
  void hang() { server_.awaitStopping(); }
  void answerPreflight(const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/ok") res.set_content(R"({"ok":true})", "application/json");
    if (req.path == "/info") res.set_content(R"({"version":"fake"})", "application/json");
    if (req.path == "/assistants/search")
      res.set_content(R"([{"assistant_id":"a1","graph_id":"echo"}])", "application/json");
  }
  void serve(const httplib::Request& req, httplib::Response& res) {
    switch (mode_) {
      case Misbehaviour::Always500:
        res.status = 500;
        res.set_content("internal error", "text/plain");
        return;
      case Misbehaviour::InvalidJson:
        res.set_content("{\"run_id\": \"r1\", <<<", "application/json");
        return;
      case Misbehaviour::Hang:
        hang();
        return;
      case Misbehaviour::HangAfterPreflight:
        if (isPreflight(req)) return answerPreflight(req, res);
        hang();
        return;
      case Misbehaviour::SseCutMidEvent:
        if (isPreflight(req)) return answerPreflight(req, res);
        if (req.path == "/threads") return res.set_content(R"({"thread_id":"t1"})", "application/json");
        if (req.path.size() > 7 && req.path.substr(req.path.size() - 7) == "/stream")
          return res.set_content("event: metadata\ndata: {\"run_id\":\"r1\"}\n\nevent: values\ndata: {\"va",
                                 "text/event-stream");
        res.status = 500;
        return;
    }
  }

  Misbehaviour mode_;
  // Last: it serves with the members above, so it starts after and stops before them.
  reliability::LoopbackHttpServer server_{
      32, [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); }};
};

// Every selected case, in-process, against the fake target with short client timeouts.
std::vector<CaseResult> runAllCasesAgainst(const FakeTarget& target,
                                           std::chrono::milliseconds readTimeout) {
  ClientOptions client;
  client.baseUrl = target.url();
  client.connectTimeout = 5s;
  client.readTimeout = readTimeout;
  TargetProfile profile;
  profile.baseUrl = target.url();
  profile.assistantId = "a1";
  profile.timeoutScale = 0.2;  // nothing will arrive: keep the webhook waits short
  auto capture = std::make_shared<CaptureServer>();
  std::string error;
  EXPECT_TRUE(capture->start(&error)) << error;
  Environment env(TargetClient(client), capture, profile);
  RunOptions options;
  options.jobs = 16;
  auto results = runCases(selectCases(allCases(), {}), env, options);
  capture->stop();
  return results;
}

// No case passes on a target that cannot run one: each ends in `error` (the harness could not
// observe the behaviour) or is judged on the target's own answer (fail/warn/info, e.g. a 500
// where a 422 is due), always with a message; and some end in `error` naming the trouble.
void expectNothingPasses(const std::vector<CaseResult>& results, const std::string& trouble) {
  size_t errors = 0, naming = 0;
  for (const auto& r : results) {
    if (r.verdict == Verdict::Skip) continue;
    EXPECT_NE(Verdict::Pass, r.verdict) << r.info.id << " passed: " << r.message;
    EXPECT_FALSE(r.message.empty()) << r.info.id;
    if (r.verdict != Verdict::Error) continue;
    ++errors;
    if (r.message.find(trouble) != std::string::npos) ++naming;
  }
  EXPECT_GT(errors, 0u);
  EXPECT_GT(naming, 0u) << "no error message mentions '" << trouble << "'";
}

// expectNothingPasses for every case run against a target misbehaving as `mode`; returns how
// long the run took (the target's start and stop not included).
std::chrono::steady_clock::duration expectNothingPassesAgainst(
    Misbehaviour mode, std::chrono::milliseconds readTimeout, const std::string& trouble) {
  FakeTarget target(mode);
  auto started = std::chrono::steady_clock::now();
  expectNothingPasses(runAllCasesAgainst(target, readTimeout), trouble);
  return std::chrono::steady_clock::now() - started;
}

TEST(HarnessAgainstMisbehavingTarget, Always500EndsEveryCaseInError) {
  EXPECT_LT(expectNothingPassesAgainst(Misbehaviour::Always500, 2s, "HTTP 500"), 30s);
}

TEST(HarnessAgainstMisbehavingTarget, InvalidJsonEndsEveryCaseInError) {
  expectNothingPassesAgainst(Misbehaviour::InvalidJson, 2s, "JSON");
}

TEST(HarnessAgainstMisbehavingTarget, HangingCallsEndInErrorAtTheReadTimeout) {
  EXPECT_LT(expectNothingPassesAgainst(Misbehaviour::HangAfterPreflight, 1s, "read timeout"), 30s);
}

TEST(HarnessAgainstMisbehavingTarget, SseStreamCutMidEventEndsStreamCasesInError) {
  expectNothingPassesAgainst(Misbehaviour::SseCutMidEvent, 2s, "ended mid-event");
}

// The command line, as a user meets it: exit 3 with one line, within the preflight's deadline.
struct CliOutcome {
  Misbehaviour mode;
  const char* mentions;
};

class CliAgainstMisbehavingTarget : public testing::TestWithParam<CliOutcome> {};

TEST_P(CliAgainstMisbehavingTarget, ExitsThreeWithOneLine) {
  FakeTarget target(GetParam().mode);
  auto result = reliability::runProcess(
      {WC_BINARY, "run", "--quiet", "--target", target.url(), "--report-dir",
       testing::TempDir() + "/wc-reliability"},
      30s);
  ASSERT_FALSE(result.timedOut) << "still running after 30 s; stderr: " << result.err;
  EXPECT_EQ(3, result.exitCode) << result.err;
  EXPECT_EQ(1, std::count(result.err.begin(), result.err.end(), '\n')) << result.err;
  EXPECT_NE(result.err.find(target.url()), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(GetParam().mentions), std::string::npos) << result.err;
}

INSTANTIATE_TEST_SUITE_P(Modes, CliAgainstMisbehavingTarget,
                         testing::Values(CliOutcome{Misbehaviour::Always500, "HTTP 500"},
                                         CliOutcome{Misbehaviour::InvalidJson, "JSON"},
                                         CliOutcome{Misbehaviour::Hang, "GET /ok"}));

TEST(CliAgainstMisbehavingTarget, ConnectionRefusedExitsThree) {
  int port = reliability::unusedPort();
  auto url = "http://127.0.0.1:" + std::to_string(port);
  auto result = reliability::runProcess({WC_BINARY, "run", "--quiet", "--target", url}, 30s);
  ASSERT_FALSE(result.timedOut) << result.err;
  EXPECT_EQ(3, result.exitCode) << result.err;
  EXPECT_NE(result.err.find(url), std::string::npos) << result.err;
  EXPECT_LT(result.took, 5s) << "a refused connection needs no timeout to be reported";
}

}  // namespace
}  // namespace wc
