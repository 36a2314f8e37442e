#include "cli/annotations.h"

#include <cstdlib>
#include <iostream>

#include "report/markdown_summary.h"

namespace wc {
namespace {

// GitHub shows the first lines of an annotation; a 200 KB message from a target helps nobody.
constexpr size_t kMaxAnnotationBytes = 2000;

std::string clipped(const std::string& text) {
  if (text.size() <= kMaxAnnotationBytes) return text;
  size_t end = kMaxAnnotationBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // UTF-8
  return text.substr(0, end) + "... (" + std::to_string(text.size()) + " bytes)";
}

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

void printAnnotations(const JudgedRun& judged, std::ostream& out) {
  const auto& report = judged.report;
  for (const auto& r : report.results) {
    const auto& o = judged.outcome(r);
    const bool warning = !o.breaksGate && o.outcome == Outcome::Warn;
    if (!o.breaksGate && !warning) continue;
    const std::string title = r.info.id + " (" + toString(r.info.level) + ", " +
                              toString(o.outcome) + ")";
    out << (warning ? "::warning" : "::error") << " title=" << escapeWorkflowProperty(title)
        << "::" << escapeWorkflowData(clipped(report.redactor.redact(o.message))) << "\n";
  }
  for (const auto& d : report.diagnoses)
    out << "::warning title=webhook-conformance diagnosis::"
        << escapeWorkflowData(clipped(report.redactor.redact(d))) << "\n";
}

void appendGithubStepSummary(const std::string& reportDir) {
  const char* stepSummary = std::getenv("GITHUB_STEP_SUMMARY");
  if (!stepSummary || !*stepSummary) return;
  std::string why;
  if (!appendStepSummary(reportDir + "/summary.md", stepSummary, &why))
    std::cerr << "webhook-conformance: warning: GITHUB_STEP_SUMMARY not written: " << why << "\n";
}

}  // namespace wc
