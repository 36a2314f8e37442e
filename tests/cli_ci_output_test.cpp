// What `run` hands a CI system besides the reports: GitHub annotations, the case list of
// --rerun-failed (read from an untrusted report.json) and reference.log.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/annotations.h"
#include "cli/reference_log.h"
#include "cli/rerun_failed.h"

namespace wc {
namespace {

namespace fs = std::filesystem;

std::string scratch(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("wc-ci-output-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return (dir / name).string();
}

TEST(Annotations, AMessageFromTheTargetCannotEndTheCommandOrStartAnother) {
  EXPECT_EQ("a%25b%0D%0A::error::x", escapeWorkflowData("a%b\r\n::error::x"));
  EXPECT_EQ("id%3A x%2C y%0A", escapeWorkflowProperty("id: x, y\n"));
  AnnotationStyle style;
  EXPECT_TRUE(parseAnnotationStyle("auto", true, &style));
  EXPECT_EQ(AnnotationStyle::Github, style);
  EXPECT_TRUE(parseAnnotationStyle("auto", false, &style));
  EXPECT_EQ(AnnotationStyle::None, style);
  EXPECT_FALSE(parseAnnotationStyle("gitlab", true, &style));
}

TEST(Annotations, FailuresAreErrorsWarningsAreWarningsPassesAreSilent) {
  RunReport report;
  auto add = [&](const char* id, Level level, Verdict verdict, std::string message) {
    CaseResult r;
    r.info.id = id;
    r.info.level = level;
    r.verdict = verdict;
    r.message = std::move(message);
    report.results.push_back(r);
  };
  add("delivery.a", Level::Must, Verdict::Fail, "lost\n::error::forged");
  add("failure.b", Level::Should, Verdict::Warn, "not retried");
  add("token.c", Level::Must, Verdict::Pass, "fine");
  report.redactor.addSecret("s3cret-token");
  add("headers.d", Level::Must, Verdict::Error, "sent s3cret-token " + std::string(5000, 'x'));
  std::ostringstream out;
  printAnnotations(JudgedRun(report), out);
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(3u, lines.size()) << out.str();
  EXPECT_EQ("::error title=delivery.a (MUST%2C fail)::lost%0A::error::forged", lines[0]);
  EXPECT_EQ(0u, lines[1].rfind("::warning title=failure.b (SHOULD%2C warn)::", 0)) << lines[1];
  EXPECT_EQ(0u, lines[2].rfind("::error title=headers.d", 0)) << lines[2];
  EXPECT_EQ(std::string::npos, lines[2].find("s3cret-token"));
  EXPECT_LT(lines[2].size(), 2200u);  // bounded
}

TEST(RerunFailed, TheCasesThatNeedAttentionAndOneClearErrorForAnythingElse) {
  const auto path = scratch("report.json");
  std::ofstream(path) << R"({"cases": [
      {"id": "delivery.a", "outcome": "fail"}, {"id": "token.b", "outcome": "pass"},
      {"id": "failure.c", "outcome": "error"}, {"id": "payload.d", "outcome": "stale"},
      {"id": "headers.e", "outcome": "interrupted"}, {"id": "delivery.a", "outcome": "fail"},
      {"id": "failure.f", "outcome": "expected-failure"}, {"id": "token.g", "outcome": "warn"}]})";
  std::vector<std::string> ids;
  std::string error;
  ASSERT_TRUE(casesToRerun(path, &ids, &error)) << error;
  EXPECT_EQ((std::vector<std::string>{"delivery.a", "failure.c", "payload.d", "headers.e"}), ids);

  for (const char* bad : {"", "[1,", "[]", R"({"cases": {}})", R"({"cases": [3]})",
                          R"({"cases": [{"id": 1, "outcome": "fail"}]})",
                          R"({"cases": [{"id": "*", "outcome": "fail"}]})",
                          R"({"cases": [{"id": "a,b", "outcome": "fail"}]})"}) {
    std::ofstream(path) << bad;
    std::vector<std::string> none;
    error.clear();
    EXPECT_FALSE(casesToRerun(path, &none, &error)) << bad;
    EXPECT_NE(std::string::npos, error.find("--rerun-failed")) << error;
  }
  error.clear();
  EXPECT_FALSE(casesToRerun(scratch("missing.json"), &ids, &error));
  EXPECT_NE(std::string::npos, error.find("run once with this --report-dir first")) << error;
}

TEST(ReferenceLog, CreatedWithItsFirstLineWrittenFromManyThreadsAndMentionedOnce) {
  const auto path = scratch("reference.log");
  fs::remove(path);
  {
    ReferenceLog quiet(path);
    EXPECT_EQ("", quiet.mention());
  }
  EXPECT_FALSE(fs::exists(path));  // nothing logged, no file
  ReferenceLog log(path);
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&log, t] {
      for (int i = 0; i < 100; ++i) log.write("reference: line " + std::to_string(t));
    });
  for (auto& w : writers) w.join();
  EXPECT_EQ(400u, log.lines());
  std::ifstream in(path);
  size_t lines = 0;
  for (std::string line; std::getline(in, line); ++lines)
    EXPECT_EQ(0u, line.rfind("reference: line ", 0)) << line;  // never interleaved
  EXPECT_EQ(400u, lines);
  EXPECT_EQ("the embedded reference logged 400 line(s) to " + path, log.mention());
}

}  // namespace
}  // namespace wc
