// The target health check inside the runner, with a scripted sentinel: a
// target that keeps completing runs changes no verdict; one that stops before the first case or
// while cases run ends every remaining case as `error` at once, naming when; isolated cases run
// last, one at a time, each followed by a check that attributes a stall to the case before it.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "reference/reference_target.h"
#include "runner/case_context.h"
#include "runner/runner.h"
#include "runner/target_health.h"

namespace wc {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Kind = SentinelOutcome::Kind;

// Environments a given-up case may still use after its test: kept for the process's life, and
// reachable from here, so LeakSanitizer does not count them as leaks.
std::vector<Environment*>& keptAlive() {
  static auto* kept = new std::vector<Environment*>;
  return *kept;
}

// One run's world: a capture server, a client on a closed port (the cases here never call the
// target) and the cancellation the health check stops. Never freed: see keptAlive().
struct World {
  std::shared_ptr<Cancellation> cancellation = std::make_shared<Cancellation>();
  Environment* env;
  World() {
    auto capture = std::make_shared<CaptureServer>();
    std::string error;
    EXPECT_TRUE(capture->start(&error)) << error;
    ClientOptions client;
    client.baseUrl = "http://127.0.0.1:1";
    client.cancellation = cancellation;
    env = new Environment(TargetClient(client), capture, TargetProfile{});
    keptAlive().push_back(env);
  }
};

// A sentinel whose answer the test sets: completed until `stalled` is set.
struct ScriptedTarget {
  std::atomic<bool> stalled{false};
  std::atomic<int> sentinels{0};
  Sentinel sentinel() {
    return [this](Clock::time_point) {
      ++sentinels;
      return stalled ? SentinelOutcome{Kind::Stalled, "no answer (scripted)"}
                     : SentinelOutcome{Kind::Completed, ""};
    };
  }
};

HealthTiming fastTiming() { return {200ms, 50ms}; }

CaseDef caseThat(const std::string& id, std::function<void(CaseContext&)> run) {
  CaseDef def;
  def.info.id = id;
  def.info.area = "test";
  def.run = std::move(run);
  return def;
}

// Waits for a webhook that never comes: only the run's stop ends it early.
CaseDef waitsLong(const std::string& id) {
  return caseThat(id, [](CaseContext& ctx) {
    ctx.require(ctx.capture().awaitWebhook(ctx.newRoute(), 30s));
  });
}

TEST(TargetHealth, ATargetThatKeepsCompletingRunsChangesNoVerdict) {
  World world;
  ScriptedTarget target;
  TargetHealth health(target.sentinel(), fastTiming(), world.cancellation, Clock::now());
  auto quick = caseThat("test.quick", [](CaseContext& ctx) { ctx.observe("done"); });
  auto slower = caseThat("test.slower", [](CaseContext& ctx) { ctx.pause(300ms); });
  RunOptions options;
  options.health = &health;
  auto results = runCases({&quick, &slower}, *world.env, options);
  ASSERT_EQ(2u, results.size());
  EXPECT_EQ(Verdict::Pass, results[0].verdict) << results[0].message;
  EXPECT_EQ(Verdict::Pass, results[1].verdict) << results[1].message;
  EXPECT_FALSE(health.stall());
  EXPECT_EQ("", health.diagnosis(results));
  EXPECT_FALSE(world.cancellation->cancelled());
  // Before the first case, at least one interval while the slower case ran, after the last.
  EXPECT_GE(target.sentinels.load(), 3);
}

TEST(TargetHealth, AStallBeforeTheFirstCaseErrorsEveryCaseAtOnce) {
  World world;
  ScriptedTarget target;
  target.stalled = true;
  TargetHealth health(target.sentinel(), fastTiming(), world.cancellation, Clock::now());
  std::atomic<bool> ran{false};
  auto a = caseThat("test.a", [&](CaseContext&) { ran = true; });
  auto b = waitsLong("test.b");
  RunOptions options;
  options.health = &health;
  auto started = Clock::now();
  auto results = runCases({&a, &b}, *world.env, options);
  EXPECT_LT(Clock::now() - started, 2s);
  EXPECT_FALSE(ran) << "no case starts on a target that completes no run";
  for (const auto& r : results) {
    EXPECT_EQ(Verdict::Error, r.verdict) << r.info.id << ": " << r.message;
    EXPECT_EQ(0u, r.message.find("the target stopped completing runs at ")) << r.message;
    EXPECT_NE(std::string::npos, r.message.find(kBeforeFirstCase)) << r.message;
  }
  ASSERT_TRUE(health.stall());
  auto diagnosis = health.diagnosis(results);
  EXPECT_NE(std::string::npos, diagnosis.find("no answer (scripted)")) << diagnosis;
  EXPECT_NE(std::string::npos, diagnosis.find("Cases that ran before it: none")) << diagnosis;
}

TEST(TargetHealth, AStallWhileCasesRunEndsTheRunningAndTheRestAsErrorQuickly) {
  World world;
  ScriptedTarget target;
  TargetHealth health(target.sentinel(), fastTiming(), world.cancellation, Clock::now());
  // The first case breaks the target, then waits for a webhook it will never get.
  auto breaker = caseThat("test.breaker", [&](CaseContext& ctx) {
    target.stalled = true;
    ctx.require(ctx.capture().awaitWebhook(ctx.newRoute(), 30s));
  });
  auto later = waitsLong("test.later");
  RunOptions options;
  options.jobs = 1;
  options.health = &health;
  auto started = Clock::now();
  auto results = runCases({&breaker, &later}, *world.env, options);
  EXPECT_LT(Clock::now() - started, 3s) << "not the 30 s the cases would wait";
  ASSERT_EQ(2u, results.size());
  EXPECT_EQ(Verdict::Error, results[0].verdict) << results[0].message;
  EXPECT_NE(std::string::npos, results[0].message.find("still running")) << results[0].message;
  EXPECT_EQ(Verdict::Error, results[1].verdict) << results[1].message;
  EXPECT_NE(std::string::npos, results[1].message.find("not started")) << results[1].message;
  ASSERT_TRUE(health.stall());
  EXPECT_EQ("while cases ran", health.stall()->when);
  auto diagnosis = health.diagnosis(results);
  EXPECT_NE(std::string::npos, diagnosis.find("test.breaker")) << diagnosis;
  EXPECT_EQ(std::string::npos, diagnosis.find("test.later")) << "it never ran: " << diagnosis;
  EXPECT_NE(std::string::npos, diagnosis.find(" s into the run")) << diagnosis;
}

TEST(TargetHealth, IsolatedCasesRunLastOneAtATimeAndTheCheckAfterEachNamesTheStall) {
  World world;
  ScriptedTarget target;
  TargetHealth health(target.sentinel(), fastTiming(), world.cancellation, Clock::now());
  std::mutex mutex;  // guards order, running, maxRunning
  std::vector<std::string> order;
  int running = 0, maxRunning = 0;
  auto tracked = [&](const std::string& id, std::function<void()> body) {
    return caseThat(id, [&, id, body](CaseContext&) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        order.push_back(id);
        maxRunning = std::max(maxRunning, ++running);
      }
      body();
      std::lock_guard<std::mutex> lock(mutex);
      --running;
    });
  };
  int othersRunningWhenKillerStarted = -1;
  auto killer = tracked("test.killer", [&] {
    {
      std::lock_guard<std::mutex> lock(mutex);
      othersRunningWhenKillerStarted = running - 1;
    }
    target.stalled = true;
  });
  auto plain1 = tracked("test.plain1", [] {});
  auto plain2 = tracked("test.plain2", [] {});
  auto second = tracked("test.second-destructive", [] {});
  RunOptions options;
  options.jobs = 8;
  options.health = &health;
  options.isolated = [](const CaseDef& d) { return d.info.id == "test.killer" || d.info.id == "test.second-destructive"; };
  auto results = runCases({&killer, &plain1, &second, &plain2}, *world.env, options);
  ASSERT_EQ(4u, results.size());
  ASSERT_EQ(3u, order.size());
  EXPECT_EQ("test.killer", order[2]) << "the isolated case runs after the others";
  EXPECT_EQ(0, othersRunningWhenKillerStarted) << "and alone";
  EXPECT_EQ(Verdict::Pass, results[0].verdict) << "it keeps its own verdict: " << results[0].message;
  EXPECT_EQ(Verdict::Pass, results[1].verdict);
  EXPECT_EQ(Verdict::Pass, results[3].verdict);
  EXPECT_EQ(Verdict::Error, results[2].verdict) << results[2].message;
  ASSERT_TRUE(health.stall());
  EXPECT_EQ("after test.killer", health.stall()->when);
  auto diagnosis = health.diagnosis(results);
  EXPECT_NE(std::string::npos, diagnosis.find("test.killer")) << diagnosis;
  EXPECT_EQ(std::string::npos, diagnosis.find("test.plain1")) << diagnosis;
}

