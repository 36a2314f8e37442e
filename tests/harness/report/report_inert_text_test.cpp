// Text from outside stays inert: one line for the terminal and the CI log whatever a target or a
// file says (inertLine), secrets masked in the forms a target echoes them (JSON-escaped,
// percent-encoded), and the parsers of untrusted text linear, so a megabyte of input neither
// overflows the stack nor takes long.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "report/markdown_summary.h"
#include "report/redactor.h"
#include "report/text_safety.h"
#include "util/env_templates.h"
#include "util/ids.h"

// A named namespace, not an anonymous one: unity batches share one with the neighbours.
namespace wc::inert_text {

using Clock = std::chrono::steady_clock;
constexpr auto kPromptly = std::chrono::seconds(2);
const std::string kMegabyteOfA(1000000, 'A');

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(InertLine, EscapesLineBreaksAndEscapes) {
  const auto line = inertLine("x\n::error title=x::pwned\r\x1b[31m\x07", 1000);
  EXPECT_EQ(std::string::npos, line.find('\n')) << line;
  EXPECT_EQ(std::string::npos, line.find('\r')) << line;
  EXPECT_EQ(std::string::npos, line.find('\x1b')) << line;
  EXPECT_EQ(std::string::npos, line.find('\x07')) << line;
  EXPECT_EQ("x\\x0a::error title=x::pwned\\x0d\\x1b[31m\\x07", line);
}

TEST(InertLine, DefusesAWorkflowCommandAtTheStart) {
  EXPECT_EQ("\\x3a:add-mask::s3cret", inertLine("::add-mask::s3cret", 1000));
  EXPECT_EQ("  \\x3a:stop-commands::t", inertLine("  ::stop-commands::t", 1000));
  EXPECT_EQ("\\x23#[error]old", inertLine("##[error]old", 1000));
  EXPECT_EQ("a ::error::x", inertLine("a ::error::x", 1000)) << "only the start is read";
  EXPECT_EQ("", inertLine("", 10));
}

TEST(InertLine, CutsOnACharacterBoundary) {
  const std::string accents = "ééééé";  // 2 bytes each
  const auto line = inertLine(accents, 5);
  EXPECT_EQ("éé…", line);
  EXPECT_EQ("abc…", inertLine("abcdef", 3));
  EXPECT_EQ("abc", inertLine("abc", 3));
  const auto escaped = inertLine(std::string(10, '\n'), 8);
  EXPECT_EQ("\\x0a\\x0a…", escaped);
  EXPECT_LT(inertLine(kMegabyteOfA, 100).size(), 110u);
}

TEST(Redaction, MasksTheJsonEscapedFormsOfASecret) {
  Redactor redactor;
  const std::string secret = "p\"a\\ss\xC3\xA9word";  // p"a\ssé word: a quote, a backslash, é
  redactor.addSecret(secret);
  const auto dumped = nlohmann::json(secret).dump();
  const auto ascii = nlohmann::json(secret).dump(-1, ' ', true);
  ASSERT_NE(std::string::npos, ascii.find("\\u00e9")) << ascii;
  for (const auto& echoed : {dumped, ascii}) {
    const auto body = R"({"detail":"bad header )" + echoed.substr(1, echoed.size() - 2) + R"("})";
    const auto shown = redactor.redact(body);
    EXPECT_EQ(std::string::npos, shown.find("ss")) << shown;
    EXPECT_NE(std::string::npos, shown.find(Redactor::kMask)) << shown;
  }
}

TEST(Redaction, MasksThePercentEncodedFormsOfASecret) {
  Redactor redactor;
  redactor.addSecret("tok/en+va=lue");
  for (const std::string echoed : {"tok%2Fen%2Bva%3Dlue", "tok%2fen%2bva%3dlue"}) {
    const auto shown = redactor.redact("GET /hook?token=" + echoed + " 401");
    EXPECT_EQ("GET /hook?token=[redacted] 401", shown) << echoed;
  }
  EXPECT_EQ("[redacted]", redactor.redact("tok/en+va=lue"));
}

TEST(LongInput, EnvTemplateScannerTakesAMegabyte) {
  const auto started = Clock::now();
  const auto unterminated =
      substituteEnvTemplates("${{ env.A" + kMegabyteOfA, [](const std::string&) { return "v"; });
  ASSERT_TRUE(unterminated);
  EXPECT_EQ("${{ env.A" + kMegabyteOfA, *unterminated) << "no template: the text stays";
  const auto name =
      substituteEnvTemplates("${{ env.A" + kMegabyteOfA + " }}",
                             [](const std::string& n) { return std::to_string(n.size()); });
  ASSERT_TRUE(name);
  EXPECT_EQ("1000001", *name);
  std::string many;
  for (int i = 0; i < 100000; ++i) many += "${{ env.";
  EXPECT_TRUE(substituteEnvTemplates(many, [](const std::string&) { return "v"; }));
  EXPECT_LT(Clock::now() - started, kPromptly);
}

TEST(LongInput, EnvTemplateScannerAcceptsTheSameTemplates) {
  auto env = [](const std::string& n) -> std::optional<std::string> {
    if (n == "X_1" || n == "_y") return "<" + n + ">";
    return std::nullopt;
  };
  EXPECT_EQ("a<X_1>b", substituteEnvTemplates("a${{env.X_1}}b", env));
  EXPECT_EQ("<X_1><_y>", substituteEnvTemplates("${{ \t\nenv.X_1 \r}}${{  env._y  }}", env));
  EXPECT_EQ("${{ env.1X }}", substituteEnvTemplates("${{ env.1X }}", env));
  EXPECT_EQ("${{ env.X_1 }", substituteEnvTemplates("${{ env.X_1 }", env));
  EXPECT_EQ("${{ <X_1>", substituteEnvTemplates("${{ ${{env.X_1}}", env));
  EXPECT_EQ("$${<X_1>", substituteEnvTemplates("$${${{env.X_1}}", env));
  EXPECT_FALSE(substituteEnvTemplates("${{ env.UNSET }}", env));
}

TEST(LongInput, TimestampParserTakesAMegabyte) {
  const auto started = Clock::now();
  EXPECT_FALSE(
      parseIsoTimestamp("2025-11-24T10:15:03." + std::string(1000000, '1') + "Z", nullptr));
  EXPECT_FALSE(parseIsoTimestamp("2025-11-24T10:15:03Z" + kMegabyteOfA, nullptr));
  EXPECT_FALSE(parseIsoTimestamp(std::string(1000000, '2'), nullptr));
  EXPECT_LT(Clock::now() - started, kPromptly);
}

TEST(LongInput, TimestampParserAcceptsTheSameShapes) {
  std::chrono::system_clock::time_point a, b;
  ASSERT_TRUE(parseIsoTimestamp("2025-11-24T10:15:03.123456789Z", &a));
  ASSERT_TRUE(parseIsoTimestamp("2025-11-24 11:45:03.123456+0130", &b));
  EXPECT_EQ(a.time_since_epoch().count(), b.time_since_epoch().count());
  EXPECT_TRUE(parseIsoTimestamp("2025-11-24T10:15:03z", nullptr));
  EXPECT_TRUE(parseIsoTimestamp("2025-11-24T10:15:03-05:00", nullptr));
  for (const char* bad :
       {"2025-11-24T10:15:03", "2025-11-24T10:15:03.Z", "2025-11-24T10:15:03.1234567890Z",
        "2025-11-24t10:15:03Z", "2025-11-24T10:15:03+5:00", "2025-11-24T10:15:03+05:0",
        "2025-11-24T10:15:3Z", "20251124T101503Z", "2025-11-24T10:15:03Z ", "2025-11-24T24:15:03Z",
        "1600-01-01T00:00:00Z"})
    EXPECT_FALSE(parseIsoTimestamp(bad, nullptr)) << bad;
}

// appendStepSummary reads GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID for its link.
std::string stepSummaryWith(const char* server, const std::string& repo, const char* run) {
  const auto dir = testing::TempDir();
  const auto summary = dir + "/wc-inert-summary.md", step = dir + "/wc-inert-step-summary.md";
  std::ofstream(summary) << "### summary\n";
  std::ofstream(step, std::ios::trunc).flush();
  setenv("GITHUB_SERVER_URL", server, 1);
  setenv("GITHUB_REPOSITORY", repo.c_str(), 1);
  setenv("GITHUB_RUN_ID", run, 1);
  std::string error;
  EXPECT_TRUE(appendStepSummary(summary, step, &error)) << error;
  unsetenv("GITHUB_SERVER_URL");
  unsetenv("GITHUB_REPOSITORY");
  unsetenv("GITHUB_RUN_ID");
  return slurp(step);
}

TEST(LongInput, StepSummaryLinkChecksAMegabyteRepositoryPromptly) {
  const auto started = Clock::now();
  const auto text = stepSummaryWith("https://github.com", "o/" + kMegabyteOfA, "42");
  EXPECT_LT(Clock::now() - started, kPromptly);
  EXPECT_NE(std::string::npos, text.find("actions/runs/42")) << "a long name is still a name";
  const auto spaced = stepSummaryWith("https://github.com", "o/" + kMegabyteOfA + " x", "42");
  EXPECT_EQ(std::string::npos, spaced.find("actions/runs")) << "a space is no repository";
}

TEST(LongInput, StepSummaryLinkKeepsItsShapeChecks) {
  EXPECT_NE(
      std::string::npos,
      stepSummaryWith("https://ghe.example:8443", "o-1/r_2.x", "12345678901234567890")
          .find(
              "(https://ghe.example:8443/o-1/r_2.x/actions/runs/12345678901234567890#artifacts)"));
  EXPECT_EQ(std::string::npos,
            stepSummaryWith("http://github.com", "o/r", "1").find("actions/runs"));
  EXPECT_EQ(std::string::npos,
            stepSummaryWith("https://github.com:", "o/r", "1").find("actions/runs"));
  EXPECT_EQ(std::string::npos,
            stepSummaryWith("https://github.com", "o/r/x", "1").find("actions/runs"));
  EXPECT_EQ(std::string::npos,
            stepSummaryWith("https://github.com", "o/", "1").find("actions/runs"));
  EXPECT_EQ(
      std::string::npos,
      stepSummaryWith("https://github.com", "o/r", "123456789012345678901").find("actions/runs"));
  EXPECT_EQ(std::string::npos,
            stepSummaryWith("https://github.com", "o/r", "1a").find("actions/runs"));
}

}  // namespace wc::inert_text
