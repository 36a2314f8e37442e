// --destructive against a target whose workers die: serve-reference
// --fault undeliverable-stalls-worker stalls one of its 10 workers per webhook that gets no HTTP
// answer, as LangGraph.js does. The destructive cases run after all the others, one at a time,
// so no other case's verdict differs from a run without --destructive; the health check after
// the resilience case names the stall; and a run against the stalled target ends every case as
// `error` within its bounded time instead of waiting out the timeouts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <thread>
#include <nlohmann/json.hpp>

#include "reliability_support.h"
#include "serve_reference_process.h"

namespace wc {
namespace {

using namespace std::chrono_literals;

std::string freshDir(const std::string& name) {
  auto dir = testing::TempDir() + "/wc-isolation-" + name + "-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  return dir;
}

nlohmann::json reportOf(const std::string& dir) {
  std::ifstream in(dir + "/report.json");
  return nlohmann::json::parse(in, nullptr, false);
}

std::map<std::string, std::string> verdicts(const nlohmann::json& report) {
  std::map<std::string, std::string> out;
  if (report.is_object() && report.contains("cases"))
    for (const auto& c : report["cases"]) out[c.value("id", "")] = c.value("verdict", "");
  return out;
}

// Without --destructive a destructive case skips, saying so.
bool destructive(const nlohmann::json& plainReport, const std::string& id) {
  for (const auto& c : plainReport["cases"])
    if (c.value("id", "") == id)
      return c.value("verdict", "") == "skip" &&
             c.value("message", "").find("destructive case") != std::string::npos;
  return false;
}

const char* const kFault = "undeliverable-stalls-worker";
const char* const kResilience = "resilience.undeliverable-webhooks-do-not-block";

reliability::ProcessResult runAgainst(const std::string& url, std::vector<std::string> extra,
                                      const std::string& dir) {
  std::vector<std::string> argv = {WC_BINARY, "run", "--quiet", "--target", url, "--report-dir", dir};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return reliability::runProcess(argv, 110s);
}

TEST(DestructiveIsolation, NoOtherVerdictChangesAndTheCheckAfterTheResilienceCaseNamesTheStall) {
  // One fresh server each: the run without --destructive costs its server a few workers too.
  reliability::ServeReferenceProcess plainServer({"--fault", kFault});
  reliability::ServeReferenceProcess destructiveServer({"--fault", kFault});
  // The listening line goes on with " (fault: ...)" after the URL.
  auto urlOf = [](std::string line) { return line.substr(0, line.find(' ')); };
  auto plainUrl = urlOf(plainServer.awaitUrl(10s));
  auto destructiveUrl = urlOf(destructiveServer.awaitUrl(10s));
  ASSERT_FALSE(plainUrl.empty()) << plainServer.err();
  ASSERT_FALSE(destructiveUrl.empty()) << destructiveServer.err();

  auto plainDir = freshDir("plain"), destructiveDir = freshDir("destructive");
  // Both runs at once: each has a server of its own, and the test stays well inside its timeout.
  reliability::ProcessResult plain;
  std::thread plainRun([&] { plain = runAgainst(plainUrl, {}, plainDir); });
  auto full = runAgainst(destructiveUrl, {"--destructive"}, destructiveDir);
  plainRun.join();
  ASSERT_FALSE(plain.timedOut) << plain.out << plain.err;
  auto plainReport = reportOf(plainDir);
  ASSERT_TRUE(plainReport.is_object()) << plain.out << plain.err;
  EXPECT_EQ(std::string::npos, plain.out.find("stopped completing runs"))
      << "the health check passes on the run without --destructive: " << plain.out;

  ASSERT_FALSE(full.timedOut) << full.out << full.err;
  EXPECT_EQ(1, full.exitCode) << full.out << full.err;
  auto fullReport = reportOf(destructiveDir);
  ASSERT_TRUE(fullReport.is_object()) << full.out << full.err;

  auto before = verdicts(plainReport), after = verdicts(fullReport);
  ASSERT_EQ(before.size(), after.size());
  for (const auto& [id, verdict] : before) {
    if (destructive(plainReport, id)) continue;
    EXPECT_EQ(verdict, after[id]) << id << " changed verdict under --destructive";
  }
  EXPECT_EQ("fail", after[kResilience]) << full.out;

  const std::string diagnoses = fullReport["diagnoses"].dump();
  EXPECT_NE(std::string::npos, diagnoses.find("stopped completing runs")) << diagnoses;
  EXPECT_NE(std::string::npos, diagnoses.find(std::string("after ") + kResilience)) << diagnoses;
  EXPECT_NE(std::string::npos, full.out.find("diagnosis: the target stopped completing runs"))
      << full.out;

  // The stalled server again: the check before the first case fails, every case errors at once.
  auto stalledDir = freshDir("stalled");
  auto stalled = runAgainst(destructiveUrl, {"--filter", "delivery,token", "--timeout-scale", "0.2"},
                            stalledDir);
  EXPECT_EQ(1, stalled.exitCode) << stalled.out << stalled.err;
  EXPECT_LT(stalled.took, 15s) << "the check's deadline is 15 s x 0.2: " << stalled.out;
  auto stalledReport = reportOf(stalledDir);
  ASSERT_TRUE(stalledReport.is_object()) << stalled.out << stalled.err;
  for (const auto& [id, verdict] : verdicts(stalledReport))
    EXPECT_TRUE(verdict == "error" || verdict == "skip") << id << ": " << verdict;
  EXPECT_EQ(0, stalledReport["summary"].value("pass", -1)) << stalledReport["summary"].dump();
  const std::string stalledDiagnoses = stalledReport["diagnoses"].dump();
  EXPECT_NE(std::string::npos, stalledDiagnoses.find("before the first case")) << stalledDiagnoses;
  EXPECT_TRUE(stalledReport["interrupted"].is_null()) << "a stall is not an interruption";
}

}  // namespace
}  // namespace wc
