// The runner's own bound and its stop: a run that reaches its bound, or is cancelled, ends with
// the unfinished cases `interrupted`, and a case that ignores the stop is given up on after the
// grace period instead of holding the run forever.
#include <gtest/gtest.h>

#include <thread>

#include "runner/case_context.h"
#include "runner/runner.h"

namespace wc {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

CaseDef waitsForAWebhookThatNeverComes(const std::string& id) {
  CaseDef def;
  def.info.id = id;
  def.info.area = "test";
  def.run = [](CaseContext& ctx) {
    ctx.require(ctx.capture().awaitWebhook(ctx.newRoute(), 30s));
  };
  return def;
}

// Leaked on purpose: a case given up on may still use it after runCases returns.
Environment& environment() {
  static auto* env = [] {
    auto capture = std::make_shared<CaptureServer>();
    std::string error;
    EXPECT_TRUE(capture->start(&error)) << error;
    ClientOptions client;
    client.baseUrl = "http://127.0.0.1:1";
    return new Environment(TargetClient(client), capture, TargetProfile{});
  }();
  return *env;
}

TEST(RunnerBound, ReachingTheBoundInterruptsTheUnfinishedCases) {
  Environment env(TargetClient(ClientOptions{"http://127.0.0.1:1"}),
                  [] {
                    auto c = std::make_shared<CaptureServer>();
                    std::string error;
                    EXPECT_TRUE(c->start(&error)) << error;
                    return c;
                  }(),
                  TargetProfile{});
  auto a = waitsForAWebhookThatNeverComes("test.first");
  auto b = waitsForAWebhookThatNeverComes("test.second");
  RunOptions options;
  options.jobs = 1;  // the second case never starts
  options.bound = 300ms;
  auto started = Clock::now();
  auto results = runCases({&a, &b}, env, options);
  EXPECT_LT(Clock::now() - started, 3s);
  ASSERT_EQ(2u, results.size());
  EXPECT_EQ(Verdict::Interrupted, results[0].verdict) << results[0].message;
  EXPECT_NE(std::string::npos, results[0].message.find("bound")) << results[0].message;
  EXPECT_EQ(Verdict::Interrupted, results[1].verdict);
  EXPECT_EQ(0u, results[1].message.find("not started")) << results[1].message;
}

TEST(RunnerBound, ACaseThatIgnoresTheStopIsGivenUpOnAfterTheGrace) {
  CaseDef stubborn;
  stubborn.info.id = "test.stubborn";
  stubborn.run = [](CaseContext&) { std::this_thread::sleep_for(5s); };  // ignores every stop
  RunOptions options;
  options.bound = 200ms;
  options.grace = 300ms;
  size_t abandoned = 0;
  options.abandoned = &abandoned;
  auto started = Clock::now();
  auto results = runCases({&stubborn}, environment(), options);
  EXPECT_LT(Clock::now() - started, 2s);
  EXPECT_EQ(1u, abandoned);
  ASSERT_EQ(1u, results.size());
  EXPECT_EQ(Verdict::Interrupted, results[0].verdict);
  EXPECT_NE(std::string::npos, results[0].message.find("did not end")) << results[0].message;
}

TEST(RunnerBound, BoundFollowsCasesJobsBudgetsAndScale) {
  CaseDef a, b, c;
  a.info.budget = 60s;
  b.info.budget = 180s;
  c.info.budget = 60s;
  EXPECT_EQ(std::chrono::milliseconds(2 * 180000 + 10000), runBound({&a, &b, &c}, 2, 1.0));
  EXPECT_EQ(std::chrono::milliseconds(18000 + 10000), runBound({&a, &b, &c}, 3, 0.1));
}

}  // namespace
}  // namespace wc
