#include "report/report_file.h"
#include "report/markdown_summary.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "report/text_safety.h"

namespace wc {
namespace {

// Target-derived text (messages, URLs, versions, reasons) is shown as code, never rendered:
// a message holding `[x](http://evil)`, `@everyone` or `<img>` must not become a link, a
// mention or markup in a merge-request comment.
std::string code(const std::string& raw, const Redactor& redactor, bool inTable,
                 size_t max = 160) {
  return markdownCode(truncateUtf8(redactor.redact(raw), max), inTable);
}

const char* icon(Outcome o) {
  switch (o) {
    case Outcome::Pass: return "✅";
    case Outcome::Fail:
    case Outcome::Error:
    case Outcome::Stale: return "❌";
    case Outcome::Warn: return "⚠️";
    case Outcome::ExpectedFailure: return "🟣";
    case Outcome::Skip: return "⏭️";
    case Outcome::Interrupted: return "⏹️";
    case Outcome::Info: return "ℹ️";
  }
  return "";
}

// summary.md sits beside report.html in the report dir, so a relative link opens it wherever the
// directory is browsed (an artifact, a merge-request attachment, a local checkout). A reference
// link, defined once at the end: no "](" is ever written outside a code span, so a reviewer
// (and tests/harness/report/reliability_reports_test.cpp) can tell that no inline link in the
// file came from us.
constexpr const char* kHtmlLink = "[report.html][wc-report-html]";
constexpr const char* kHtmlLinkDefinition = "\n[wc-report-html]: report.html\n";

// Shape checks written out, not std::regex: libstdc++'s matcher recurses per character, and a
// 60 KB GITHUB_REPOSITORY overflowed the stack.
bool isAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool isAsciiAlnum(char c) {
  return isAsciiDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
template <typename Allowed>
size_t spanOf(const std::string& text, size_t at, Allowed allowed) {
  size_t end = at;
  while (end < text.size() && allowed(text[end])) ++end;
  return end - at;
}

// https://host[:port], host of letters, digits, '.' and '-'.
bool isGithubServerUrl(const std::string& text) {
  const std::string scheme = "https://";
  if (text.compare(0, scheme.size(), scheme) != 0) return false;
  size_t at = scheme.size();
  const size_t host =
      spanOf(text, at, [](char c) { return isAsciiAlnum(c) || c == '.' || c == '-'; });
  if (host == 0) return false;
  at += host;
  if (at == text.size()) return true;
  if (text[at] != ':') return false;
  const size_t port = spanOf(text, at + 1, isAsciiDigit);
  return port > 0 && at + 1 + port == text.size();
}

// owner/name, each of letters, digits, '_', '.' and '-'.
bool isGithubRepository(const std::string& text) {
  auto nameChar = [](char c) { return isAsciiAlnum(c) || c == '_' || c == '.' || c == '-'; };
  const size_t owner = spanOf(text, 0, nameChar);
  if (owner == 0 || owner >= text.size() || text[owner] != '/') return false;
  const size_t name = spanOf(text, owner + 1, nameChar);
  return name > 0 && owner + 1 + name == text.size();
}

bool isGithubRunId(const std::string& text) {
  return !text.empty() && text.size() <= 20 && spanOf(text, 0, isAsciiDigit) == text.size();
}

// The run's page on GitHub (its artifacts hold report.html; in $GITHUB_STEP_SUMMARY the relative
// link above has nothing to point at), when Actions says where that is. Values checked for
// shape: they end up in a live link.
std::string githubRunLink() {
  const char* server = std::getenv("GITHUB_SERVER_URL");
  const char* repo = std::getenv("GITHUB_REPOSITORY");
  const char* run = std::getenv("GITHUB_RUN_ID");
  if (!server || !repo || !run) return "";
  if (!isGithubServerUrl(server) || !isGithubRepository(repo) || !isGithubRunId(run)) return "";
  return std::string("[the run's artifacts](") + server + "/" + repo + "/actions/runs/" + run +
         "#artifacts)";
}

}  // namespace

std::string renderMarkdownSummary(const JudgedRun& judged, size_t maxRows) {
  const auto& report = judged.report;
  const auto& redactor = report.redactor;
  const auto& gate = judged.gate;
  const auto& v = gate.verdicts;
  std::ostringstream out;
  out << "### webhook-conformance: " << (gate.passed() ? "✅ conformant" : "❌ not conformant")
      << "\n\n";
  if (!report.interruption.empty())
    out << "**⏹️ Interrupted:** " << code(report.interruption, redactor, false, 400)
        << "; unfinished cases count as `interrupted` and the gate fails.\n\n";
  for (const auto& d : report.diagnoses)
    out << "**🔎 Diagnosis:** " << code(d, redactor, false, 600) << "\n\n";
  out << "Target " << code(report.profile.baseUrl, redactor, false)
      << (report.profile.version().empty()
              ? ""
              : " (version " + code(report.profile.version(), redactor, false) + ")")
      << ", " << v.total << " cases in " << report.duration.count() << " ms"
      << (report.strict ? ", --strict" : "") << ".\n\n"
      << "| pass | fail | warn | info | skip | error | interrupted | expected failure | stale |\n"
      << "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
      << "| " << v.pass << " | " << v.fail << " | " << v.warn << " | " << v.info << " | " << v.skip
      << " | " << v.error << " | " << v.interrupted << " | " << gate.expectedFailures << " | "
      << gate.stale << " |\n\n";
  if (!report.instances.empty()) {
    out << "Embedded reference instances:";
    for (size_t i = 0; i < report.instances.size(); ++i) {
      const auto& t = report.instances[i];
      // Merged origins are named from report.json files: inert code, like the target's text.
      out << (i ? ", " : " ") << code(t.name, redactor, false) << " (" << t.cases << " case"
          << (t.cases == 1 ? "" : "s") << ")";
    }
    out << ".\n\n";
  }
  size_t rows = 0, omitted = 0;
  std::ostringstream table;
  for (const auto& r : report.results) {
    const auto& o = judged.outcome(r);
    bool attention = o.breaksGate || o.outcome == Outcome::Warn ||
                     o.outcome == Outcome::ExpectedFailure;
    if (!attention) continue;
    if (rows == maxRows) {
      ++omitted;
      continue;
    }
    ++rows;
    table << "| " << icon(o.outcome) << " " << toString(o.outcome) << " | "
          << markdownCode(r.info.id, true) << " | " << toString(r.info.level) << " | "
          << code(o.message, redactor, true) << " |\n";
  }
  if (rows > 0) {
    out << "| outcome | case | level | message |\n|---|---|---|---|\n" << table.str();
    if (omitted) out << "\n…and " << omitted << " more in " << kHtmlLink << ".\n";
  } else {
    out << "No case needs attention.\n";
  }
  out << "\nEvery case with its evidence: " << kHtmlLink << ".\n";
  for (const auto& i : report.ignoredExpectedFailures)
    out << "\nExpected failure " << code(i.entry.id, redactor, false) << " ignored: "
        << code(i.why, redactor, false) << ".";
  if (!report.ignoredExpectedFailures.empty()) out << "\n";
  out << kHtmlLinkDefinition;
  return out.str();
}

bool writeMarkdownSummary(const JudgedRun& judged, const std::string& path, std::string* error) {
  return writeReportFile(judged.report.redactor.redact(renderMarkdownSummary(judged)), path, error);
}

std::string renderUnreachableMarkdown(const UnreachableReport& report) {
  const auto& redactor = report.redactor;
  std::ostringstream out;
  out << "### webhook-conformance: ❌ no case ran (exit " << report.exitCode << ")\n\n"
      << "Target " << code(report.profile.baseUrl, redactor, false) << ": "
      << code(report.message, redactor, false, 600) << "\n\nNo case ran: " << whyNoCaseRan(report)
      << ".\n\nDetails: " << kHtmlLink << ".\n" << kHtmlLinkDefinition;
  return out.str();
}

bool writeUnreachableMarkdown(const UnreachableReport& report, const std::string& path,
                              std::string* error) {
  return writeReportFile(report.redactor.redact(renderUnreachableMarkdown(report)), path, error);
}

}  // namespace wc

namespace wc {

bool appendStepSummary(const std::string& summaryPath, const std::string& stepSummary,
                       std::string* error) {
  std::ifstream in(summaryPath, std::ios::binary);
  if (!in) {
    if (error) *error = "cannot read " + summaryPath;
    return false;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto link = githubRunLink();
  if (!link.empty()) text += "\nreport.html, junit.xml and report.json are in " + link + ".\n";
  // Other steps append to the same file: start on a line of our own, end with a newline.
  return appendToFile("\n" + text, stepSummary, error);
}

}  // namespace wc
