// Every report tells the run's outcome: interrupted runs are counted and fail the gate;
// a run that never reached its target (exit 3) still leaves a junit.xml and a valid report.json.
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <filesystem>
#include <sstream>

#include "report/json_report.h"
#include "report/markdown_summary.h"
#include "report/write_reports.h"
#include "report_files_support.h"
#include "report_fixture.h"

namespace wc {
namespace {

using namespace testing_support;

// ---- interrupted --------------------------------------------------------------------------

RunReport interruptedReport() {
  auto report = sampleReport();
  report.expectedFailuresFile.clear();
  report.expectedFailures.clear();
  report.ignoredExpectedFailures.clear();
  for (auto& r : report.results) {
    r.verdict = Verdict::Pass;
    r.message.clear();
  }
  report.results[1].verdict = Verdict::Interrupted;
  report.results[1].message = "stopped after 3.1 s waiting for the webhook";
  report.results[2].verdict = Verdict::Interrupted;
  report.expectedFailures["token.skipped"] = {"token.skipped", "listed", ""};
  report.expectedFailuresFile = "expected.yaml";
  report.interruption = "SIGTERM received after 3.2 s: 2 cases unfinished";
  return report;
}

TEST(ReliabilityOutcomes, InterruptedCasesAreCountedAndBreakTheGate) {
  auto report = interruptedReport();
  auto counts = countVerdicts(report.results);
  EXPECT_EQ(counts.interrupted, 2u);
  EXPECT_EQ(counts.pass, 5u);
  for (size_t i : {1u, 2u}) {  // listed in expected failures or not: interrupted, breaking
    auto o = outcomeOf(report, report.results[i]);
    EXPECT_EQ(o.outcome, Outcome::Interrupted) << report.results[i].info.id;
    EXPECT_TRUE(o.breaksGate) << report.results[i].info.id;
  }
  auto gate = summarize(report);
  EXPECT_EQ(gate.breaking, 2u);
  EXPECT_EQ(gate.expectedFailures, 0u);
  EXPECT_FALSE(gate.passed());
  // Every verdict maps onto the outcome of the same name (no cast between the enums).
  for (auto v : {Verdict::Pass, Verdict::Fail, Verdict::Warn, Verdict::Info, Verdict::Skip,
                 Verdict::Error, Verdict::Interrupted})
    EXPECT_STREQ(toString(outcomeOf(v)), toString(v));
  // An interrupted run fails even when every case that ended passed.
  auto allPassed = sampleReport();
  allPassed.expectedFailures.clear();
  for (auto& r : allPassed.results) r.verdict = Verdict::Pass;
  EXPECT_TRUE(summarize(allPassed).passed());
  allPassed.interruption = "SIGINT received after 0.4 s: 0 cases unfinished";
  EXPECT_FALSE(summarize(allPassed).passed());
}

TEST(ReliabilityOutcomes, InterruptedRunInEveryReport) {
  auto report = interruptedReport();
  ReportFiles files("wc-rel-interrupted");
  std::string error;
  ASSERT_TRUE(writeAllReports(report, files.paths(), &error)) << error;

  auto json = nlohmann::json::parse(files.read("report.json"));
  auto errors = reportSchema().validate(json);
  EXPECT_TRUE(errors.empty()) << formatSchemaErrors(errors);
  EXPECT_EQ(json["interrupted"]["reason"], report.interruption);
  EXPECT_EQ(json["summary"]["interrupted"], 2);
  EXPECT_EQ(json["summary"]["gate"], "fail");
  EXPECT_EQ(json["cases"][1]["verdict"], "interrupted");
  EXPECT_EQ(json["cases"][2]["outcome"], "interrupted");
  auto bad = json;
  bad["interrupted"] = {{"reason", ""}};
  EXPECT_FALSE(reportSchema().validate(bad).empty()) << "the schema can fail";

  pugi::xml_document doc;
  auto loaded = doc.load_file((files.dir() / "junit.xml").c_str());
  ASSERT_TRUE(loaded) << loaded.description();
  EXPECT_STREQ(doc.child("testsuites").attribute("errors").value(), "2");
  auto tc = doc.select_node("//testcase[@name='payload.broken']").node();
  ASSERT_TRUE(tc);
  EXPECT_STREQ(tc.child("error").attribute("message").value(),
               "interrupted: stopped after 3.1 s waiting for the webhook");
  EXPECT_STREQ(tc.child("error").attribute("type").value(), "interrupted");

  auto html = files.read("report.html");
  EXPECT_NE(html.find("id=\"interrupted\""), std::string::npos);
  EXPECT_LT(html.find(report.interruption), html.find("<main>")) << "shown at the top";
  EXPECT_NE(html.find("data-outcome=\"interrupted\""), std::string::npos);
  EXPECT_NE(html.find("data-count=\"interrupted\">2<"), std::string::npos);

  auto md = files.read("summary.md");
  EXPECT_LT(md.find(report.interruption), md.find("| pass |")) << md;
  EXPECT_NE(md.find("| interrupted |"), std::string::npos) << md;
  EXPECT_NE(md.find("interrupted | `payload.broken`"), std::string::npos) << md;
}

// ---- exit 3: the target was never reached -----------------------------------------------------

TEST(ReliabilityOutcomes, UnreachableTargetStillLeavesReports) {
  UnreachableReport u;
  u.toolVersion = "9.9.9";
  u.startedAt = std::chrono::system_clock::now();
  u.duration = std::chrono::milliseconds(5012);
  u.profile.baseUrl = "http://ops:CANARY-unreach-pw@127.0.0.1:9";
  u.configuration = {{"jobs", 32}, {"target", u.profile.baseUrl}};
  u.message =
      "cannot reach " + u.profile.baseUrl + "/info: Connection refused \x1b[31m(check --target)";
  u.redactor.addSecretsFromUrl(u.profile.baseUrl);

  ReportFiles files("wc-rel-unreachable");
  std::string error;
  ASSERT_TRUE(writeUnreachableReports(u, files.paths(), &error)) << error;
  for (const char* name : kReportFiles) {
    auto text = files.read(name);
    EXPECT_EQ(text.find("CANARY"), std::string::npos) << name << ": " << near(text, "CANARY");
    EXPECT_NE(text.find("Connection refused"), std::string::npos) << name;
  }
  pugi::xml_document doc;
  auto loaded = doc.load_file((files.dir() / "junit.xml").c_str());
  ASSERT_TRUE(loaded) << loaded.description();
  auto suites = doc.child("testsuites").children("testsuite");
  ASSERT_EQ(std::distance(suites.begin(), suites.end()), 1);
  auto suite = doc.child("testsuites").child("testsuite");
  auto cases = suite.children("testcase");
  ASSERT_EQ(std::distance(cases.begin(), cases.end()), 1);
  auto tc = suite.child("testcase");
  EXPECT_STREQ(tc.attribute("name").value(), "preflight.target-reachable");
  EXPECT_STREQ(tc.attribute("classname").value(), "webhook-conformance");  // as every case
  std::string message = tc.child("error").attribute("message").value();
  EXPECT_NE(message.find("Connection refused"), std::string::npos) << message;
  EXPECT_STREQ(doc.child("testsuites").attribute("errors").value(), "1");
  EXPECT_EQ(firstControl(files.read("junit.xml")), std::string::npos);

  auto json = nlohmann::json::parse(files.read("report.json"));
  auto errors = reportSchema().validate(json);
  EXPECT_TRUE(errors.empty()) << formatSchemaErrors(errors) << json.dump(2);
  EXPECT_EQ(json["error"]["exit_code"], 3);
  EXPECT_TRUE(json["cases"].empty());
  EXPECT_EQ(json["target"]["url"], "http://[redacted]@127.0.0.1:9");
  EXPECT_EQ(json["summary"]["gate"], "fail");
  // The schema can fail: an error with cases, or a normal run without any.
  auto bad = json;
  bad["cases"] = buildJsonReport(sampleReport())["cases"];
  EXPECT_FALSE(reportSchema().validate(bad).empty()) << "an error, yet cases";
  bad = json;
  bad["error"] = nullptr;
  EXPECT_FALSE(reportSchema().validate(bad).empty()) << "no error and no case";
  bad = json;
  bad["error"].erase("message");
  EXPECT_FALSE(reportSchema().validate(bad).empty()) << "an error without its message";
}

}  // namespace
}  // namespace wc