TEST(TargetHealth, ATargetThatRefusesTheSentinelIsNotJudgedAndItsCasesRun) {
  World world;
  TargetHealth health([](Clock::time_point) { return SentinelOutcome{Kind::Inconclusive, "HTTP 404"}; },
                      fastTiming(), world.cancellation, Clock::now());
  auto a = caseThat("test.a", [](CaseContext&) {});
  RunOptions options;
  options.health = &health;
  auto results = runCases({&a}, *world.env, options);
  EXPECT_EQ(Verdict::Pass, results[0].verdict) << results[0].message;
  EXPECT_FALSE(health.stall());
  EXPECT_NE(std::string::npos, health.inconclusiveNote().find("HTTP 404")) << health.inconclusiveNote();
}

TEST(TargetHealth, APlainRunOnTheReferenceCompletesInMilliseconds) {
  reference::ReferenceOptions options;
  options.log = false;
  reference::ReferenceTarget ref(options);
  std::string error;
  ASSERT_TRUE(ref.start("127.0.0.1", 0, &error)) << error;
  auto sentinel = plainRunSentinel(TargetClient(ClientOptions{ref.baseUrl()}), "echo");
  auto started = Clock::now();
  auto outcome = sentinel(Clock::now() + 5s);
  EXPECT_EQ(Kind::Completed, outcome.kind) << outcome.detail;
  EXPECT_LT(Clock::now() - started, 1s);
  ref.stop();
  // A stopped target answers nothing: that is a stall, not a refusal.
  EXPECT_EQ(Kind::Stalled, sentinel(Clock::now() + 1s).kind);
}

}  // namespace
}  // namespace wc
