// Reports are safe against the target: secrets in URL userinfo and in deployment-only
// webhook headers never reach a report; control bytes and Markdown from the target stay inert.
// Each test plants a canary or a hostile string, writes all four reports, reads them back and
// searches them. Interrupted and unreachable runs: reliability_outcomes_test.cpp.
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/progress.h"
#include "session/run_configuration.h"
#include "launch/langgraph_js_versions.h"
#include "report/json_report.h"
#include "report/markdown_summary.h"
#include "report/text_safety.h"
#include "report/write_reports.h"
#include "report_files_support.h"
#include "report_fixture.h"
#include "schema/payload_validator.h"
#include "support/target_config.h"

namespace wc {
namespace {

using namespace testing_support;

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
  SessionOptions o;
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
  SessionOptions o;
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
    // A terminal shows only the counter line (the summary shows the message); a log, the message.
    EXPECT_NE(text.find(terminal ? "delivery.other\\x1b]0;title\\x07" : "\\x1b[31mALERT"),
              std::string::npos)
        << terminalSafe(text);
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

}  // namespace
}  // namespace wc
