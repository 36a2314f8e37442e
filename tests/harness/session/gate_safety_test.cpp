// Safe and honest against a real deployment: the user's own agent is never run by surprise, the
// key is found as the LangGraph SDK finds it and a refused one is named, everything a run creates
// is tagged and cleaned up, and the run says its plan before it starts. Loopback only.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "session/api_key.h"
#include "loopback_http_server.h"
#include "reliability_support.h"
#include "runner/case.h"
#include "serve_reference_process.h"

namespace wc {
namespace {

using namespace std::chrono_literals;

std::string freshDir(const std::string& name) {
  auto dir = testing::TempDir() + "/wc-gate-" + name + "-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  return dir;
}

nlohmann::json readJson(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in, nullptr, false);
}

// A LangGraph API whose only graph is the team's own agent; it counts every call that would
// create something, and refuses any key but `kGoodKey`.
class TeamsDeployment {
 public:
  static constexpr const char* kGoodKey = "lsv2-team-key-0001";
  std::string url() const { return server_.url(); }
  int creations() const { return creations_; }

 private:
  void serve(const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/ok") return res.set_content(R"({"ok":true})", "application/json");
    if (req.get_header_value("x-api-key") != kGoodKey) {
      res.status = 403;
      // Some servers echo what they were sent; the harness must not print it either way.
      return res.set_content(R"({"detail":"Forbidden: )" + req.get_header_value("x-api-key") + "\"}",
                             "application/json");
    }
    if (req.path == "/info") return res.set_content(R"({"version":"0.16.0"})", "application/json");
    if (req.path == "/assistants/search")
      return res.set_content(R"([{"assistant_id":"0a11ce00-0000-4000-8000-000000000001","graph_id":"agent"}])",
                             "application/json");
    if (req.method == "POST") ++creations_;  // a thread, a run, a cron: someone's bill
    res.status = 500;
  }
  std::atomic<int> creations_{0};
  reliability::LoopbackHttpServer server_{
      8, [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); }};
};

class KeyEnvironment : public testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"LANGGRAPH_API_KEY", "LANGSMITH_API_KEY", "LANGCHAIN_API_KEY"}) unsetenv(name);
  }
};

using OwnAgent = KeyEnvironment;

TEST_F(OwnAgent, WithoutTheTestGraphsNothingIsCreatedAndTheRunExitsTwo) {
  TeamsDeployment target;
  setenv("LANGSMITH_API_KEY", TeamsDeployment::kGoodKey, 1);
  auto result = reliability::runProcess(
      {WC_BINARY, "run", "--quiet", "--target", target.url(), "--report-dir", freshDir("agent")}, 30s);
  ASSERT_FALSE(result.timedOut) << result.err;
  EXPECT_EQ(2, result.exitCode) << result.err;
  EXPECT_LT(result.took, 15s);
  EXPECT_EQ(0, target.creations()) << "the team's agent was run";
  EXPECT_NE(std::string::npos, result.err.find("no test graph echo, fail, slow, review"))
      << result.err;
  EXPECT_NE(std::string::npos, result.err.find("its graphs: 'agent'")) << result.err;
  EXPECT_NE(std::string::npos, result.err.find("Add the test graphs to your deployment")) << result.err;
  EXPECT_EQ(1, std::count(result.err.begin(), result.err.end(), '\n')) << result.err;
}

TEST_F(OwnAgent, LoadIsRefusedTheSameWay) {
  TeamsDeployment target;
  setenv("LANGSMITH_API_KEY", TeamsDeployment::kGoodKey, 1);
  auto result = reliability::runProcess({WC_BINARY, "load", "--quiet", "--runs", "3", "--target",
                                         target.url(), "--report-dir", freshDir("load")},
                                        30s);
  EXPECT_EQ(2, result.exitCode) << result.err;
  EXPECT_EQ(0, target.creations());
}

using ApiKeys = KeyEnvironment;

