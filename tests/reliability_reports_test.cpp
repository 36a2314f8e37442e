// Reports are safe against the target (issue 10): secrets in URL userinfo and in deployment-only
// webhook headers never reach a report; control bytes and Markdown from the target stay inert;
// interrupted runs are counted and fail the gate; a run that never reached its target (exit 3)
// still leaves a junit.xml and a valid report.json. Each test plants a canary or a hostile
// string, writes all four reports, reads them back and searches them.
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/progress.h"
#include "cli/run_configuration.h"
#include "cli/launch/langgraph_js_versions.h"
#include "report/json_report.h"
#include "report/markdown_summary.h"
#include "report/text_safety.h"
#include "report/write_reports.h"
#include "report_fixture.h"
#include "schema/payload_validator.h"
#include "support/target_config.h"

namespace wc {
namespace {

using namespace testing_support;

const char* const kReportFiles[] = {"junit.xml", "report.json", "report.html", "summary.md"};

// The documented schema in the source tree. The reliability tests carry no compile-time path to
// it (and __FILE__ is relative under ccache), so it is found from the source directory the CLI
// library was built with: <source>/fixtures/langgraph-js -> <source>/docs.
const SchemaValidator& reportSchema() {
  static const SchemaValidator schema = [] {
    auto path = std::filesystem::path(defaultLangGraphJsDir()).parent_path().parent_path() /
                "docs" / "report.schema.json";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    return SchemaValidator(nlohmann::json::parse(in));
  }();
  return schema;
}

class ReportFiles {
 public:
  explicit ReportFiles(const std::string& name) : dir_(freshDir(name)) {}
  ~ReportFiles() { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir() const { return dir_; }
  ReportPaths paths() const { return {dir_.string(), ""}; }
  std::string read(const std::string& file) const { return readFile(dir_ / file); }

 private:
  std::filesystem::path dir_;
};

// Where `needle` occurs in `text`, with context, for a failure message.
std::string near(const std::string& text, const std::string& needle) {
  auto at = text.find(needle);
  if (at == std::string::npos) return "(absent)";
  auto from = at > 60 ? at - 60 : 0;
  return terminalSafe(text.substr(from, needle.size() + 120));
}

// The first raw control byte (C0 other than \n and \t, DEL) or C1 code point (U+0080..U+009F
// as UTF-8) in `text`; npos when there is none.
size_t firstControl(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return i;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F)
      return i;
  }
  return std::string::npos;
}

// Markdown with its code spans removed (CommonMark: a run of n backticks closes at the next run
// of exactly n): what a renderer would interpret rather than show.
std::string outsideCodeSpans(const std::string& md) {
  std::string out;
  size_t i = 0;
  while (i < md.size()) {
    if (md[i] != '`') {
      out += md[i++];
      continue;
    }
    size_t n = 0;
    while (i + n < md.size() && md[i + n] == '`') ++n;
    size_t close = std::string::npos;
    for (size_t j = i + n; j < md.size();) {
      if (md[j] != '`') {
        ++j;
        continue;
      }
      size_t m = 0;
      while (j + m < md.size() && md[j + m] == '`') ++m;
      if (m == n) {
        close = j;
        break;
      }
      j += m;
    }
    if (close == std::string::npos) {  // an unclosed run is literal text
      out.append(md, i, n);
      i += n;
    } else {
      out += ' ';
      i = close + n;
    }
  }
  return out;
}

// ---- URL userinfo -------------------------------------------------------------------------

TEST(ReliabilityReports, UserinfoOfTargetAndCallbackUrlsReachNoReport) {
  const std::string targetPw = "CANARY-target-pw-81", callbackPw = "CANARY-cb-pw-27";
  const std::string target = "http://CANARYuser:" + targetPw + "@127.0.0.1:2024";
  const std::string callback = "https://hooker:" + callbackPw + "@hooks.example:8443/in";
  auto report = sampleReport();
  // No secret registered: the userinfo pass of redact() alone must catch every URL.
  report.profile.baseUrl = target;
  report.configuration["target"] = target;
  report.configuration["callback_url"] = callback;
  auto& broken = report.results[1];
  broken.message = "the target refused webhook " + callback + "/x?token=1 (see " + target + ")";
  broken.evidence.failures.push_back("webhook=" + callback + "/y");
  broken.evidence.observations.push_back("<" + target + "/threads>");
  broken.evidence.requests[0].body = R"({"kwargs":{"webhook":")" + callback + R"(/z"}})";
  broken.evidence.requests[0].headers.emplace_back("Referer", target + "/runs");

  ReportFiles files("wc-rel-userinfo");
  std::string error;
  ASSERT_TRUE(writeAllReports(report, files.paths(), &error)) << error;
  for (const char* name : kReportFiles) {
    auto text = files.read(name);
    for (const auto& canary : {targetPw, callbackPw, std::string("CANARYuser")})
      EXPECT_EQ(text.find(canary), std::string::npos) << name << ": " << near(text, canary);
    EXPECT_NE(text.find("://[redacted]@"), std::string::npos) << name;
  }

  // The password alone (not inside a URL) is caught once the URL was registered.
  report.redactor.addSecretsFromUrl(target);
  report.redactor.addSecretsFromUrl(callback);
  broken.message = "login with password " + targetPw + " and " + callbackPw + " failed";
  ReportFiles again("wc-rel-userinfo-2");
  ASSERT_TRUE(writeAllReports(report, again.paths(), &error)) << error;
  for (const char* name : kReportFiles) {
    auto text = again.read(name);
    for (const auto& canary : {targetPw, callbackPw})
      EXPECT_EQ(text.find(canary), std::string::npos) << name << ": " << near(text, canary);
  }
}

TEST(ReliabilityReports, UserinfoPassRewritesOnlyUserinfo) {
  EXPECT_EQ(redactUrlUserinfo("see http://u:p@h:1/x?a=b@c"), "see http://[redacted]@h:1/x?a=b@c");
  EXPECT_EQ(redactUrlUserinfo("\"https://tok@github.com\""), "\"https://[redacted]@github.com\"");
  EXPECT_EQ(redactUrlUserinfo("a://u:p@ss@h b://x"), "a://[redacted]@h b://x");
  // Nothing to hide: left as it is.
  for (const char* text : {"http://host/path@x", "mail me@example.com", "http://h?q=a@b",
                           "://u:p@h", "plain text"})
    EXPECT_EQ(redactUrlUserinfo(text), text);
  // The same, applied by every Redactor, and percent-decoded forms registered by addSecretsFromUrl.
  Redactor r;
  EXPECT_EQ(r.redact("x http://a:b@h y"), "x http://[redacted]@h y");
  r.addSecretsFromUrl("http://someone:p%40ssw0rd@h/");
  EXPECT_EQ(r.redact("p@ssw0rd someone"), "[redacted] [redacted]");
}

TEST(ReliabilityReports, RunConfigurationMasksUserinfoAndTeachesTheRedactor) {
  RunCommandOptions o;
  o.target = "http://admin:CANARY-cfg-pw@example.test:80";
  o.callbackUrl = "http://cb:CANARY-cfg-cb@127.0.0.1:9/";
  o.headers = {"X-Tenant: t7q"};
  auto text = describeConfiguration(o).dump();
  EXPECT_EQ(text.find("CANARY"), std::string::npos) << text;
  EXPECT_NE(text.find("http://[redacted]@example.test:80"), std::string::npos) << text;
  Redactor r;
  addOptionSecrets(o, nullptr, &r);
  EXPECT_EQ(r.redact("CANARY-cfg-pw CANARY-cfg-cb"), "[redacted] [redacted]");
  EXPECT_TRUE(r.isSecretHeader("x-tenant"));
}

// ---- headers redacted by name -------------------------------------------------------------

TEST(ReliabilityReports, DeploymentOnlyHeaderValuesReachNoReport) {
  // webhooks.headers holds a template the harness cannot resolve and a 2-character value: the
  // values are unknown or too short to match, so only their names can hide them.
  auto config = nlohmann::json::parse(R"({"webhooks": {"headers": {
      "X-Hook-Token": "${{ env.WC_RELIABILITY_SURELY_UNSET_VAR }}", "X-Short": "Zx"}}})");
  ASSERT_EQ(configuredWebhookHeaderNames(config),
            (std::vector<std::string>{"X-Hook-Token", "X-Short"}));
  ASSERT_TRUE(configuredWebhookHeaderValues(config).empty()) << "the values are not known";
  RunCommandOptions o;
  o.headers = {"X-Tenant: t7q"};  // a --header value under 4 characters
  auto report = sampleReport();
  report.profile.targetConfig = config;
  addOptionSecrets(o, &*report.profile.targetConfig, &report.redactor);
  auto& hook = report.results[1].evidence.requests[0];
  hook.headers.emplace_back("x-hook-token", "CANARY-deployment-resolved-31");
  hook.headers.emplace_back("X-SHORT", "Zx");
  hook.headers.emplace_back("Authorization", "Bearer CANARY-deploy-auth");
  hook.headers.emplace_back("x-api-key", "CANARY-deploy-key");
  hook.headers.emplace_back("X-Tenant", "t7q");
  // The failure message quotes a header line as a request summary would.
  report.results[1].evidence.failures.push_back("arrived with Authorization: Bearer CANARY-msg");

  ReportFiles files("wc-rel-headers");
  std::string error;
  ASSERT_TRUE(writeAllReports(report, files.paths(), &error)) << error;
  for (const char* name : kReportFiles) {
    auto text = files.read(name);
    for (const char* canary : {"CANARY", "Zx", "t7q"})
      EXPECT_EQ(text.find(canary), std::string::npos) << name << ": " << near(text, canary);
  }
  // Each secret header is still listed, with its value masked.
  EXPECT_NE(files.read("junit.xml").find("X-SHORT: [redacted]"), std::string::npos);
  EXPECT_NE(files.read("report.html").find("<td>x-hook-token</td><td><code>[redacted]</code>"),
            std::string::npos);
  auto json = nlohmann::json::parse(files.read("report.json"));
  size_t masked = 0;
  for (const auto& h : json["cases"][1]["evidence"]["requests"][0]["headers"])
    if (h["value"] == "[redacted]") ++masked;
  EXPECT_EQ(masked, 5u) << json["cases"][1]["evidence"]["requests"][0]["headers"].dump();
  // Other headers keep their values: the masking is by name, not wholesale.
  EXPECT_NE(files.read("junit.xml").find("Content-Type: application/json"), std::string::npos);
}

