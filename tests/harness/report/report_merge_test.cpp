// `merge` of conformance runs: report.json read back, the merge rules (shards, a skip
// in one run and a verdict in another, the same case on several targets), the merged gate, and
// hostile report.json files (each one clear error naming the file and the field, never a crash).
#include <gtest/gtest.h>

#include <fstream>

#include "report/json_report.h"
#include "report/report_merge.h"
#include "report/report_reader.h"
#include "report_fixture.h"
#include "schema/payload_validator.h"

namespace wc {
namespace {

using testing_support::result;
using testing_support::sampleReport;

// A run's report.json text, as `run` writes it.
std::string reportText(const RunReport& run) { return buildJsonReport(JudgedRun(run)).dump(2); }

RunReport runOf(const std::string& url, std::vector<CaseResult> results) {
  RunReport run;
  run.toolVersion = "9.9.9";
  run.profile.baseUrl = url;
  run.profile.assistantId = "echo";
  run.startedAt = std::chrono::system_clock::now();
  run.duration = std::chrono::milliseconds(100);
  run.results = std::move(results);
  return run;
}

ReadReport read(const RunReport& run, const std::string& name) {
  ReadReport out;
  std::string error;
  EXPECT_TRUE(parseReportJson(reportText(run), name, &out, &error)) << error;
  return out;
}

CaseResult caseWith(const std::string& id, Verdict verdict, const std::string& message = "") {
  return result(id, id.substr(0, id.find('.')), "", Level::Must, verdict, message);
}

MergedRuns merge(std::vector<RunReport> runs, bool strict = false) {
  std::vector<ReadReport> reads;
  std::vector<std::string> labels;
  for (size_t i = 0; i < runs.size(); ++i) {
    labels.push_back(std::string(1, static_cast<char>('A' + i)));
    reads.push_back(read(runs[i], labels.back() + "/report.json"));
  }
  return mergeRuns(std::move(reads), labels, strict, "1.0.0", nullptr);
}

TEST(ReportReader, ReadsBackWhatRunWrote) {
  auto run = sampleReport();
  run.results[0].instance = "default";
  run.instances.push_back({"default", "default.json", "http://127.0.0.1:9", 1});
  auto back = read(run, "r.json");
  ASSERT_EQ(back.run.results.size(), run.results.size());
  EXPECT_EQ(back.run.results[1].info.id, "payload.broken");
  EXPECT_EQ(back.run.results[1].verdict, Verdict::Fail);
  EXPECT_EQ(back.run.results[1].evidence.requests.size(), 2u);
  EXPECT_EQ(back.run.results[1].evidence.schemaErrors.size(), 2u);
  EXPECT_EQ(back.run.results[0].instance, "default");
  EXPECT_EQ(back.run.instances.at(0).configFile, "default.json");
  EXPECT_EQ(back.run.expectedFailures.count("payload.known"), 1u);
  EXPECT_EQ(back.run.profile.baseUrl, "http://127.0.0.1:1234");
  EXPECT_EQ(back.run.results[0].info.evidenceGrade, EvidenceGrade::Documented);
  EXPECT_EQ(back.run.results[3].info.evidenceGrade, EvidenceGrade::Assumed);
  EXPECT_EQ(back.run.results[3].info.settledBy, "a measurement on a real server");
  // Judged again, the gate is the one the run recorded.
  EXPECT_EQ(JudgedRun(back.run).gate.breaking, JudgedRun(run).gate.breaking);
}

TEST(ReportMerge, ShardsAreAUnionInCatalogueOrder) {
  std::vector<ReadReport> reads;
  reads.push_back(read(runOf("http://a", {caseWith("token.b", Verdict::Pass)}), "s1"));
  reads.push_back(read(runOf("http://a", {caseWith("delivery.a", Verdict::Pass)}), "s2"));
  auto rank = [](const std::string& id) -> size_t { return id == "delivery.a" ? 0 : 1; };
  auto m = mergeRuns(std::move(reads), {"s1", "s2"}, false, "1.0.0", rank);
  ASSERT_EQ(m.report.results.size(), 2u);
  EXPECT_EQ(m.report.results[0].info.id, "delivery.a");
  EXPECT_EQ(m.origins[0].run, 1u);
  EXPECT_EQ(m.origins[0].report, "s2");
  EXPECT_TRUE(JudgedRun(m.report).gate.passed());
}

TEST(ReportMerge, AVerdictInOneRunOutweighsASkipInAnother) {
  auto m = merge({runOf("http://a", {caseWith("delivery.ok", Verdict::Pass), caseWith("disable.x", Verdict::Skip)}),
                  runOf("http://b", {caseWith("delivery.ok", Verdict::Skip), caseWith("disable.x", Verdict::Fail)})});
  ASSERT_EQ(m.report.results.size(), 2u);
  EXPECT_EQ(m.report.results[0].verdict, Verdict::Pass);
  EXPECT_EQ(m.origins[0].target, "http://a");
  EXPECT_EQ(m.report.results[1].verdict, Verdict::Fail);
  EXPECT_EQ(m.origins[1].target, "http://b");
  EXPECT_EQ(m.report.results[1].instance, "B");
  EXPECT_FALSE(JudgedRun(m.report).gate.passed());
}

TEST(ReportMerge, SkippedEverywhereIsOneSkip) {
  auto m = merge({runOf("http://a", {caseWith("headers.x", Verdict::Skip, "needs config")}),
                  runOf("http://b", {caseWith("headers.x", Verdict::Skip, "other reason")})});
  ASSERT_EQ(m.report.results.size(), 1u);
  EXPECT_EQ(m.report.results[0].message, "needs config");
  EXPECT_EQ(m.origins[0].run, 0u);
}

TEST(ReportMerge, TheSameCaseOnSeveralTargetsIsKeptForEach) {
  auto a = runOf("http://a", {caseWith("delivery.ok", Verdict::Pass)});
  a.results[0].instance = "default";
  a.instances.push_back({"default", "default.json", "http://a:1", 1});
  auto m = merge({a, runOf("http://b", {caseWith("delivery.ok", Verdict::Fail, "no webhook")})});
  ASSERT_EQ(m.report.results.size(), 2u);
  EXPECT_EQ(m.report.results[0].instance, "A (default)");
  EXPECT_EQ(m.origins[0].target, "http://a:1");
  EXPECT_EQ(m.origins[0].instance, "default");
  EXPECT_EQ(m.report.results[1].instance, "B");
  ASSERT_EQ(m.report.instances.size(), 2u);
  EXPECT_EQ(m.report.instances[0].configFile, "default.json");
  EXPECT_EQ(m.report.profile.baseUrl, "http://a + http://b");
  EXPECT_EQ(JudgedRun(m.report).gate.breaking, 1u);
}

TEST(ReportMerge, StrictInAnyRunOrOnTheMergeFailsWarnings) {
  auto warn = runOf("http://a", {result("token.s", "token", "", Level::Should, Verdict::Warn, "late")});
  EXPECT_TRUE(JudgedRun(merge({warn}).report).gate.passed());
  EXPECT_FALSE(JudgedRun(merge({warn}, true).report).gate.passed());
  auto strict = runOf("http://b", {caseWith("delivery.ok", Verdict::Pass)});
  strict.strict = true;
  EXPECT_FALSE(JudgedRun(merge({warn, strict}).report).gate.passed());
}

TEST(ReportMerge, InterruptedOrUnreachableRunsFailTheMerge) {
  auto stopped = runOf("http://a", {caseWith("delivery.ok", Verdict::Pass)});
  stopped.interruption = "SIGTERM received";
  auto m = merge({stopped, runOf("http://b", {caseWith("token.ok", Verdict::Pass)})});
  EXPECT_EQ(m.report.interruption, "A: SIGTERM received");
  EXPECT_FALSE(JudgedRun(m.report).gate.passed());

  UnreachableReport u;
  u.profile.baseUrl = "http://down";
  u.message = "connection refused";
  ReadReport down;
  std::string error;
  ASSERT_TRUE(parseReportJson(buildUnreachableJsonReport(u).dump(), "D", &down, &error)) << error;
  EXPECT_EQ(down.errorExitCode, 3);
  std::vector<ReadReport> reads{read(runOf("http://a", {caseWith("delivery.ok", Verdict::Pass)}), "A"), down};
  auto m2 = mergeRuns(std::move(reads), {"A", "D"}, false, "1.0.0", nullptr);
  EXPECT_TRUE(m2.unreachable);
  EXPECT_EQ(m2.report.diagnoses.back(), "D: no case ran (exit 3): connection refused");
}

TEST(ReportMerge, ExpectedFailuresOfEveryRunApply) {
  auto a = runOf("http://a", {caseWith("payload.known", Verdict::Fail)});
  auto b = runOf("http://b", {caseWith("token.ok", Verdict::Pass)});
  b.expectedFailuresFile = "b.yaml";
  b.expectedFailures["payload.known"] = {"payload.known", "upstream bug", ""};
  auto judged = JudgedRun(merge({a, b}).report);
  EXPECT_TRUE(judged.gate.passed());
  EXPECT_EQ(judged.gate.expectedFailures, 1u);
  EXPECT_EQ(judged.report.expectedFailuresFile, "B: b.yaml");
}

TEST(ReportMerge, MergedReportJsonMatchesTheSchemaAndNamesOrigins) {
  auto m = merge({sampleReport(), runOf("http://b", {caseWith("disable.x", Verdict::Pass)})});
  JudgedRun judged(m.report);
  auto doc = mergedJsonReport(judged, m);
  std::ifstream in(std::string(WC_REPORT_SCHEMA));
  ASSERT_TRUE(in) << WC_REPORT_SCHEMA;
  SchemaValidator schema(nlohmann::json::parse(in));
  auto errors = schema.validate(doc);
  EXPECT_TRUE(errors.empty()) << formatSchemaErrors(errors);
  const auto& last = doc["cases"].back();
  EXPECT_EQ(last["origin"]["report"], "B/report.json");
  EXPECT_EQ(last["origin"]["target"], "http://b");
  ASSERT_EQ(doc["merged_from"].size(), 2u);
  EXPECT_EQ(doc["merged_from"][0]["gate"], "fail");
  EXPECT_EQ(doc["merged_from"][1]["cases_kept"], 1);
  // Each case keeps the evidence grade its run recorded.
  const nlohmann::json* should = nullptr;
  for (const auto& c : doc["cases"])
    if (c["id"] == "token.should") should = &c;
  ASSERT_TRUE(should);
  EXPECT_EQ((*should)["evidence_grade"], "assumed");
  EXPECT_EQ((*should)["settled_by"], "a measurement on a real server");
}

// A report written before grades existed merges with its cases ungraded (null), never guessed.
TEST(ReportReader, AReportWithoutGradesReadsAsUngraded) {
  auto doc = buildJsonReport(JudgedRun(sampleReport()));
  for (auto& c : doc["cases"]) {
    c.erase("evidence_grade");
    c.erase("settled_by");
  }
  ReadReport out;
  std::string error;
  ASSERT_TRUE(parseReportJson(doc.dump(), "old/report.json", &out, &error)) << error;
  EXPECT_FALSE(out.run.results[0].info.evidenceGrade);
  EXPECT_EQ(buildJsonReport(JudgedRun(out.run))["cases"][0]["evidence_grade"], nullptr);
}

// Each hostile file: rejected with its name and the field at fault.
TEST(ReportReader, HostileFilesAreOneClearError) {
  auto good = buildJsonReport(JudgedRun(sampleReport()));
  auto with = [&](const std::function<void(nlohmann::json&)>& change) {
    auto doc = good;
    change(doc);
    return doc.dump();
  };
  std::string deep(100000, '[');
  std::string hugeCases = R"({"schema_version":1,"tool":{"name":"webhook-conformance"},"target":{"url":"x"},"cases":[)";
  for (size_t i = 0; i <= kMaxReportCases; ++i) hugeCases += (i ? ",{}" : "{}");
  hugeCases += "]}";
  const std::vector<std::pair<std::string, std::string>> vectors = {
      {good.dump().substr(0, good.dump().size() / 2), "not JSON"},
      {"[]", "report: expected a JSON object"},
      {deep, "nested deeper"},
      {with([](auto& d) { d["schema_version"] = 2; }), "schema_version: 2: this webhook-conformance reads"},
      {with([](auto& d) { d.erase("target"); }), "report: missing \"target\""},
      {with([](auto& d) { d["cases"] = nlohmann::json::array({1}); }), "cases[0]: expected an object, got number"},
      {with([](auto& d) { d["cases"][0]["verdict"] = 7; }), "cases[0].verdict: expected a string"},
      {with([](auto& d) { d["cases"][0]["verdict"] = "maybe"; }), "cases[0].verdict: unknown verdict \"maybe\""},
      {with([](auto& d) { d["cases"][0]["level"] = "MAY"; }), "cases[0].level: unknown level"},
      {with([](auto& d) { d["cases"][0]["evidence_grade"] = "proven"; }),
       "cases[0].evidence_grade: unknown grade \"proven\""},
      {with([](auto& d) { d["cases"][1]["id"] = d["cases"][0]["id"]; }), "cases[1]: case \"delivery.ok\" appears twice"},
      {with([](auto& d) { d["cases"][0]["duration_ms"] = -5; }), "cases[0].duration_ms: expected a number"},
      {with([](auto& d) { d["cases"][0]["evidence"]["requests"] = "x"; }), "cases[0].evidence.requests: expected an array"},
      {with([](auto& d) { d["cases"][1]["evidence"]["requests"][0]["headers"][0] = 1; }),
       "cases[1].evidence.requests[0].headers[0]: expected an object"},
      {with([](auto& d) { d["summary"]["strict"] = "yes"; }), "summary.strict: expected a boolean"},
      {with([](auto& d) { d["error"] = {{"exit_code", 1e300}}; }), "error.exit_code: expected an exit code"},
      {with([](auto& d) { d["cases"] = nlohmann::json::array(); }), "cases: no cases"},
      {hugeCases, "cases: 10001 items, at most 10000"},
  };
  for (const auto& [text, expected] : vectors) {
    ReadReport out;
    std::string error;
    EXPECT_FALSE(parseReportJson(text, "in/report.json", &out, &error)) << expected;
    EXPECT_EQ(error.rfind("in/report.json: ", 0), 0u) << error;
    EXPECT_NE(error.find(expected), std::string::npos) << "expected '" << expected << "' in: " << error;
  }
  // Numbers past any real duration are clamped, not undefined behaviour.
  ReadReport out;
  std::string error;
  EXPECT_TRUE(parseReportJson(with([](auto& d) { d["cases"][0]["duration_ms"] = 1e300; }), "big", &out, &error)) << error;
}

TEST(ReportReader, AFileTooLargeOrMissingIsNamed) {
  ReadReport out;
  std::string error;
  EXPECT_FALSE(readReportJson("/nonexistent/report.json", &out, &error));
  EXPECT_NE(error.find("/nonexistent/report.json"), std::string::npos) << error;
}

}  // namespace
}  // namespace wc
