// The four report writers on a synthetic run with one case per outcome.
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <fstream>
#include <set>

#include "report/html_report.h"
#include "report/json_report.h"
#include "report/markdown_summary.h"
#include "cli/run_command.h"
#include "report/write_reports.h"
#include "report_fixture.h"
#include "schema/payload_validator.h"

namespace wc {
namespace {

using namespace testing_support;

class ReportWritersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = freshDir("wc-reports");
    std::string error;
    ASSERT_TRUE(writeAllReports(report_, {dir_.string(), ""}, &error)) << error;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  RunReport report_ = sampleReport();
  std::filesystem::path dir_;
};

TEST_F(ReportWritersTest, WritesAllFourFiles) {
  for (const char* name : {"junit.xml", "report.json", "report.html", "summary.md"})
    EXPECT_TRUE(std::filesystem::exists(dir_ / name)) << name;
}

TEST_F(ReportWritersTest, JunitHasOneSuitePerAreaAndConsumerSafeTestcases) {
  pugi::xml_document doc;
  auto loaded = doc.load_file((dir_ / "junit.xml").c_str());
  ASSERT_TRUE(loaded) << loaded.description();
  std::vector<std::string> suites;
  for (auto s : doc.child("testsuites").children("testsuite")) suites.push_back(s.attribute("name").value());
  EXPECT_EQ(suites, (std::vector<std::string>{"delivery", "payload", "token"}));
  // The JUnit XSD (Jenkins xUnit, pytest xunit2) allows only these inside <testcase>.
  const std::set<std::string> allowed = {"skipped", "error", "failure", "system-out", "system-err"};
  std::map<std::string, pugi::xml_node> cases;
  for (auto s : doc.child("testsuites").children("testsuite"))
    for (auto tc : s.children("testcase")) {
      cases[tc.attribute("name").value()] = tc;
      for (auto child : tc.children()) EXPECT_TRUE(allowed.count(child.name())) << child.name();
      EXPECT_LE(std::distance(tc.children("failure").begin(), tc.children("failure").end()), 1);
    }
  ASSERT_EQ(cases.size(), 7u);
  auto failure = cases["payload.broken"].child("failure");
  ASSERT_TRUE(failure);
  EXPECT_STREQ(failure.attribute("message").value(), "the body does not match the Run schema");
  std::string evidence = failure.text().get();
  EXPECT_NE(evidence.find("schema: /status: value not in enum"), std::string::npos) << evidence;
  EXPECT_NE(evidence.find("captured: POST /hook/payload-1-abc?token=t0k%2Ben"), std::string::npos);
  // The reason is the text of <skipped>: the junit-4 XSD allows it no attributes.
  EXPECT_STREQ(cases["token.skipped"].child("skipped").text().get(),
               "needs the deployment's langgraph.json");
  EXPECT_TRUE(cases["delivery.erred"].child("error"));
  EXPECT_FALSE(cases["token.should"].child("failure")) << "warn fails only under --strict";
  // ...but it is visible: a skipped testcase whose text and output say WARN (SHOULD).
  EXPECT_STREQ(cases["token.should"].child("skipped").text().get(),
               "WARN (SHOULD): Retry-After not honoured");
  EXPECT_EQ(std::string(cases["token.should"].child("system-out").text().get())
                .rfind("WARN (SHOULD): Retry-After not honoured\n", 0), 0u);
  // Expected failure -> skipped with the reason; stale -> failure naming the entry.
  std::string xfail = cases["payload.known"].child("skipped").text().get();
  EXPECT_NE(xfail.find("upstream bug #1"), std::string::npos) << xfail;
  std::string stale = cases["token.fixed"].child("failure").attribute("message").value();
  EXPECT_NE(stale.find("stale expected failure: token.fixed"), std::string::npos) << stale;
  EXPECT_NE(stale.find("expected.yaml"), std::string::npos) << stale;
  // Per-case id, level and source ride in the suite's properties and each case's output.
  auto payload = doc.child("testsuites").find_child_by_attribute("testsuite", "name", "payload");
  EXPECT_TRUE(payload.child("properties").find_child_by_attribute("property", "name", "payload.broken.level"));
  std::string out = cases["delivery.ok"].child("system-out").text().get();
  EXPECT_NE(out.find("id: delivery.ok\nlevel: MUST"), std::string::npos) << out;
  EXPECT_STREQ(doc.child("testsuites").attribute("failures").value(), "2");  // broken + stale
}

TEST_F(ReportWritersTest, JsonReportMatchesTheDocumentedSchema) {
  std::ifstream in(std::string(WC_REPORT_SCHEMA));
  ASSERT_TRUE(in) << WC_REPORT_SCHEMA;
  SchemaValidator schema(nlohmann::json::parse(in));
  auto report = nlohmann::json::parse(readFile(dir_ / "report.json"));
  auto errors = schema.validate(report);
  EXPECT_TRUE(errors.empty()) << formatSchemaErrors(errors);
  EXPECT_EQ(report["summary"]["gate"], "fail");
  EXPECT_EQ(report["summary"]["expected_failure"], 1);
  EXPECT_EQ(report["summary"]["stale"], 1);
  EXPECT_EQ(report["target"]["version"], "0.4.1");
  EXPECT_TRUE(report["interrupted"].is_null()) << "the run was not interrupted";
  EXPECT_TRUE(report["error"].is_null()) << "the target was reached";
  EXPECT_EQ(report["summary"]["interrupted"], 0);
  const auto& broken = report["cases"][1];
  EXPECT_EQ(broken["id"], "payload.broken");
  EXPECT_EQ(broken["evidence"]["schema_errors"][0]["pointer"], "/status");
  EXPECT_EQ(broken["evidence"]["requests"][0]["headers"][0]["name"], "Content-Type");
  EXPECT_EQ(report["cases"][5]["outcome"], "expected-failure");
  EXPECT_EQ(report["cases"][6]["expected_failure"]["status"], "stale");

  // The schema can fail: a verdict outside the six, a case without an id.
  auto bad = report;
  bad["cases"][0]["verdict"] = "passed";
  EXPECT_FALSE(schema.validate(bad).empty());
  bad = report;
  bad["cases"][0].erase("id");
  EXPECT_FALSE(schema.validate(bad).empty());
  bad = report;
  bad["cases"][0]["outcome"] = "expected_failure";
  EXPECT_FALSE(schema.validate(bad).empty());
}

TEST_F(ReportWritersTest, HtmlIsSelfContainedAndShowsEveryCase) {
  auto html = readFile(dir_ / "report.html");
  for (const auto& r : report_.results)
    EXPECT_NE(html.find("data-case-id=\"" + r.info.id + "\""), std::string::npos) << r.info.id;
  for (const char* external : {"<script", "<link", "src=", "@import", "url("})
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  EXPECT_NE(html.find("id=\"matrix\""), std::string::npos);
  EXPECT_NE(html.find("GATE FAILED"), std::string::npos);
  // Pretty-printed body with the schema errors marked on their lines; markup in text escaped.
  EXPECT_NE(html.find("<mark class=\"schema-error\" title=\"/status: value not in enum\">  &quot;status&quot;: &quot;running&quot;</mark>"),
            std::string::npos);
  EXPECT_NE(html.find("got &quot;running&quot; &lt;b&gt;"), std::string::npos);
  // Each case's evidence grade, and what would settle an assumed one.
  EXPECT_NE(html.find("SHOULD &middot; assumed &middot;"), std::string::npos);
  EXPECT_NE(html.find("would be settled by: a measurement on a real server"), std::string::npos);
}

TEST(HtmlReport, LinesForPointerFollowsNestedKeys) {
  nlohmann::json body = {{"a", 1}, {"kwargs", {{"input", {{"x", 1}}}, {"webhook", "u"}}}, {"z", {{"input", 2}}}};
  auto pretty = body.dump(2);
  auto lineOf = [&](const std::string& pointer) {
    auto lines = linesForPointer(pretty, pointer);
    return lines.empty() ? std::string("none") : std::to_string(lines[0]);
  };
  // {, "a": 1, "kwargs": {, "input": {, "x": 1, }, "webhook": "u", }, "z": {, "input": 2 ...
  EXPECT_EQ(lineOf("/a"), "1");
  EXPECT_EQ(lineOf("/kwargs"), "2");
  EXPECT_EQ(lineOf("/kwargs/webhook"), "6");
  EXPECT_EQ(lineOf("/z/input"), "9");
  EXPECT_EQ(lineOf("/kwargs/missing"), "2") << "the deepest existing key";
  EXPECT_EQ(lineOf(""), "none");
}

TEST_F(ReportWritersTest, MarkdownSummaryIsATableOfWhatNeedsAttention) {
  auto md = readFile(dir_ / "summary.md");
  EXPECT_NE(md.find("❌ not conformant"), std::string::npos) << md;
  EXPECT_NE(md.find("| pass | fail | warn |"), std::string::npos);
  EXPECT_NE(md.find("`payload.broken`"), std::string::npos);
  EXPECT_NE(md.find("`token.fixed`"), std::string::npos);
  EXPECT_NE(md.find("expected-failure | `payload.known`"), std::string::npos) << md;
  EXPECT_EQ(md.find("`delivery.ok` |"), std::string::npos) << "passing cases stay out";
  EXPECT_NE(md.find("ignored: `target_version 0.3.*"), std::string::npos) << md;
  // A capped table says how many rows it left out.
  auto capped = renderMarkdownSummary(report_, 2);
  EXPECT_NE(capped.find("more in [report.html][wc-report-html]."), std::string::npos) << capped;
  EXPECT_NE(md.find("Every case with its evidence: [report.html][wc-report-html]."),
            std::string::npos);
  EXPECT_NE(md.find("\n[wc-report-html]: report.html\n"), std::string::npos)
      << "a relative link: summary.md lives beside report.html";
}

TEST(MarkdownSummary, CellsCannotBreakTheTable) {
  auto report = sampleReport();
  report.results[1].message = "a | b\nc <script>";
  auto md = renderMarkdownSummary(report);
  // One line, the pipe escaped, the markup shown as code (inert, and not double-escaped).
  EXPECT_NE(md.find("| `a \\| b c <script>` |"), std::string::npos) << md;
}

}  // namespace
}  // namespace wc

namespace wc {
namespace {

// A real run (embedded reference with a fault, so evidence and schema errors are present) writes
// a report.json that matches the documented schema too.
TEST(ReportJsonSchema, RealRunMatchesTheDocumentedSchema) {
  auto dir = testing_support::freshDir("wc-real-run");
  SessionOptions options;
  options.filters = {"payload"};
  options.referenceFault = "schema-break";
  options.reportDir = dir.string();
  options.quiet = true;
  EXPECT_EQ(runCommand(options), 1);
  std::ifstream in(std::string(WC_REPORT_SCHEMA));
  SchemaValidator schema(nlohmann::json::parse(in));
  auto report = nlohmann::json::parse(testing_support::readFile(dir / "report.json"));
  auto errors = schema.validate(report);
  EXPECT_TRUE(errors.empty()) << formatSchemaErrors(errors);
  bool sawSchemaError = false;
  for (const auto& c : report["cases"]) sawSchemaError |= !c["evidence"]["schema_errors"].empty();
  EXPECT_TRUE(sawSchemaError) << "schema-break should leave schema errors as evidence";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace wc
