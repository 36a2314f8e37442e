// --expected-failures: the file formats, their errors, target_version, and what the gate makes
// of a listed case (expected failure, stale, not exercised).
#include <gtest/gtest.h>

#include "report/expected_failures.h"
#include "report/run_report.h"
#include "report_fixture.h"

namespace wc {
namespace {

std::vector<ExpectedFailure> parseOk(const std::string& text) {
  std::vector<ExpectedFailure> out;
  std::string error;
  EXPECT_TRUE(parseExpectedFailures(text, "t", &out, &error)) << error;
  return out;
}

std::string parseError(const std::string& text) {
  std::vector<ExpectedFailure> out;
  std::string error;
  EXPECT_FALSE(parseExpectedFailures(text, "ef.yaml", &out, &error)) << text;
  return error;
}

TEST(ExpectedFailures, ReadsJsonAndYamlAlike) {
  auto json = parseOk(R"([{"id": "payload.x", "reason": "bug 1", "target_version": "0.4.*"}])");
  auto yaml = parseOk("# known\n- id: payload.x\n  reason: bug 1\n  target_version: 0.4.*\n");
  auto wrapped = parseOk("expected_failures:\n  - {id: payload.x, reason: 'bug 1', target_version: \"0.4.*\"}\n");
  for (const auto* list : {&json, &yaml, &wrapped}) {
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].id, "payload.x");
    EXPECT_EQ((*list)[0].reason, "bug 1");
    EXPECT_EQ((*list)[0].targetVersion, "0.4.*");
  }
}

TEST(ExpectedFailures, VersionsStayStrings) {
  auto list = parseOk("- id: a.b\n  reason: r\n  target_version: 0.10\n");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].targetVersion, "0.10");
}

TEST(ExpectedFailures, BadFilesGiveOneLineNamingTheProblem) {
  EXPECT_NE(parseError("- id: a.b\n").find("(a.b) has no reason"), std::string::npos);
  EXPECT_NE(parseError("- reason: r\n").find("entry 1 has no id"), std::string::npos);
  EXPECT_NE(parseError("- {id: a.b, reason: r, target-version: 1}\n").find("unknown key 'target-version'"),
            std::string::npos);
  EXPECT_NE(parseError("- {id: a.b, reason: r}\n- {id: a.b, reason: s}\n").find("a.b is listed twice"),
            std::string::npos);
  EXPECT_NE(parseError("[{\"id\": 1}").find("not valid JSON"), std::string::npos);
  EXPECT_NE(parseError("- id: [unclosed\n").find("not valid YAML"), std::string::npos);
  EXPECT_NE(parseError("id: a.b\nreason: r\n").find("expected a list"), std::string::npos);
  EXPECT_NE(parseError("- {id: a.b, reason: {x: 1}}\n").find("'reason' must be a string"),
            std::string::npos);
  EXPECT_EQ(parseError("- id: a.b\n").rfind("--expected-failures: ef.yaml: ", 0), 0u);
}

// An expected-failures list never needs aliases; expanding them is how `a: &a [*a, *a]` and the
// "billion laughs" hang or exhaust memory, so the reader refuses them before building anything.
TEST(ExpectedFailures, YamlAliasesAreRefused) {
  EXPECT_NE(parseError("a: &a [*a, *a]\n").find("YAML aliases (*a) are not allowed"),
            std::string::npos);
  EXPECT_NE(parseError("- &e {id: a.b, reason: r}\n- *e\n").find("YAML aliases (*e)"),
            std::string::npos);
  auto list = parseOk("- &e {id: a.b, reason: r}\n");  // an anchor alone is harmless
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].id, "a.b");
}

TEST(ExpectedFailures, SizeDepthAndNodeCountAreBounded) {
  EXPECT_NE(parseError("- id: a.b\n  reason: r\n" + std::string(2 << 20, '#'))
                .find("larger than 1048576 bytes"),
            std::string::npos);
  EXPECT_NE(parseError(std::string(100000, '[') + std::string(100000, ']')).find("nested deeper"),
            std::string::npos);
  EXPECT_NE(parseError("x: " + std::string(100000, '[')).find("nested deeper"),
            std::string::npos);
  std::string wide = "- [";
  for (int i = 0; i < 120000; ++i) wide += "x,";
  EXPECT_NE(parseError(wide + "x]\n").find("more than 100000 YAML nodes"), std::string::npos);
  EXPECT_EQ(parseError("a: &a [*a, *a]\n").find('\n'), std::string::npos);
}

