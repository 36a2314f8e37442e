// What `run` hands a CI system besides the reports: GitHub annotations (grouped by cause, within
// GitHub's 10 errors and 10 warnings per step), the case list of --rerun-failed (read from an
// untrusted report.json) and reference.log.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/annotations.h"
#include "session/reference_log.h"
#include "session/rerun_failed.h"
#include "console_output_support.h"

namespace wc {
namespace {

namespace fs = std::filesystem;
using namespace testing_support;

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
  addCase(report, "delivery.a", Level::Must, Verdict::Fail, "lost\n::error::forged");
  addCase(report, "failure.b", Level::Should, Verdict::Warn, "not retried");
  addCase(report, "token.c", Level::Must, Verdict::Pass, "fine");
  report.redactor.addSecret("s3cret-token");
  addCase(report, "headers.d", Level::Must, Verdict::Error,
          "sent s3cret-token " + std::string(5000, 'x'));
  std::ostringstream out;
  printAnnotations(JudgedRun(report), "reports", out);
  const auto lines = linesOf(out.str());
  ASSERT_EQ(4u, lines.size()) << out.str();
  EXPECT_EQ("::error title=delivery.a (MUST%2C fail)::lost%0A::error::forged", lines[0]);
  EXPECT_EQ(0u, lines[1].rfind("::error title=headers.d (MUST%2C error)::", 0)) << lines[1];
  EXPECT_EQ(std::string::npos, lines[1].find("s3cret-token"));
  EXPECT_LT(lines[1].size(), 2200u);  // bounded
  EXPECT_EQ(0u, lines[2].rfind("::warning title=failure.b (SHOULD%2C warn)::not retried", 0))
      << lines[2];
  EXPECT_EQ("::notice title=webhook-conformance report::2 cases break the gate (2 causes), 1 case "
            "warns (1 cause). Every case with its evidence: reports/report.html",
            lines[3]);

  std::ostringstream clean;
  RunReport passing;
  addCase(passing, "token.c", Level::Must, Verdict::Pass, "fine");
  printAnnotations(JudgedRun(passing), "reports", clean);
  EXPECT_EQ("", clean.str()) << "a clean run annotates nothing";
}

TEST(Annotations, FiftyFiveFailuresOfOneCauseAreOneErrorAfterTheDiagnosis) {
  auto report = silentTargetRun();
  std::ostringstream out;
  printAnnotations(JudgedRun(report), "reports", out);
  const auto lines = linesOf(out.str());
  ASSERT_EQ(3u, lines.size()) << out.str();
  EXPECT_EQ(0u, lines[0].rfind("::error title=webhook-conformance diagnosis::no webhook", 0))
      << "the cause first, as an error: " << lines[0];
  EXPECT_EQ(0u, lines[1].rfind("::error title=delivery.case-0 and 54 more cases (MUST%2C fail)::"
                               "no webhook within 5000 ms for run " + runUuid(0) + "%0A55 cases "
                               "alike (URLs, ids, numbers and quoted values aside): "
                               "delivery.case-0, delivery.case-1, delivery.case-2, "
                               "delivery.case-3, delivery.case-4 and 50 more", 0))
      << lines[1];
  EXPECT_EQ(0u, lines[2].rfind("::notice ", 0)) << lines[2];
  EXPECT_NE(std::string::npos, lines[2].find("reports/report.html")) << lines[2];
}

TEST(Annotations, AtMostTenErrorsAndTenWarningsThenANoticeForTheRest) {
  auto report = silentTargetRun();
  for (int i = 0; i < 12; ++i)  // twelve more causes of failure, fourteen of warning
    addCase(report, "payload.f" + std::to_string(i), Level::Must, Verdict::Fail,
            "cause " + std::string(1, static_cast<char>('a' + i)) + " broke");
  for (int i = 0; i < 14; ++i)
    addCase(report, "failure.w" + std::to_string(i), Level::Should, Verdict::Warn,
            "warning " + std::string(1, static_cast<char>('a' + i)));
  std::ostringstream out;
  printAnnotations(JudgedRun(report), "out/dir", out);
  const auto lines = linesOf(out.str());
  EXPECT_EQ(10u, countStartingWith(lines, "::error ")) << out.str();
  EXPECT_EQ(10u, countStartingWith(lines, "::warning ")) << out.str();
  EXPECT_EQ(0u, lines[0].rfind("::error title=webhook-conformance diagnosis::", 0)) << lines[0];
  EXPECT_EQ(0u, lines[1].rfind("::error title=delivery.case-0 and 54 more", 0)) << lines[1];
  ASSERT_EQ(21u, lines.size()) << out.str();
  EXPECT_EQ("::notice title=webhook-conformance report::67 cases break the gate (13 causes), 14 "
            "cases warn (14 causes). Not annotated, as GitHub shows 10 errors and 10 warnings per "
            "step: 8 causes of 8 cases. Every case with its evidence: out/dir/report.html",
            lines[20]);
}

TEST(Annotations, OnAPassingRunADiagnosisIsAWarning) {
  RunReport report;
  report.diagnoses.push_back("the target has no GET /ok");
  addCase(report, "token.c", Level::Must, Verdict::Pass, "fine");
  std::ostringstream out;
  printAnnotations(JudgedRun(report), "reports", out);
  const auto lines = linesOf(out.str());
  ASSERT_EQ(2u, lines.size()) << out.str();
  EXPECT_EQ("::warning title=webhook-conformance diagnosis::the target has no GET /ok", lines[0]);
}

TEST(Annotations, TextFromTheTargetNeverStartsALine) {
  RunReport report;
  report.diagnoses.push_back("diag\n::error::forged diagnosis");
  addCase(report, "delivery.a", Level::Must, Verdict::Fail, "lost\r\n::error::forged");
  addCase(report, "delivery.b", Level::Must, Verdict::Fail, "lost\r\n::error::forged");
  addCase(report, "failure.c", Level::Should, Verdict::Warn, "\n  ::warning::forged");
  std::ostringstream out;
  printAnnotations(JudgedRun(report), "reports", out);
  const auto lines = linesOf(out.str());
  // Only the tool's own commands start a line: the diagnosis, one group, a warning, the notice.
  ASSERT_EQ(4u, lines.size()) << out.str();
  const char* starts[] = {"::error title=webhook-conformance diagnosis::diag%0A::error::forged",
                          "::error title=delivery.a and 1 more case (MUST%2C fail)::lost%0D%0A",
                          "::warning title=failure.c (SHOULD%2C warn)::%0A  ::warning::forged",
                          "::notice title=webhook-conformance report::"};
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(0u, lines[i].rfind(starts[i], 0)) << lines[i];
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
