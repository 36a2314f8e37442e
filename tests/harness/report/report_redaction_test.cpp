// Secrets never reach a report: a canary API key, --header value and configured webhook header
// value, planted in every place a writer reads (captured headers and bodies, messages, evidence,
// the target URL, the configuration), must come out as [redacted] in all four files.
#include <gtest/gtest.h>

#include "report/write_reports.h"
#include "report_fixture.h"

namespace wc {
namespace {

using namespace testing_support;

const std::vector<std::string> kCanaries = {"CANARY-api-key-7f3a", "CANARY-header-<&\"'>-91",
                                            "CANARY-hook-secret-55"};

TEST(ReportRedaction, NoCanaryInAnyReport) {
  auto report = sampleReport();
  for (const auto& c : kCanaries) report.redactor.addSecret(c);
  auto& broken = report.results[1];
  broken.message = "x-api-key " + kCanaries[0] + " was refused";
  broken.evidence.failures.push_back("header value " + kCanaries[1]);
  broken.evidence.observations.push_back(kCanaries[2]);
  broken.evidence.schemaErrors.push_back({"/" + kCanaries[2], "unexpected " + kCanaries[1]});
  auto& hook = broken.evidence.requests[0];
  hook.headers.emplace_back("X-Hook-Secret", kCanaries[2]);
  hook.headers.emplace_back("Authorization", "Bearer " + kCanaries[0]);
  hook.body = R"({"run_id":"r1","status":"success","kwargs":{"config":{"key":")" + kCanaries[0] +
              R"("},"h":")" + kCanaries[2] + R"("}})";
  hook.target += "&k=" + kCanaries[2];
  report.profile.baseUrl = "http://user:" + kCanaries[0] + "@127.0.0.1:1";
  report.profile.info["echo"] = kCanaries[1];
  report.profile.targetConfig =
      nlohmann::json{{"webhooks", {{"headers", {{"X-Hook-Secret", kCanaries[2]}}}}}};
  report.configuration["note"] = kCanaries[1];

  auto dir = freshDir("wc-redaction");
  std::string error;
  ASSERT_TRUE(writeAllReports(report, {dir.string(), ""}, &error)) << error;
  for (const char* name : {"junit.xml", "report.json", "report.html", "summary.md"}) {
    auto text = readFile(dir / name);
    for (const auto& canary : kCanaries) {
      EXPECT_EQ(text.find("CANARY"), std::string::npos)
          << name << " leaks a canary near: "
          << text.substr(text.find("CANARY") > 40 ? text.find("CANARY") - 40 : 0, 120);
    }
    EXPECT_NE(text.find("[redacted]"), std::string::npos) << name;
  }
  std::filesystem::remove_all(dir);
}

TEST(ReportRedaction, RedactorCanFail) {
  // Without the secret registered, the same text passes through: the test above is not vacuous.
  Redactor redactor;
  EXPECT_EQ(redactor.redact(kCanaries[0]), kCanaries[0]);
  redactor.addSecret(kCanaries[0]);
  EXPECT_EQ(redactor.redact("a" + kCanaries[0] + "b"), "a[redacted]b");
}

TEST(ReportRedaction, SecretHeaderNamesMaskAnyValue) {
  Redactor redactor;
  redactor.addSecret("ab");  // too short to mask by value...
  EXPECT_EQ(redactor.redact("ab"), "ab");
  redactor.addSecretHeaderName("X-Hook-Token");  // ...so headers are masked by name
  EXPECT_EQ(redactor.headerValue("x-hook-token", "ab"), "[redacted]");
  EXPECT_EQ(redactor.headerValue("X-HOOK-TOKEN", ""), "[redacted]");
  EXPECT_EQ(redactor.headerValue("Authorization", "Bearer z"), "[redacted]") << "built in";
  EXPECT_EQ(redactor.headerValue("X-Api-Key", "k"), "[redacted]") << "built in";
  EXPECT_EQ(redactor.headerValue("Content-Type", "application/json"), "application/json");
  // A header line in text (a request summary, evidence) is masked to the end of its value.
  EXPECT_EQ(redactor.redact("got (X-Hook-Token: ab) and\nauthorization: Bearer q\nnext"),
            "got (X-Hook-Token: [redacted]) and\nauthorization: [redacted]\nnext");
  // A second pass over rendered or serialised text leaves what follows the mask alone.
  EXPECT_EQ(redactor.redact("<li>Authorization: [redacted]</li></ul><ul class=\"x\">"),
            "<li>Authorization: [redacted]</li></ul><ul class=\"x\">");
  auto json = nlohmann::json{{"m", "Authorization: \"x\" and cookie: a\"b"}}.dump();
  EXPECT_FALSE(nlohmann::json::parse(redactor.redact(json), nullptr, false).is_discarded())
      << redactor.redact(json);
  // Not a header line: a name inside a word, or CSS without a space.
  EXPECT_EQ(redactor.redact("my-x-hook-token: v; cookie:#fff"), "my-x-hook-token: v; cookie:#fff");
}

}  // namespace
}  // namespace wc