TEST(ExpectedFailures, EmptyAndCommentOnlyYamlListNothing) {
  EXPECT_TRUE(parseOk("").empty());
  EXPECT_TRUE(parseOk("# nothing yet\n").empty());
  EXPECT_TRUE(parseOk("expected_failures: []\n").empty());
}

TEST(ExpectedFailures, UnknownIdsAreNamed) {
  CaseRegistry registry;
  registry.add({CaseInfo{"delivery.a", "delivery"}, [](CaseContext&) {}});
  auto unknown = unknownExpectedFailureIds(
      {{"delivery.a", "r", ""}, {"delivery.typo", "r", ""}, {"nope", "r", ""}}, registry);
  EXPECT_EQ(unknown, (std::vector<std::string>{"delivery.typo", "nope"}));
}

TEST(ExpectedFailures, TargetVersionSelectsEntries) {
  std::vector<ExpectedFailure> active;
  std::vector<IgnoredExpectedFailure> ignored;
  applyTargetVersion({{"a.any", "r", ""}, {"a.04", "r", "0.4.*"}, {"a.03", "r", "0.3.1"}}, "0.4.2",
                     &active, &ignored);
  ASSERT_EQ(active.size(), 2u);
  EXPECT_EQ(active[1].id, "a.04");
  ASSERT_EQ(ignored.size(), 1u);
  EXPECT_EQ(ignored[0].why, "target_version 0.3.1 does not match the target's 0.4.2");
  active.clear();
  ignored.clear();
  applyTargetVersion({{"a.04", "r", "0.4.*"}}, "", &active, &ignored);
  ASSERT_EQ(ignored.size(), 1u);
  EXPECT_NE(ignored[0].why.find("unknown version"), std::string::npos);
}

TEST(ExpectedFailures, GateOutcomes) {
  auto report = testing_support::sampleReport();
  auto outcome = [&](size_t i) { return outcomeOf(report, report.results[i]); };
  EXPECT_EQ(outcome(5).outcome, Outcome::ExpectedFailure);  // payload.known: fail, listed
  EXPECT_FALSE(outcome(5).breaksGate);
  EXPECT_EQ(outcome(6).outcome, Outcome::Stale);  // token.fixed: pass, listed
  EXPECT_TRUE(outcome(6).breaksGate);
  EXPECT_NE(outcome(6).message.find("token.fixed"), std::string::npos);
  EXPECT_NE(outcome(6).message.find("fixed in 0.4?"), std::string::npos);
  // A listed case that was skipped is neither expected nor stale.
  report.expectedFailures["token.skipped"] = {"token.skipped", "r", ""};
  EXPECT_EQ(outcome(2).outcome, Outcome::Skip);
  EXPECT_FALSE(outcome(2).breaksGate);
  // Unlisted failures still break the gate.
  EXPECT_TRUE(outcome(1).breaksGate);
  auto gate = summarize(report);
  EXPECT_EQ(gate.breaking, 3u);  // payload.broken, delivery.erred, token.fixed
  EXPECT_EQ(gate.expectedFailures, 1u);
  EXPECT_EQ(gate.stale, 1u);
}

// The writers share one judgement: the same outcome per case as outcomeOf, and a result from
// another run is refused rather than silently read out of bounds.
TEST(ExpectedFailures, OneJudgementForEveryWriter) {
  auto report = testing_support::sampleReport();
  const JudgedRun judged(report);
  ASSERT_EQ(judged.outcomes.size(), report.results.size());
  for (size_t i = 0; i < report.results.size(); ++i) {
    EXPECT_EQ(judged.outcome(report.results[i]).outcome,
              outcomeOf(report, report.results[i]).outcome) << report.results[i].info.id;
  }
  EXPECT_EQ(judged.gate.breaking, 3u);
  EXPECT_FALSE(judged.gate.passed());
  CaseResult foreign;
  foreign.info.id = "delivery.elsewhere";
  EXPECT_THROW(judged.outcome(foreign), std::logic_error);
}

}  // namespace
}  // namespace wc