TEST_F(ApiKeys, ARefusedKeyIsOneLineNamingWhereItCameFromNeverTheKey) {
  TeamsDeployment target;
  const std::string wrong = "lsv2-wrong-key-9999";
  setenv("LANGSMITH_API_KEY", wrong.c_str(), 1);
  auto result = reliability::runProcess(
      {WC_BINARY, "run", "--quiet", "--target", target.url(), "--report-dir", freshDir("refused")}, 30s);
  EXPECT_EQ(2, result.exitCode) << result.err;
  EXPECT_NE(std::string::npos, result.err.find("refused the API key from $LANGSMITH_API_KEY")) << result.err;
  EXPECT_EQ(std::string::npos, result.err.find(wrong)) << result.err;
  EXPECT_EQ(std::string::npos, result.out.find(wrong)) << result.out;
  EXPECT_EQ(0, target.creations());

  unsetenv("LANGSMITH_API_KEY");
  result = reliability::runProcess(
      {WC_BINARY, "run", "--quiet", "--target", target.url(), "--report-dir", freshDir("nokey")}, 30s);
  EXPECT_EQ(2, result.exitCode) << result.err;
  EXPECT_NE(std::string::npos, result.err.find("none was given")) << result.err;
}

TEST_F(ApiKeys, AKeyFileWithANewlineAndQuotesIsTrimmedAndSent) {
  TeamsDeployment target;
  const auto dir = freshDir("keyfile");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/key") << "\"" << TeamsDeployment::kGoodKey << "\"\n";
  // The key is accepted: preflight gets as far as the missing test graphs.
  auto result = reliability::runProcess({WC_BINARY, "run", "--quiet", "--target", target.url(),
                                         "--api-key-file", dir + "/key", "--report-dir", dir},
                                        30s);
  EXPECT_EQ(2, result.exitCode) << result.err;
  EXPECT_NE(std::string::npos, result.err.find("no test graph echo")) << result.err;
}

