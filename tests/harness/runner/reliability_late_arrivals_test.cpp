// Nothing arrives unseen after its case: once the last case has ended, a webhook that came to a
// case's route after the case (a second copy 5 s later, a firing after the cron was deleted)
// fails that case with the gap in its message; a healthy run is unaffected and waits for nothing.
#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <thread>

#include "reference/reference_target.h"
#include "runner/case_context.h"
#include "runner/late_arrivals.h"
#include "runner/runner.h"

namespace wc {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::shared_ptr<CaptureServer> startedCapture() {
  auto capture = std::make_shared<CaptureServer>();
  std::string error;
  EXPECT_TRUE(capture->start(&error)) << error;
  return capture;
}

// The embedded reference as a run sees it: its client, the capture server, and the wait for its
// deliveries to settle that the session wires the same way.
struct ReferenceRun {
  explicit ReferenceRun(const std::string& fault) : reference([&] {
    reference::ReferenceOptions options;
    options.log = false;
    options.fault = fault;
    return options;
  }()) {
    std::string error;
    EXPECT_TRUE(reference.start("127.0.0.1", 0, &error)) << error;
    TargetProfile profile;
    profile.embeddedReference = true;
    env = std::make_unique<Environment>(TargetClient(ClientOptions{reference.baseUrl()}),
                                        startedCapture(), profile);
    env->setDeliveriesSettledWait([this](Clock::time_point deadline, std::string* pending) {
      return reference.awaitDeliveriesSettled(deadline, pending);
    });
  }
  reference::ReferenceTarget reference;
  std::unique_ptr<Environment> env;
};

// A stateless run whose webhook the case awaits; the case passes once it has arrived.
CaseDef awaitsOneRunsWebhook(Level level) {
  CaseDef def;
  def.info.id = "test.one-webhook";
  def.info.area = "test";
  def.info.level = level;
  def.run = [](CaseContext& ctx) {
    const auto route = ctx.newRoute();
    ctx.need(ctx.target().post("/runs", {{"assistant_id", "echo"},
                                         {"input", {{"messages", nlohmann::json::array()}}},
                                         {"webhook", ctx.capture().urlFor(route, "?token=late")}}),
             "POST /runs");
    CapturedRequest webhook;
    ctx.require(ctx.capture().awaitWebhook(route, 10s, &webhook));
    ctx.addEvidence(webhook);
  };
  return def;
}

TEST(LateArrivals, ALateDuplicateFailsItsCaseWithTheGap) {
  ReferenceRun run("late-duplicate");
  auto def = awaitsOneRunsWebhook(Level::Must);
  auto results = runCases({&def}, *run.env, RunOptions{});
  ASSERT_EQ(1u, results.size());
  const auto& r = results[0];
  EXPECT_EQ(Verdict::Fail, r.verdict) << r.message;
  EXPECT_EQ(0u, r.message.find("a second copy of the webhook of run ")) << r.message;
  EXPECT_NE(std::string::npos, r.message.find(" s after the case ended (5.")) << r.message;
  EXPECT_EQ(r.message, r.evidence.failures.back());
  EXPECT_EQ(2u, r.evidence.requests.size()) << "the late copy is the case's evidence too";
}

TEST(LateArrivals, ALateDuplicateOnAShouldCaseWarns) {
  ReferenceRun run("late-duplicate");
  auto def = awaitsOneRunsWebhook(Level::Should);
  auto results = runCases({&def}, *run.env, RunOptions{});
  ASSERT_EQ(1u, results.size());
  EXPECT_EQ(Verdict::Warn, results[0].verdict) << results[0].message;
}

TEST(LateArrivals, AHealthyRunPassesAndWaitsForNothing) {
  ReferenceRun run("");
  auto def = awaitsOneRunsWebhook(Level::Must);
  auto started = Clock::now();
  auto results = runCases({&def}, *run.env, RunOptions{});
  auto took = Clock::now() - started;
  ASSERT_EQ(1u, results.size());
  EXPECT_EQ(Verdict::Pass, results[0].verdict) << results[0].message;
  EXPECT_EQ(1u, results[0].evidence.requests.size());
  // The case itself takes tens of ms; the settled wait must add nothing like a window.
  EXPECT_LT(took, 1s);
}

// A case that made its route answer 503 and ended after the first attempt: the target's retries
// of that run go on after it, by design.
TEST(LateArrivals, RetriesToARouteTheCaseMadeFailAreNotJudged) {
  auto capture = startedCapture();
  Environment env(TargetClient(ClientOptions{"http://127.0.0.1:1"}), capture, TargetProfile{});
  std::string route;
  CaseDef def;
  def.info.id = "test.failing-receiver";
  def.run = [&route](CaseContext& ctx) {
    route = ctx.newRoute();
    ctx.capture().setRouteResponse(route, {503});
  };
  // The "target" retries after the case has ended, while the run waits for it to settle.
  env.setDeliveriesSettledWait([&](Clock::time_point, std::string*) {
    httplib::Client sender("127.0.0.1", capture->port());
    auto res = sender.Post("/hook/" + route, R"({"run_id": "r1"})", "application/json");
    EXPECT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(503, res ? res->status : 0);
    return true;
  });
  auto results = runCases({&def}, env, RunOptions{});
  ASSERT_EQ(1u, results.size());
  EXPECT_EQ(Verdict::Pass, results[0].verdict) << results[0].message;
  EXPECT_EQ(1u, capture->received(route).size()) << "the retry did arrive";
}

void postWebhook(const CaptureServer& capture, const std::string& route, const std::string& runId) {
  httplib::Client sender("127.0.0.1", capture.port());
  auto res = sender.Post("/hook/" + route, nlohmann::json{{"run_id", runId}}.dump(),
                         "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(200, res->status);
}

// A case that asks for `runsCreated` runs (the target is unreachable: the attempts count), gets
// run a's webhook and ends; run b's webhook comes while the run waits for the target to settle.
Verdict verdictWithALateWebhookOfAnotherRun(size_t runsCreated) {
  auto capture = startedCapture();
  Environment env(TargetClient(ClientOptions{"http://127.0.0.1:1"}), capture, TargetProfile{});
  std::string route;
  CaseDef def;
  def.info.id = "test.awaits-run-a";
  def.run = [&](CaseContext& ctx) {
    route = ctx.newRoute();
    for (size_t i = 0; i < runsCreated; ++i) (void)ctx.target().post("/runs", {{"webhook", "x"}});
    postWebhook(*capture, route, "a");
    ctx.require(ctx.capture().awaitWebhook(route, 5s));
  };
  env.setDeliveriesSettledWait([&](Clock::time_point, std::string*) {
    postWebhook(*capture, route, "b");
    return true;
  });
  auto results = runCases({&def}, env, RunOptions{});
  EXPECT_EQ(1u, results.size());
  return results.empty() ? Verdict::Error : results[0].verdict;
}

TEST(LateArrivals, ALateWebhookOfAnotherRunFailsACaseWhoseRunsHadAllDelivered) {
  EXPECT_EQ(Verdict::Fail, verdictWithALateWebhookOfAnotherRun(1));
}

TEST(LateArrivals, ALateWebhookOfAnotherRunIsNoFindingWhenTheCaseDidNotAwaitEveryRun) {
  EXPECT_EQ(Verdict::Pass, verdictWithALateWebhookOfAnotherRun(2));
}

CapturedRequest webhookOf(const std::string& runId, Clock::time_point at) {
  CapturedRequest r;
  r.method = "POST";
  r.target = "/hook/route";
  r.body = nlohmann::json{{"run_id", runId}}.dump();
  r.arrivedSteady = at;
  return r;
}

TEST(LateArrivals, ACronRouteToleratesOneFiringUnderWayAtTheDelete) {
  const auto ended = Clock::now();
  std::vector<CapturedRequest> route = {webhookOf("a", ended - 2s), webhookOf("b", ended - 1s),
                                        webhookOf("c", ended + 1s), webhookOf("d", ended + 2s),
                                        webhookOf("a", ended + 3s)};
  auto late = lateArrivalsOn(route, ended, RouteKind::CronFirings);
  ASSERT_EQ(3u, late.size());
  EXPECT_TRUE(late[0].finding.empty()) << late[0].finding;
  EXPECT_NE(std::string::npos, late[0].note.find("under way when the cron was deleted"));
  EXPECT_EQ(0u, late[1].finding.find("a firing (run d) arrived 2.0 s after the case ended"))
      << late[1].finding;
  EXPECT_EQ(0u, late[2].finding.find("a second copy of the webhook of run a arrived 3.0 s after "
                                     "the case ended (5.0 s after the first copy)"))
      << late[2].finding;
}

TEST(LateArrivals, ALaterWebhookOfAnotherRunIsAFindingOnlyOnceEveryRunHadDelivered) {
  const auto ended = Clock::now();
  std::vector<CapturedRequest> route = {webhookOf("a", ended - 1s), webhookOf("b", ended + 1s),
                                        webhookOf("b", ended + 2s)};
  auto late = lateArrivalsOn(route, ended, RouteKind::EveryRunDelivered);
  ASSERT_EQ(2u, late.size());
  EXPECT_EQ(0u, late[0].finding.find("a webhook (run b) arrived 1.0 s after the case ended"))
      << late[0].finding;
  // A case that did not await all its runs: the other run's webhook may be its own, its copy not.
  late = lateArrivalsOn(route, ended, RouteKind::RunsOutstanding);
  ASSERT_EQ(2u, late.size());
  EXPECT_TRUE(late[0].finding.empty()) << late[0].finding;
  EXPECT_EQ(0u, late[1].finding.find("a second copy of the webhook of run b arrived 2.0 s after"))
      << late[1].finding;
  EXPECT_TRUE(lateArrivalsOn(route, ended, RouteKind::Retried).empty());
}

TEST(LateArrivals, ACopyWithinTheDuplicateWindowsIsLeftToTheDeliveryCases) {
  const auto ended = Clock::now();
  std::vector<CapturedRequest> route = {webhookOf("a", ended - 10ms), webhookOf("a", ended + 5ms),
                                        webhookOf("a", ended + 3s)};
  auto late = lateArrivalsOn(route, ended, RouteKind::EveryRunDelivered);
  ASSERT_EQ(2u, late.size());
  EXPECT_TRUE(late[0].finding.empty()) << late[0].finding;
  EXPECT_NE(std::string::npos, late[0].note.find("within the duplicate windows")) << late[0].note;
  EXPECT_EQ(0u, late[1].finding.find("a third copy of the webhook of run a arrived 3.0 s after"))
      << late[1].finding;
}

TEST(LateArrivals, AWaitThatRunsOutSaysWhatItAwaited) {
  TargetProfile profile;
  profile.baseUrl = "http://127.0.0.1:9";
  profile.instance = "default";
  Environment env(TargetClient(ClientOptions{profile.baseUrl}), startedCapture(), profile);
  env.setDeliveriesSettledWait([](Clock::time_point deadline, std::string* pending) {
    std::this_thread::sleep_until(deadline);  // a target that never settles
    *pending = "1 late copy(ies) due";
    return false;
  });
  auto started = Clock::now();
  auto settled = awaitDeliveriesSettled({&env, &env}, 200ms);
  EXPECT_LT(Clock::now() - started, 1s) << "one deadline for all, each environment once";
  ASSERT_FALSE(settled);
  EXPECT_EQ(std::string("waited 200 ms for the webhook deliveries of http://127.0.0.1:9 (instance default) to "
            "settle before looking for late webhooks; still 1 late copy(ies) due: what arrives "
            "later is not judged"),
            settled.message());
}

}  // namespace
}  // namespace wc
