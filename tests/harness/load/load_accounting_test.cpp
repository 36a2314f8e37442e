// Load mode's accounting, checks and reports, fed rows and bodies that must fail each check
//: a check that cannot fail proves nothing.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>

#include "load/load_merge.h"
#include "load/load_options.h"
#include "load/load_reports.h"
#include "load/payload_inspection.h"

namespace wc::load {
namespace {

std::string readVector(const std::string& name) {
  std::ifstream in(std::filesystem::path(WC_PAYLOAD_VECTORS) / name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A run that passes every check: created, one webhook 10 ms later, valid, status agreed.
LoadRun goodRun(long index, int shard = 0) {
  LoadRun r;
  r.index = index;
  r.shard = shard;
  r.endpoint = "threads-runs-create";
  r.route = "load-test-" + std::to_string(index);
  r.expectedTarget = "/hook/" + r.route + "?token=t";
  r.runId = "run-" + std::to_string(index);
  r.threadId = "thread-" + std::to_string(index);
  r.sent = r.finished = true;
  r.createStartMs = 1'000'000 + static_cast<double>(index);
  r.createEndMs = r.createStartMs + 1;
  r.webhooks = 1;
  r.firstArrivalMs = r.createStartMs + 10;
  r.runEndedMs = r.createStartMs + 8;
  r.payloadStatus = r.apiStatus = "success";
  return r;
}

const LoadCheck& check(const LoadSummary& s, const std::string& id) {
  for (const auto& c : s.checks)
    if (c.id == id) return c;
  throw std::runtime_error("no check " + id);
}

TEST(LoadPercentiles, NearestRank) {
  std::vector<double> v;
  for (int i = 1; i <= 100; ++i) v.push_back(i);
  EXPECT_EQ(50, percentile(v, 50));
  EXPECT_EQ(90, percentile(v, 90));
  EXPECT_EQ(99, percentile(v, 99));
  EXPECT_EQ(0, percentile({}, 99));
  EXPECT_EQ(7, percentile({7}, 50));
  auto s = latencyStats({5, 1, 3});
  EXPECT_EQ(3u, s.count);
  EXPECT_EQ(3, s.p50);
  EXPECT_EQ(5, s.max);
}

TEST(LoadAccounting, CleanRunsPassEveryCheck) {
  std::vector<LoadRun> runs;
  for (long i = 0; i < 10; ++i) runs.push_back(goodRun(i));
  auto s = summarize(runs, 0, 0);
  EXPECT_FALSE(s.gateFailed);
  EXPECT_EQ(10u, s.exactlyOnce);
  EXPECT_EQ(10, s.creationToWebhook.p99);
  EXPECT_EQ(2, s.runEndToWebhook.p50);
  EXPECT_TRUE(check(s, "load.latency-budget").skipped);
}

// Each row breaks one check; that check (and only that one) must fail and name the run.
TEST(LoadAccounting, EachProblemFailsItsCheckAndNamesTheRun) {
  struct Vector {
    const char* check;
    std::function<void(LoadRun&)> breakIt;
  };
  const std::vector<Vector> vectors = {
      {"load.created", [](LoadRun& r) { r.creationError = "422 refused"; r.webhooks = 0; }},
      {"load.lost", [](LoadRun& r) { r.webhooks = 0; r.firstArrivalMs = 0; }},
      {"load.duplicates", [](LoadRun& r) { r.webhooks = 2; r.laterArrivalsMs = {r.firstArrivalMs + 100}; }},
      {"load.payload", [](LoadRun& r) { r.payloadProblem = "missing run_id"; }},
      {"load.token", [](LoadRun& r) { r.tokenProblem = "arrived as ?token=t-altered"; }},
      {"load.status", [](LoadRun& r) { r.statusProblem = "webhook says running, API success"; }},
  };
  for (const auto& v : vectors) {
    std::vector<LoadRun> runs = {goodRun(0), goodRun(1), goodRun(2)};
    v.breakIt(runs[1]);
    auto s = summarize(runs, 0, 0);
    EXPECT_TRUE(s.gateFailed) << v.check;
    for (const auto& c : s.checks) {
      if (c.id == v.check) {
        EXPECT_TRUE(c.failed) << c.id;
        EXPECT_EQ(1u, c.failures) << c.id;
        ASSERT_EQ(std::vector<long>{1}, c.runIndices) << c.id;
        EXPECT_NE(std::string::npos, c.message.find("run 1 (run_id run-1)")) << c.message;
      } else if (!c.skipped) {
        EXPECT_FALSE(c.failed) << v.check << " also failed " << c.id;
      }
    }
  }
}

TEST(LoadAccounting, DuplicateNamesTheGap) {
  auto r = goodRun(0);
  r.webhooks = 2;
  r.laterArrivalsMs = {r.firstArrivalMs + 121.5};
  EXPECT_EQ("2 webhooks; the next ones 121.5 ms after the first", duplicateText(r));
}

TEST(LoadAccounting, NotSentAndInterruptedRunsAreNoProblem) {
  LoadRun notSent;
  notSent.index = 3;
  auto interrupted = goodRun(4);
  interrupted.webhooks = 0;
  interrupted.interrupted = true;
  auto s = summarize({goodRun(0), notSent, interrupted}, 0, 0);
  EXPECT_FALSE(s.gateFailed);
  EXPECT_EQ(1u, s.notSent);
  EXPECT_EQ(1u, s.interrupted);
  EXPECT_EQ("not-sent", outcomeOf(notSent));
  EXPECT_EQ("interrupted", outcomeOf(interrupted));
}

TEST(LoadAccounting, LatencyBudgetCanFail) {
  std::vector<LoadRun> runs = {goodRun(0), goodRun(1)};
  EXPECT_FALSE(check(summarize(runs, 10, 0), "load.latency-budget").failed);
  EXPECT_TRUE(check(summarize(runs, 9.5, 0), "load.latency-budget").failed);
  for (auto& r : runs) r.webhooks = 0, r.firstArrivalMs = 0;  // nothing measured: not met
  EXPECT_TRUE(check(summarize(runs, 1000, 0), "load.latency-budget").failed);
}

TEST(LoadPayload, ValidBodyOfItsRunPasses) {
  auto body = readVector("y_stateful_success_values.json");
  auto runId = nlohmann::json::parse(body)["run_id"].get<std::string>();
  auto facts = inspectPayload(body, runId);
  EXPECT_EQ("", facts.problem);
  EXPECT_EQ("success", facts.status);
  EXPECT_NE("", inspectPayload(body, "another-run").problem);
}

TEST(LoadPayload, BadBodiesFail) {
  EXPECT_NE("", inspectPayload("not json", "r").problem);
  EXPECT_NE("", inspectPayload(std::string(100000, '['), "r").problem);  // no stack overflow
  EXPECT_NE("", inspectPayload(readVector("n_missing_run_id.json"), "").problem);
  EXPECT_NE("", inspectPayload(readVector("n_status_running.json"), "").problem);
  auto cut = inspectPayload(std::string("\x1b[31m") + std::string(5000, 'x'), "r").problem;
  EXPECT_EQ(std::string::npos, cut.find('\x1b'));
  EXPECT_LT(cut.size(), 400u);
}

TEST(LoadOptions, LimitsAreUsageErrors) {
  auto refused = [](std::function<void(LoadOptions&)> set, const std::string& needle) {
    LoadOptions o;
    set(o);
    LoadPlan plan;
    std::string error;
    EXPECT_FALSE(planLoad(o, &plan, &error)) << needle;
    EXPECT_NE(std::string::npos, error.find(needle)) << error;
  };
  refused([](LoadOptions& o) { o.runs = 0; }, "--runs");
  refused([](LoadOptions& o) { o.runs = kMaxRuns + 1; }, "--runs");
  refused([](LoadOptions& o) { o.concurrency = kMaxConcurrency + 1; }, "--concurrency");
  refused([](LoadOptions& o) { o.rate = "-5"; }, "--rate");
  refused([](LoadOptions& o) { o.rate = "1e9"; }, "--rate");
  refused([](LoadOptions& o) { o.durationSeconds = -1; }, "--duration");
  refused([](LoadOptions& o) { o.maxP99Ms = 1.0 / 0.0; }, "--max-p99-ms");
  refused([](LoadOptions& o) { o.endpoint = "runs-crons"; }, "cron endpoints are not load-tested");
  refused([](LoadOptions& o) { o.endpoint = "threads-runs-crons"; }, "cron");
  refused([](LoadOptions& o) { o.endpoint = "nope"; }, "valid: threads-runs-create");
  refused([](LoadOptions& o) { o.shard = "0/2"; }, "--shard");
  refused([](LoadOptions& o) { o.shard = "3/2"; }, "--shard");
  refused([](LoadOptions& o) { o.shard = "1/2x"; }, "--shard");
  refused([](LoadOptions& o) { o.endpoint = "runs-wait"; o.threads = 2; }, "--threads");
}

TEST(LoadOptions, EveryNonCronEndpointIsAccepted) {
  for (const auto& e : allEndpoints()) {
    LoadOptions o;
    o.endpoint = e.slug;
    LoadPlan plan;
    std::string error;
    EXPECT_EQ(!e.cron, planLoad(o, &plan, &error)) << e.slug << ": " << error;
  }
}

TEST(LoadOptions, ShardsAreDisjointAndCoverEveryRun) {
  std::vector<int> seen(10, 0);
  for (const char* shard : {"1/3", "2/3", "3/3"}) {
    LoadOptions o;
    o.runs = 10;
    o.shard = shard;
    LoadPlan plan;
    std::string error;
    ASSERT_TRUE(planLoad(o, &plan, &error)) << error;
    for (long i : plan.runIndices) ++seen[i];
  }
  EXPECT_EQ(std::vector<int>(10, 1), seen);
}

class LoadFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("load-accounting-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  // Writes the reports of `runs` as shard `shard` of `count` into a directory of its own.
  std::string writeShard(const std::vector<LoadRun>& runs, int shard, int count, long total) {
    LoadReport r;
    r.header.target = "embedded reference";
    r.header.endpoint = "threads-runs-create";
    r.header.totalRuns = total;
    r.header.shardIndex = shard;
    r.header.shardCount = count;
    r.runs = runs;
    r.summary = summarize(runs, 0, 0);
    auto dir = dir_ / ("shard" + std::to_string(shard) + "-" + std::to_string(++written_));
    std::string error;
    EXPECT_TRUE(writeLoadReports(r, dir.string(), &error)) << error;
    return (dir / "load.json").string();
  }
  std::filesystem::path dir_;
  int written_ = 0;
};

TEST_F(LoadFiles, TwoShardsMergeIntoTheAccountingOfOne) {
  std::vector<LoadRun> all, first, second;
  for (long i = 0; i < 20; ++i) {
    auto r = goodRun(i, static_cast<int>(i % 2));
    if (i == 7) r.webhooks = 0, r.firstArrivalMs = 0;  // lost, in shard 2
    if (i == 8) r.webhooks = 3, r.laterArrivalsMs = {r.firstArrivalMs + 1, r.firstArrivalMs + 2};
    all.push_back(r);
    (i % 2 ? second : first).push_back(r);
  }
  LoadReport merged;
  std::string error;
  ASSERT_TRUE(mergeLoadFiles({writeShard(second, 1, 2, 20), writeShard(first, 0, 2, 20)}, -1,
                             &merged, &error)) << error;
  auto one = summarize(all, 0, 0);
  EXPECT_EQ(one.exactlyOnce, merged.summary.exactlyOnce);
  EXPECT_EQ(one.problems, merged.summary.problems);
  EXPECT_EQ(one.webhooks, merged.summary.webhooks);
  EXPECT_EQ(one.creationToWebhook.p99, merged.summary.creationToWebhook.p99);
  EXPECT_EQ(one.runEndToWebhook.p50, merged.summary.runEndToWebhook.p50);
  EXPECT_EQ(std::vector<long>{7}, check(merged.summary, "load.lost").runIndices);
  EXPECT_EQ(20u, merged.runs.size());
  EXPECT_EQ(0, merged.runs.front().index);
}

TEST_F(LoadFiles, MergeRefusesIncompleteOrRepeatedShards) {
  std::vector<LoadRun> first = {goodRun(0, 0), goodRun(2, 0)};
  auto path = writeShard(first, 0, 2, 4);
  LoadReport merged;
  std::string error;
  EXPECT_FALSE(mergeLoadFiles({path}, -1, &merged, &error));
  EXPECT_NE(std::string::npos, error.find("shard(s) 2 of 2 missing")) << error;
  LoadReport again;
  EXPECT_FALSE(mergeLoadFiles({path, path}, -1, &again, &error));
  EXPECT_NE(std::string::npos, error.find("given twice")) << error;
}

TEST_F(LoadFiles, HostileFilesAreErrorsNotCrashes) {
  auto file = [&](const std::string& text) {
    auto p = dir_ / ("hostile-" + std::to_string(++written_) + ".json");
    std::ofstream(p) << text;
    return p.string();
  };
  const std::vector<std::string> texts = {
      "", "[]", std::string(100000, '['), R"({"kind":"webhook-conformance load","format":1})",
      R"({"kind":"webhook-conformance load","format":1,"total_runs":1e300,"shard":{"index":1,"count":1},"runs":[]})",
      R"({"kind":"webhook-conformance load","format":1,"total_runs":2,"shard":{"index":1,"count":1},"summary":7,"runs":[{"index":1e300}]})",
      R"({"kind":"webhook-conformance load","format":1,"total_runs":2,"shard":"x","runs":[]})",
  };
  for (const auto& text : texts) {
    LoadReport merged;
    std::string error;
    EXPECT_FALSE(mergeLoadFiles({file(text)}, -1, &merged, &error)) << text.substr(0, 80);
    EXPECT_FALSE(error.empty());
  }
}

TEST(LoadReports, TargetTextIsEscapedAndSecretsRedacted) {
  LoadReport r;
  r.redactor.addSecret("hunter2-load-secret");
  r.header.target = "http://127.0.0.1:1";
  r.header.endpoint = "threads-runs-create";
  r.header.totalRuns = 2;
  auto bad = goodRun(0);
  bad.creationError = "<script>alert(1)</script> \x1b[31m key hunter2-load-secret";
  r.runs = {bad, goodRun(1)};
  r.summary = summarize(r.runs, 0, 0);
  const auto html = renderLoadHtml(r), json = renderLoadJson(r), junit = renderLoadJunit(r);
  EXPECT_EQ(std::string::npos, html.find("<script"));
  EXPECT_NE(std::string::npos, html.find("&lt;script&gt;"));
  EXPECT_NE(std::string::npos, html.find("<svg"));
  for (const auto* text : {&html, &json, &junit}) {
    EXPECT_EQ(std::string::npos, text->find("hunter2-load-secret"));
    EXPECT_EQ(std::string::npos, text->find('\x1b'));
  }
  EXPECT_TRUE(nlohmann::json::accept(json));
}

TEST(LoadReports, HtmlListsAtMostTheCapOfFailedRuns) {
  LoadReport r;
  r.header.totalRuns = 1000;
  for (long i = 0; i < 1000; ++i) {
    auto run = goodRun(i);
    run.webhooks = 0;
    r.runs.push_back(run);
  }
  r.summary = summarize(r.runs, 0, 0);
  const auto html = renderLoadHtml(r);
  size_t rows = 0;
  // A run's row opens with its index; the checks' rows open with <code>.
  for (size_t at = 0; (at = html.find("<tr><td>", at)) != std::string::npos; ++at)
    rows += html.compare(at + 8, 1, "<") != 0;
  EXPECT_EQ(kMaxHtmlRuns, rows);
  EXPECT_NE(std::string::npos, html.find("the first 200 listed"));
}

}  // namespace
}  // namespace wc::load