TEST_F(ApiKeys, FoundInTheSdkOrderAndTrimmed) {
  std::map<std::string, std::string> env = {{"LANGSMITH_API_KEY", " smith\n"},
                                            {"LANGCHAIN_API_KEY", "chain"}};
  auto lookup = [&env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  std::string error;
  auto key = resolveApiKey("", "", lookup, &error);
  ASSERT_TRUE(key) << error;
  EXPECT_EQ("smith", key->value);
  EXPECT_EQ("$LANGSMITH_API_KEY", key->source);
  env["LANGGRAPH_API_KEY"] = "'graph'";
  key = resolveApiKey("", "", lookup, &error);
  EXPECT_EQ("graph", key->value);
  key = resolveApiKey("  flag\r\n", "", lookup, &error);
  EXPECT_EQ("flag", key->value);
  EXPECT_EQ("--api-key", key->source);
  EXPECT_FALSE(resolveApiKey("a\nb", "", lookup, &error));
  EXPECT_NE(std::string::npos, error.find("--api-key")) << error;
  EXPECT_EQ(std::string::npos, error.find("a\nb")) << error;
  EXPECT_FALSE(resolveApiKey("x", "/no/such/file", lookup, &error));
}

nlohmann::json searchThreads(const std::string& base, const nlohmann::json& metadata) {
  httplib::Client client(base);
  auto res = client.Post("/threads/search", nlohmann::json({{"metadata", metadata}, {"limit", 1000}}).dump(),
                         "application/json");
  if (!res || res->status != 200) return nullptr;
  return nlohmann::json::parse(res->body, nullptr, false);
}

TEST(CreatedResources, EveryThreadIsTaggedAndRunCleanupLeavesNothing) {
  reliability::ServeReferenceProcess reference;
  const auto url = reference.awaitUrl(10s);
  ASSERT_FALSE(url.empty()) << reference.err();
  const auto dir = freshDir("cleanup");
  auto kept = reliability::runProcess(
      {WC_BINARY, "run", "--quiet", "--target", url, "--filter", "token,concurrency", "--report-dir", dir}, 90s);
  ASSERT_EQ(0, kept.exitCode) << kept.err;
  const auto report = readJson(dir + "/report.json");
  const auto runId = report.value("conformance_run", std::string());
  ASSERT_EQ(0u, runId.rfind("wc-", 0)) << report.dump().substr(0, 300);
  auto tagged = searchThreads(url, {{"created_by", "webhook-conformance"}, {"conformance_run", runId}});
  ASSERT_TRUE(tagged.is_array());
  size_t created = 0;
  for (const auto& c : report["cases"]) created += c["created"]["threads"].get<size_t>();
  EXPECT_GE(tagged.size(), created) << "a thread the run created is not tagged";
  EXPECT_GT(created, 10u);

  // `cleanup --dry-run` lists them and deletes nothing; `cleanup --run` deletes them.
  auto dry = reliability::runProcess({WC_BINARY, "cleanup", "--target", url, "--run", runId, "--dry-run"}, 60s);
  EXPECT_EQ(0, dry.exitCode) << dry.err;
  EXPECT_NE(std::string::npos, dry.out.find("would delete " + std::to_string(tagged.size()) + " threads"))
      << dry.out;
  EXPECT_EQ(tagged.size(), searchThreads(url, {{"conformance_run", runId}}).size());

  auto cleaned = reliability::runProcess(
      {WC_BINARY, "run", "--quiet", "--cleanup", "--target", url, "--filter", "token,concurrency,delivery.threads-runs-crons",
       "--report-dir", dir},
      120s);
  ASSERT_EQ(0, cleaned.exitCode) << cleaned.err;
  const auto second = readJson(dir + "/report.json");
  const auto secondId = second.value("conformance_run", std::string());
  EXPECT_EQ(nlohmann::json::array(), searchThreads(url, {{"conformance_run", secondId}}));
  EXPECT_GT(second["cleanup"]["threads_deleted"].get<size_t>(), 10u) << second["cleanup"].dump();
  httplib::Client client(url);
  auto crons = client.Post("/runs/crons/search", "{}", "application/json");
  ASSERT_TRUE(crons) << httplib::to_string(crons.error());
  EXPECT_EQ("[]", crons->body);

  auto rest = reliability::runProcess({WC_BINARY, "cleanup", "--target", url}, 60s);
  EXPECT_EQ(0, rest.exitCode) << rest.err;
  EXPECT_EQ(nlohmann::json::array(), searchThreads(url, {{"created_by", "webhook-conformance"}}));
}

TEST(RunPlan, SaidBeforeTheFirstCaseAndDryRunCreatesNothing) {
  reliability::ServeReferenceProcess reference;
  const auto url = reference.awaitUrl(10s);
  ASSERT_FALSE(url.empty()) << reference.err();
  auto dry = reliability::runProcess({WC_BINARY, "run", "--dry-run", "--target", url}, 30s);
  EXPECT_EQ(0, dry.exitCode) << dry.err;
  EXPECT_NE(std::string::npos, dry.out.find("plan: ")) << dry.out;
  EXPECT_NE(std::string::npos, dry.out.find(" cases to run, ")) << dry.out;
  EXPECT_NE(std::string::npos, dry.out.find("ends within ")) << dry.out;
  EXPECT_EQ(nlohmann::json::array(), searchThreads(url, nlohmann::json::object()))
      << "--dry-run created threads";

  const auto dir = freshDir("plan");
  auto run = reliability::runProcess({WC_BINARY, "run", "--target", url, "--filter", "token", "--report-dir", dir}, 60s);
  EXPECT_EQ(0, run.exitCode) << run.err;
  const auto plan = run.err.find("plan: creates at most ");
  const auto firstCase = run.err.find("token.");
  ASSERT_NE(std::string::npos, plan) << run.err;
  EXPECT_LT(plan, firstCase) << "the plan must come before the first case:\n" << run.err;
  const auto report = readJson(dir + "/report.json");
  ASSERT_TRUE(report["plan"].is_object()) << report.dump().substr(0, 300);
  size_t runs = 0;
  for (const auto& c : report["cases"]) runs += c["created"]["runs"].get<size_t>();
  EXPECT_LE(runs, report["plan"]["runs"].get<size_t>());
  EXPECT_GE(report["health_runs"].get<size_t>(), 1u) << "the sentinel's runs are counted";
  EXPECT_LE(report["health_runs"].get<size_t>(), report["plan"]["health_runs"].get<size_t>());
}

// What a case creates is planned by its row (CaseRow::creates, else its endpoint's one run): a
// case that starts creating more fails here, not on a user's bill.
TEST(RunPlan, NoCaseCreatesMoreThanItsRowPlans) {
  const auto dir = freshDir("costs");
  auto run = reliability::runProcess({WC_BINARY, "run", "--quiet", "--report-dir", dir}, 120s);
  ASSERT_EQ(0, run.exitCode) << run.err;
  const auto report = readJson(dir + "/report.json");  // kept: a range-for over a temporary's member dangles
  for (const auto& c : report["cases"]) {
    const auto* def = allCases().find(c["id"].get<std::string>());
    ASSERT_NE(nullptr, def) << c["id"];
    const auto planned = plannedCreations(def->info);
    const auto& created = c["created"];
    EXPECT_LE(created["runs"].get<size_t>(), planned.runs) << c["id"];
    EXPECT_LE(created["threads"].get<size_t>(), planned.threads) << c["id"];
    EXPECT_LE(created["crons"].get<size_t>(), planned.crons) << c["id"];
  }
}

}  // namespace
}  // namespace wc
