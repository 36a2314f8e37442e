// What `run` prints on a console: the final summary (each cause once, warnings too, then how to
// rerun the failures and where report.html is), the progress line, and colour (--color,
// NO_COLOR). Text from the target stays inert: redacted, escaped, never at the start of a line.
#include <gtest/gtest.h>

#include <sstream>

#include "report/cause_groups.h"
#include "cli/console_style.h"
#include "cli/progress.h"
#include "cli/run_summary.h"
#include "report/text_safety.h"
#include "console_output_support.h"

namespace wc {
namespace {

using namespace testing_support;

size_t occurrences(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

std::string summaryOf(const RunReport& report, const std::string& reportDir, bool color = false) {
  std::ostringstream out;
  printRunSummary(JudgedRun(report), {reportDir, color}, out);
  return out.str();
}

TEST(CauseGroups, MessagesOfOneShapeAreOneCause) {
  EXPECT_EQ("no webhook within <n> ms for run <uuid>",
            messageShape("no webhook within 5000 ms for run " + runUuid(3)));
  EXPECT_EQ("header '…' was \"…\", expected `…`",
            messageShape("header 'X-Sig' was \"abc 1\", expected `def`"));
  EXPECT_EQ("the target's run <id> didn't end",
            messageShape("the target's run 0a1b2c3d4e5f6a7b didn't end"));
  EXPECT_EQ("status <n>.<n>, run_<n>x", messageShape("status 200.5, run_17x"));
  EXPECT_EQ("deadbeefcafe and face", messageShape("deadbeefcafe and face"));  // no digit: a word
  EXPECT_EQ("sent <url>, received <url> (at <url>) as application/json, <n>/<n> → <n>/<n>",
            messageShape("sent /hook/x-1?token=a%20b, received /hook/x-1?token=a (at "
                         "https://h.example/p) as application/json, 1/2 → 1/2"));
  EXPECT_EQ("awaited <n> webhook(s) on route <id> for <n> ms; <n>xx, <n>ms",
            messageShape("awaited 1 webhook(s) on route delivery-runs-wait-15-e3fbbaf5dd for "
                         "15000 ms; 5xx, 150000ms"));

  RunReport report;
  addCase(report, "delivery.a", Level::Must, Verdict::Fail, "status 500 for run " + runUuid(1));
  addCase(report, "token.b", Level::Must, Verdict::Pass, "fine");
  addCase(report, "delivery.c", Level::Should, Verdict::Fail, "status 404 for run " + runUuid(2));
  addCase(report, "delivery.d", Level::Must, Verdict::Error, "status 500 for run " + runUuid(4));
  addCase(report, "delivery.e", Level::Must, Verdict::Fail, "status 502 for run " + runUuid(5));
  addCase(report, "failure.f", Level::Should, Verdict::Warn, "not retried");
  const JudgedRun judged(report);
  auto groups = groupByCause(judged, Attention::BreaksGate);
  ASSERT_EQ(2u, groups.size());
  EXPECT_EQ(Outcome::Fail, groups[0].outcome);  // the largest first
  EXPECT_EQ("status <n> for run <uuid>", groups[0].shape);
  EXPECT_EQ((std::vector<size_t>{0, 2, 4}), groups[0].cases);
  EXPECT_EQ("", commonLevel(judged, groups[0]));  // MUST and SHOULD
  EXPECT_EQ(Outcome::Error, groups[1].outcome);   // same shape, another outcome: another cause
  EXPECT_EQ("MUST", commonLevel(judged, groups[1]));
  auto warnings = groupByCause(judged, Attention::WarnsOnly);
  ASSERT_EQ(1u, warnings.size());
  EXPECT_EQ((std::vector<size_t>{5}), warnings[0].cases);
}

TEST(RunSummary, EachCauseOnceWithItsIdsThenTheRerunCommandAndTheReport) {
  auto report = silentTargetRun();
  addCase(report, "token.plus", Level::Must, Verdict::Fail, "token changed");
  const auto text = summaryOf(report, "my reports");
  const auto lines = linesOf(text);
  ASSERT_GE(lines.size(), 6u) << text;
  EXPECT_EQ(0u, lines[0].rfind("diagnosis: no webhook reached the capture server", 0)) << text;
  EXPECT_EQ("fail (55 cases): no webhook within <n> ms for run <uuid>", lines[1]) << text;
  EXPECT_EQ(0u, lines[2].rfind("  delivery.case-0, delivery.case-1, ", 0)) << text;
  for (size_t i = 0; i < 55; ++i)
    EXPECT_EQ(1u, occurrences(text, "delivery.case-" + std::to_string(i) + ",") +
                      occurrences(text, "delivery.case-" + std::to_string(i) + "\n"))
        << "each id once: " << i << "\n" << text;
  EXPECT_EQ(0u, occurrences(text, runUuid(1))) << "the shape, not 55 messages";
  EXPECT_EQ(1u, occurrences(text, "\nfail token.plus: token changed\n")) << text;
  const auto n = lines.size();
  EXPECT_EQ(0u, lines[n - 3].rfind("56 cases: 0 pass, 56 fail, 0 warn, ", 0)) << text;
  EXPECT_EQ("rerun the 56 failed: webhook-conformance run --rerun-failed --report-dir 'my reports'",
            lines[n - 2]);
  EXPECT_EQ("report: my reports/report.html", lines[n - 1]);
  EXPECT_EQ("reports", shellWord("reports"));
  EXPECT_EQ("'it'\\''s'", shellWord("it's"));
}

TEST(RunSummary, WarningsAreShownBesideTheFailures) {
  RunReport report;
  addCase(report, "failure.b", Level::Should, Verdict::Warn, "not retried after 500");
  addCase(report, "token.c", Level::Must, Verdict::Pass, "fine");
  const auto text = summaryOf(report, "reports");
  EXPECT_EQ(0u, text.rfind("warn failure.b: not retried after 500\n", 0)) << text;
  EXPECT_EQ(std::string::npos, text.find("rerun")) << "a warning is not rerun: " << text;
  EXPECT_NE(std::string::npos, text.find("report: reports/report.html")) << text;

  // The terminal's progress line counts them beside the failures.
  std::ostringstream out;
  Redactor redactor;
  ProgressPrinter printer(out, true, redactor);
  CaseResult warned = report.results[0];
  Progress p;
  p.done = 1;
  p.total = 2;
  p.finished = &warned;
  printer.update(p);
  EXPECT_NE(std::string::npos, out.str().find("[1/2] failures: 0  warnings: 1")) << out.str();
}

TEST(Progress, OnATerminalOnlyTheCounterLineTheSummaryShowsEachFailure) {
  CaseResult failed;
  failed.info.id = "delivery.a";
  failed.verdict = Verdict::Fail;
  failed.message = "no webhook within 5000 ms";
  Redactor redactor;
  std::ostringstream terminal, log;
  ProgressPrinter onTerminal(terminal, true, redactor), inLog(log, false, redactor);
  Progress p;
  p.done = 1;
  p.total = 3;
  p.failures = 1;
  p.finished = &failed;
  p.slowestRunning = "token.b";
  onTerminal.update(p);
  inLog.update(p);
  EXPECT_EQ("\r\033[K[1/3] failures: 1  warnings: 0  waiting on: token.b", terminal.str());
  EXPECT_EQ("[1/3] fail delivery.a (0 ms): no webhook within 5000 ms\n", log.str());
}

TEST(ConsoleColor, NoColorAndNeverTurnItOffAlwaysTurnsItOn) {
  EXPECT_TRUE(colorWanted(ColorChoice::Auto, true, nullptr));
  EXPECT_TRUE(colorWanted(ColorChoice::Auto, true, ""));  // NO_COLOR counts when not empty
  EXPECT_FALSE(colorWanted(ColorChoice::Auto, true, "1"));
  EXPECT_FALSE(colorWanted(ColorChoice::Auto, false, nullptr));  // a CI log, a pipe, a file
  EXPECT_FALSE(colorWanted(ColorChoice::Never, true, nullptr));
  EXPECT_TRUE(colorWanted(ColorChoice::Always, false, "1"));  // the flag overrides NO_COLOR
  ColorChoice choice;
  EXPECT_TRUE(parseColorChoice("never", &choice));
  EXPECT_EQ(ColorChoice::Never, choice);
  EXPECT_FALSE(parseColorChoice("yes", &choice));
  EXPECT_NE(std::string::npos, colorChoiceFromFlag("yes", &choice).find("--color must be"));

  RunReport report;
  addCase(report, "delivery.a", Level::Must, Verdict::Fail, "lost");
  addCase(report, "failure.b", Level::Should, Verdict::Warn, "slow");
  addCase(report, "token.c", Level::Must, Verdict::Pass, "fine");
  const auto plain = summaryOf(report, "reports", false);
  EXPECT_EQ(std::string::npos, plain.find('\033')) << plain;
  const auto colored = summaryOf(report, "reports", true);
  EXPECT_NE(std::string::npos, colored.find("\033[31mfail\033[0m \033[2mdelivery.a\033[0m: lost"))
      << terminalSafe(colored);
  EXPECT_NE(std::string::npos, colored.find("\033[33mwarn\033[0m")) << terminalSafe(colored);
  EXPECT_NE(std::string::npos, colored.find("\033[32m1 pass\033[0m")) << terminalSafe(colored);
}

TEST(ConsoleOutput, TextFromTheTargetNeverStartsALineNorDrivesTheTerminal) {
  const std::string forged = "x\n::error::forged\r::warning::forged\x1b]0;title\x07";
  RunReport report;
  report.diagnoses.push_back(forged);
  report.interruption = forged;
  addCase(report, "delivery.a", Level::Must, Verdict::Fail, forged);
  addCase(report, "delivery.b", Level::Must, Verdict::Fail, forged);
  addCase(report, "delivery.c", Level::Must, Verdict::Error, forged);
  addCase(report, "failure.d", Level::Should, Verdict::Warn, forged);
  std::string printed = summaryOf(report, "reports", true);
  Redactor redactor;
  for (bool terminal : {false, true}) {
    std::ostringstream out;
    ProgressPrinter printer(out, terminal, redactor, true);
    Progress p;
    p.done = 1;
    p.total = 2;
    p.finished = &report.results[0];
    p.slowestRunning = forged;
    printer.update(p);
    printed += out.str();
  }
  for (const auto& line : linesOf(printed)) {
    EXPECT_FALSE(looksLikeACommand(line)) << terminalSafe(line);
    EXPECT_EQ(std::string::npos, line.find('\x07')) << terminalSafe(line);
    EXPECT_EQ(std::string::npos, line.find("\033]")) << terminalSafe(line);
  }
  EXPECT_NE(std::string::npos, printed.find("x\\x0a::error::forged\\x0d::warning::forged"))
      << printed;
}

}  // namespace
}  // namespace wc
