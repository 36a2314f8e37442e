// The live ledger of a load test: arrivals filed under their run, duplicates counted, a changed
// token kept as evidence, strays counted apart, and waits that end by their deadline.
#include <gtest/gtest.h>

#include <thread>

#include "load/run_ledger.h"

namespace wc::load {
namespace {

std::vector<LoadRun> twoRuns() {
  std::vector<LoadRun> runs(2);
  for (size_t i = 0; i < runs.size(); ++i) {
    runs[i].index = static_cast<long>(i);
    runs[i].route = "load-r" + std::to_string(i);
    runs[i].expectedTarget = "/hook/" + runs[i].route + "?token=abc";
  }
  return runs;
}

CapturedRequest arrival(const std::string& route, const std::string& target) {
  CapturedRequest r;
  r.method = "POST";
  r.route = route;
  r.target = target;
  r.body = "{}";
  r.arrivedAt = std::chrono::system_clock::now();
  return r;
}

TEST(LoadLedger, FilesArrivalsUnderTheirRun) {
  RunLedger ledger(twoRuns());
  ledger.record(arrival("load-r0", "/hook/load-r0?token=abc"));
  ledger.record(arrival("load-r0", "/hook/load-r0?token=abc"));
  ledger.record(arrival("someone-else", "/hook/someone-else"));
  auto run = ledger.row(0);
  EXPECT_EQ(2u, run.webhooks);
  EXPECT_EQ(1u, run.laterArrivalsMs.size());
  EXPECT_EQ("", run.tokenProblem);
  EXPECT_EQ("{}", ledger.takeFirstBody(0));
  EXPECT_EQ("", ledger.takeFirstBody(0));  // handed over once
  auto counts = ledger.counts();
  EXPECT_EQ(3u, counts.webhooks);
  EXPECT_EQ(1u, counts.strays);
  EXPECT_EQ(1u, counts.received);
}

TEST(LoadLedger, AChangedTokenIsEvidence) {
  RunLedger ledger(twoRuns());
  ledger.record(arrival("load-r1", "/hook/load-r1?token=abc-altered"));
  auto problem = ledger.row(1).tokenProblem;
  EXPECT_NE(std::string::npos, problem.find("token=abc-altered")) << problem;
  EXPECT_NE(std::string::npos, problem.find("expected /hook/load-r1?token=abc")) << problem;
}

TEST(LoadLedger, AwaitWebhookEndsByItsDeadline) {
  RunLedger ledger(twoRuns());
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(ledger.awaitWebhook(0, start + std::chrono::milliseconds(50)));
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(50));
  EXPECT_LT(waited, std::chrono::seconds(5));
}

TEST(LoadLedger, AwaitWebhookWakesOnArrival) {
  RunLedger ledger(twoRuns());
  std::thread sender([&] { ledger.record(arrival("load-r1", "/hook/load-r1?token=abc")); });
  EXPECT_TRUE(ledger.awaitWebhook(1, std::chrono::steady_clock::now() + std::chrono::seconds(30)));
  sender.join();
}

TEST(LoadLedger, StopEndsEveryWait) {
  RunLedger ledger(twoRuns());
  std::thread stopper([&] { ledger.stop(); });
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(ledger.awaitWebhook(0, start + std::chrono::seconds(30)));
  ledger.awaitQuiet(std::chrono::seconds(30), std::chrono::seconds(30));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  stopper.join();
}

}  // namespace
}  // namespace wc::load

namespace wc::load {
namespace {

TEST(LoadLedger, OversizedBodiesAreProblemsNotHeld) {
  RunLedger ledger(twoRuns());
  auto big = arrival("load-r0", "/hook/load-r0?token=abc");
  big.body.assign(kMaxHeldBodyBytes + 1, 'x');
  ledger.record(big);
  EXPECT_NE(std::string::npos, ledger.row(0).payloadProblem.find("more than the")) << ledger.row(0).payloadProblem;
  EXPECT_EQ("", ledger.takeFirstBody(0));
  ledger.recordRefused("load-r1", std::chrono::system_clock::now(), "answered 413 unrecorded");
  EXPECT_EQ(1u, ledger.row(1).webhooks);
  EXPECT_EQ("answered 413 unrecorded", ledger.row(1).payloadProblem);
}

}  // namespace
}  // namespace wc::load
