#include "cli/annotations.h"

#include <cstdlib>
#include <iostream>

#include "report/cause_groups.h"
#include "report/markdown_summary.h"
#include "report/text_safety.h"
#include "report/write_reports.h"

namespace wc {
namespace {

// GitHub shows the first lines of an annotation; a 200 KB message from a target helps nobody.
constexpr size_t kMaxAnnotationBytes = 2000;
// Ids a group's annotation names; report.html lists every case.
constexpr size_t kIdsNamed = 5;

std::string plural(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// The lines of one kind (::error or ::warning) still to print, and what did not fit.
class AnnotationBudget {
 public:
  size_t left = kMaxAnnotationsPerKind;
  size_t causesLeftOut = 0, casesLeftOut = 0, diagnosesLeftOut = 0;
  bool takeDiagnosis() {
    if (take()) return true;
    ++diagnosesLeftOut;
    return false;
  }
  bool takeCause(const CauseGroup& g) {
    if (take()) return true;
    ++causesLeftOut;
    casesLeftOut += g.cases.size();
    return false;
  }

 private:
  bool take() {
    if (left == 0) return false;
    --left;
    return true;
  }
};

size_t casesIn(const std::vector<CauseGroup>& groups) {
  size_t n = 0;
  for (const auto& g : groups) n += g.cases.size();
  return n;
}

class Annotator {
 public:
  Annotator(const JudgedRun& judged, std::ostream& out) : judged_(judged), out_(out) {}

  void line(const char* command, const std::string& title, const std::string& message) {
    out_ << "::" << command << " title=" << escapeWorkflowProperty(redactor().redact(title))
         << "::" << escapeWorkflowData(bounded(message, kMaxAnnotationBytes)) << "\n";
  }

  // One case: its id in the title. Several: the first id and the count in the title, the first
  // case's message (a real one, not its shape) and the first ids in the message.
  void group(const char* command, const CauseGroup& g) {
    const auto& results = judged_.report.results;
    const auto& firstId = results[g.cases.front()].info.id;
    const auto level = commonLevel(judged_, g);
    const std::string verdict =
        " (" + (level.empty() ? "" : level + ", ") + toString(g.outcome) + ")";
    const auto& message = judged_.outcomes[g.cases.front()].message;
    if (g.cases.size() == 1) {
      line(command, firstId + verdict, message);
      return;
    }
    std::string ids;
    for (size_t n = 0; n < g.cases.size() && n < kIdsNamed; ++n)
      ids += (n ? ", " : "") + results[g.cases[n]].info.id;
    if (g.cases.size() > kIdsNamed)
      ids += " and " + std::to_string(g.cases.size() - kIdsNamed) + " more";
    const auto more = plural(g.cases.size() - 1, "more case", "more cases");
    line(command, firstId + " and " + more + verdict,
         bounded(message, kMaxAnnotationBytes / 2) + "\n" + std::to_string(g.cases.size()) +
             " cases alike (URLs, ids, numbers and quoted values aside): " + ids);
  }

 private:
  const Redactor& redactor() const { return judged_.report.redactor; }
  // Redacted before it is cut, so a cut never leaves half a secret unrecognised.
  std::string bounded(const std::string& text, size_t maxBytes) const {
    return truncateUtf8(redactor().redact(text), maxBytes);
  }
  const JudgedRun& judged_;
  std::ostream& out_;
};

}  // namespace

bool parseAnnotationStyle(const std::string& text, bool githubActions, AnnotationStyle* out) {
  if (text == "auto") *out = githubActions ? AnnotationStyle::Github : AnnotationStyle::None;
  else if (text == "github") *out = AnnotationStyle::Github;
  else if (text == "none") *out = AnnotationStyle::None;
  else return false;
  return true;
}

std::string annotationStyleFromFlag(const std::string& flag, AnnotationStyle* out) {
  const char* actions = std::getenv("GITHUB_ACTIONS");
  if (parseAnnotationStyle(flag, actions && std::string(actions) == "true", out)) return "";
  return "--annotations must be auto, github or none, got '" + flag.substr(0, 40) + "'";
}

std::string escapeWorkflowData(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escapeWorkflowProperty(const std::string& text) {
  std::string out;
  for (char c : escapeWorkflowData(text)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

void printAnnotations(const JudgedRun& judged, const std::string& reportDir, std::ostream& out) {
  const auto& report = judged.report;
  const auto errors = groupByCause(judged, Attention::BreaksGate);
  const auto warnings = groupByCause(judged, Attention::WarnsOnly);
  if (report.diagnoses.empty() && errors.empty() && warnings.empty()) return;
  Annotator annotate(judged, out);
  AnnotationBudget errorBudget, warningBudget;
  // A diagnosis explains the failures below it (no webhook arrived at all): it goes first, an
  // error when the gate breaks; on a passing run (a missing GET /ok, say) it is a warning.
  const bool gateBroken = !judged.gate.passed();
  auto& diagnosisBudget = gateBroken ? errorBudget : warningBudget;
  for (const auto& d : report.diagnoses)
    if (diagnosisBudget.takeDiagnosis())
      annotate.line(gateBroken ? "error" : "warning", "webhook-conformance diagnosis", d);
  for (const auto& g : errors)
    if (errorBudget.takeCause(g)) annotate.group("error", g);
  for (const auto& g : warnings)
    if (warningBudget.takeCause(g)) annotate.group("warning", g);

  std::string text = plural(casesIn(errors), "case breaks", "cases break") + " the gate (" +
                     plural(errors.size(), "cause", "causes") + "), " +
                     plural(casesIn(warnings), "case warns", "cases warn") + " (" +
                     plural(warnings.size(), "cause", "causes") + ").";
  const size_t causesLeftOut = errorBudget.causesLeftOut + warningBudget.causesLeftOut;
  const size_t diagnosesLeftOut = errorBudget.diagnosesLeftOut + warningBudget.diagnosesLeftOut;
  if (causesLeftOut || diagnosesLeftOut)
    text += " Not annotated, as GitHub shows " + std::to_string(kMaxAnnotationsPerKind) +
            " errors and " + std::to_string(kMaxAnnotationsPerKind) + " warnings per step: " +
            plural(causesLeftOut, "cause", "causes") + " of " +
            plural(errorBudget.casesLeftOut + warningBudget.casesLeftOut, "case", "cases") +
            (diagnosesLeftOut ? ", " + plural(diagnosesLeftOut, "diagnosis", "diagnoses") : "") +
            ".";
  annotate.line("notice", "webhook-conformance report",
                text + " Every case with its evidence: " + reportHtmlPath(reportDir));
}

void appendGithubStepSummary(const std::string& reportDir) {
  const char* stepSummary = std::getenv("GITHUB_STEP_SUMMARY");
  if (!stepSummary || !*stepSummary) return;
  std::string why;
  if (!appendStepSummary(reportDir + "/summary.md", stepSummary, &why))
    std::cerr << "webhook-conformance: warning: GITHUB_STEP_SUMMARY not written: " << why << "\n";
}

}  // namespace wc