// ---- control bytes ------------------------------------------------------------------------

const std::string kHostile = std::string("red \x1b[31mALERT\x1b[0m osc \x1b]8;;http://evil\x07") +
                             "link\x1b]8;;\x07 bs\x08\x08 del\x7f cr\rover nul" +
                             std::string(1, '\0') + " csi\xc2\x9b" + "2J end";

TEST(ReliabilityReports, ControlBytesFromTheTargetStayInert) {
  auto report = sampleReport();
  report.results[1].message = kHostile;
  report.results[1].evidence.failures.push_back(kHostile);
  report.results[1].evidence.requests[0].body = "not json " + kHostile;
  report.results[1].evidence.requests[0].headers.emplace_back("X-Weird", kHostile);
  report.results[4].message = kHostile;  // an error: its own <error> element
  report.profile.info["version"] = "0.4\x1b[2J";

  ReportFiles files("wc-rel-control");
  std::string error;
  ASSERT_TRUE(writeAllReports(report, files.paths(), &error)) << error;
  for (const char* name : {"junit.xml", "report.html", "summary.md"}) {
    auto text = files.read(name);
    auto at = firstControl(text);
    EXPECT_EQ(at, std::string::npos)
        << name << " holds control byte 0x" << std::hex
        << static_cast<int>(static_cast<unsigned char>(text[at == std::string::npos ? 0 : at]))
        << " near: "
        << (at == std::string::npos ? "" : terminalSafe(text.substr(at > 40 ? at - 40 : 0, 80)));
    EXPECT_NE(text.find("\\x1b[31mALERT"), std::string::npos) << name << ": shown, escaped";
  }
  pugi::xml_document doc;
  auto loaded = doc.load_file((files.dir() / "junit.xml").c_str());
  ASSERT_TRUE(loaded) << loaded.description();
  auto json = nlohmann::json::parse(files.read("report.json"));  // throws when invalid
  EXPECT_EQ(json["cases"][1]["message"], kHostile) << "report.json keeps the bytes, JSON-escaped";
  auto errors = reportSchema().validate(json);
  EXPECT_TRUE(errors.empty()) << formatSchemaErrors(errors);
}

