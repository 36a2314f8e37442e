#include "cli/run_summary.h"

#include <cctype>
#include <vector>

#include "report/cause_groups.h"
#include "cli/console_style.h"
#include "report/text_safety.h"
#include "report/write_reports.h"

namespace wc {
namespace {

// A summary line shows the message's start; report.html has all of it with the evidence.
constexpr size_t kMaxMessageBytes = 2000;
constexpr size_t kIdLineWidth = 100;

// Every line starts with the tool's own words (a verdict, "diagnosis:", two spaces before ids):
// text from the target is redacted, escaped to one line and never begins a line, so it can
// neither drive the terminal nor be read as a workflow command by a CI runner.
class SummaryPrinter {
 public:
  SummaryPrinter(const JudgedRun& judged, const SummaryOptions& options, std::ostream& out)
      : judged_(judged), palette_(options.color), out_(out) {}

  // A case alone: "fail token.plus: <message>". Several: "fail (55 cases): <shape>", then ids.
  void group(const CauseGroup& g, bool breaksGate) {
    const auto& results = judged_.report.results;
    const std::string label = toString(g.outcome);
    out_ << (breaksGate ? palette_.bad(label) : palette_.warn(label)) << " ";
    if (g.cases.size() == 1) {
      const size_t i = g.cases.front();
      out_ << palette_.dim(safe(results[i].info.id)) << ": " << safe(judged_.outcomes[i].message)
           << "\n";
      return;
    }
    out_ << "(" << g.cases.size() << " cases): " << safe(g.shape) << "\n";
    std::string line;
    for (size_t i : g.cases) {
      const auto id = safe(results[i].info.id);
      // Printed as "  " + line + ", " + id + ",".
      if (!line.empty() && 2 + line.size() + 2 + id.size() + 1 > kIdLineWidth) {
        out_ << "  " << palette_.dim(line + ",") << "\n";
        line.clear();
      }
      line += (line.empty() ? "" : ", ") + id;
    }
    out_ << "  " << palette_.dim(line) << "\n";
  }

  void counts(const std::string& reportDir) {
    const auto& report = judged_.report;
    const auto& gate = judged_.gate;
    const auto& c = gate.verdicts;
    out_ << c.total << " cases: " << counted(c.pass, "pass", Tone::Good) << ", "
         << counted(c.fail, "fail", Tone::Bad) << ", " << counted(c.warn, "warn", Tone::Warn)
         << ", " << c.info << " info, " << c.skip << " skip, "
         << counted(c.error, "error", Tone::Bad)
         << (c.interrupted ? ", " + counted(c.interrupted, "interrupted", Tone::Bad) : "")
         << (report.expectedFailuresFile.empty()
                 ? ""
                 : ", " + std::to_string(gate.expectedFailures) + " expected failure, " +
                       counted(gate.stale, "stale", Tone::Bad))
         << " in " << report.duration.count() << " ms\n";
    if (!report.interruption.empty())
      out_ << palette_.bad("run interrupted:") << " " << safe(report.interruption) << "\n";
    // What --rerun-failed selects (rerun_failed.cpp): a warning under --strict is not rerun.
    size_t rerun = 0;
    for (const auto& o : judged_.outcomes)
      rerun += o.outcome == Outcome::Fail || o.outcome == Outcome::Error ||
               o.outcome == Outcome::Stale || o.outcome == Outcome::Interrupted;
    if (rerun)
      out_ << "rerun the " << rerun << " failed: webhook-conformance run --rerun-failed "
           << "--report-dir " << terminalSafe(shellWord(reportDir)) << "\n";
    out_ << "report: " << terminalSafe(reportHtmlPath(reportDir)) << "\n";
  }

  void diagnosis(const std::string& text) {
    out_ << palette_.bold("diagnosis:") << " " << safe(text) << "\n";
  }

 private:
  std::string safe(const std::string& text) const {
    return inertLine(judged_.report.redactor.redact(text), kMaxMessageBytes);
  }

  enum class Tone { Good, Warn, Bad };
  // "3 fail", coloured only when it is not zero.
  std::string counted(size_t n, const char* what, Tone tone) const {
    const auto text = std::to_string(n) + " " + what;
    if (n == 0) return text;
    return tone == Tone::Good ? palette_.good(text)
           : tone == Tone::Warn ? palette_.warn(text)
                                : palette_.bad(text);
  }

  const JudgedRun& judged_;
  const Palette palette_;
  std::ostream& out_;
};

}  // namespace

std::string shellWord(const std::string& text) {
  bool plain = !text.empty();
  for (char c : text)
    plain = plain && (std::isalnum(static_cast<unsigned char>(c)) ||
                      std::string("/._-+:,=@%").find(c) != std::string::npos);
  if (plain) return text;
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

bool printRunSummary(const JudgedRun& judged, const SummaryOptions& options, std::ostream& out) {
  SummaryPrinter print(judged, options, out);
  for (const auto& d : judged.report.diagnoses) print.diagnosis(d);
  for (const auto& g : groupByCause(judged, Attention::WarnsOnly)) print.group(g, false);
  const auto breaking = groupByCause(judged, Attention::BreaksGate);
  for (const auto& g : breaking) print.group(g, true);
  print.counts(options.reportDir);
  return !breaking.empty();
}

}  // namespace wc