TEST(ReliabilityReports, ProgressLinesCannotDriveTheTerminal) {
  auto r = result("delivery.weird", "delivery", "", Level::Must, Verdict::Fail, kHostile);
  Redactor redactor;
  for (bool terminal : {false, true}) {
    std::ostringstream out;
    ProgressPrinter printer(out, terminal, redactor);
    Progress p;
    p.done = 1;
    p.total = 2;
    p.failures = 1;
    p.finished = &r;
    p.slowestRunning = "delivery.other\x1b]0;title\x07";
    printer.update(p);
    auto text = out.str();
    // The printer's own "back to column 0, clear the line" is the only escape allowed.
    for (auto at = text.find("\r\x1b[K"); at != std::string::npos; at = text.find("\r\x1b[K"))
      text.erase(at, 4);
    auto at = firstControl(text);
    EXPECT_EQ(at, std::string::npos) << (terminal ? "terminal: " : "plain: ") << terminalSafe(text);
    EXPECT_NE(text.find("\\x1b[31mALERT"), std::string::npos) << terminalSafe(text);
  }
  // The helper can fail: without it the bytes pass through.
  EXPECT_NE(firstControl(kHostile), std::string::npos);
  EXPECT_EQ(firstControl(terminalSafe(kHostile)), std::string::npos);
}

// ---- Markdown from the target ---------------------------------------------------------------

TEST(ReliabilityReports, TargetMarkdownIsShownAsCodeInTheSummary) {
  const std::string hostile =
      "see [x](http://evil) and ![i](http://e/i.png) @everyone <img src=x onerror=alert(1)> "
      "a | pipe, ``` fence ` tick";
  auto report = sampleReport();
  report.results[1].message = hostile;  // a failure row
  report.results[3].message = "`" + hostile + "`";  // a warning row, backticks at both ends
  report.profile.baseUrl = "http://127.0.0.1:1/[x](http://evil)";
  report.ignoredExpectedFailures[0].why = "@everyone ![i](http://e/i.png)";

  ReportFiles files("wc-rel-markdown");
  std::string error;
  ASSERT_TRUE(writeAllReports(report, files.paths(), &error)) << error;
  auto md = files.read("summary.md");
  auto outside = outsideCodeSpans(md);
  for (const char* live : {"](", "![", "@everyone", "<img", "http://", "onerror"})
    EXPECT_EQ(outside.find(live), std::string::npos) << live << " is live Markdown in:\n" << md;
  EXPECT_NE(md.find("@everyone"), std::string::npos) << "still shown, as code";
  // The rows keep their four cells: every pipe from the target is escaped.
  std::istringstream lines(md);
  size_t rows = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("payload.broken") == std::string::npos &&
        line.find("token.should") == std::string::npos)
      continue;
    ++rows;
    size_t cells = 0;
    for (size_t i = 0; i < line.size(); ++i)
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++cells;
    EXPECT_EQ(cells, 5u) << line;
  }
  EXPECT_EQ(rows, 2u) << md;
  // The span helper picks a fence longer than any backtick run inside.
  EXPECT_EQ(markdownCode("a ``` b"), "````a ``` b````");
  EXPECT_EQ(markdownCode("`x`"), "`` `x` ``");
  EXPECT_EQ(markdownCode("a|b", true), "`a\\|b`");
  // The checker can fail: raw Markdown is live outside a span.
  EXPECT_NE(outsideCodeSpans(hostile).find("]("), std::string::npos);
}

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

TEST(ReliabilityReports, InterruptedCasesAreCountedAndBreakTheGate) {
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

TEST(ReliabilityReports, InterruptedRunInEveryReport) {
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

TEST(ReliabilityReports, UnreachableTargetStillLeavesReports) {
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
