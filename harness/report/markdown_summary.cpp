#include "report/markdown_summary.h"

#include <fstream>
#include <sstream>

#include "report/text_safety.h"

namespace wc {
namespace {

// A table cell: one line, pipes escaped, HTML inert, short.
std::string cell(const std::string& raw, const Redactor& redactor, size_t max = 160) {
  std::string text = validUtf8(redactor.redact(raw));
  if (text.size() > max) text = text.substr(0, max) + "…";
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '`') out += '\'';
    else out += c;
  }
  return out;
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
    case Outcome::Info: return "ℹ️";
  }
  return "";
}

}  // namespace

std::string renderMarkdownSummary(const RunReport& report, size_t maxRows) {
  const auto& redactor = report.redactor;
  auto gate = summarize(report);
  const auto& v = gate.verdicts;
  std::ostringstream out;
  out << "### webhook-conformance: " << (gate.passed() ? "✅ conformant" : "❌ not conformant")
      << "\n\n"
      << "Target `" << cell(report.profile.baseUrl, redactor) << "`"
      << (report.profile.version().empty() ? ""
                                           : " (version " + cell(report.profile.version(), redactor) + ")")
      << ", " << v.total << " cases in " << report.duration.count() << " ms"
      << (report.strict ? ", --strict" : "") << ".\n\n"
      << "| pass | fail | warn | info | skip | error | expected failure | stale |\n"
      << "|---:|---:|---:|---:|---:|---:|---:|---:|\n"
      << "| " << v.pass << " | " << v.fail << " | " << v.warn << " | " << v.info << " | " << v.skip
      << " | " << v.error << " | " << gate.expectedFailures << " | " << gate.stale << " |\n\n";
  size_t rows = 0, omitted = 0;
  std::ostringstream table;
  for (const auto& r : report.results) {
    auto o = outcomeOf(report, r);
    bool attention = o.breaksGate || o.outcome == Outcome::Warn ||
                     o.outcome == Outcome::ExpectedFailure;
    if (!attention) continue;
    if (rows == maxRows) {
      ++omitted;
      continue;
    }
    ++rows;
    table << "| " << icon(o.outcome) << " " << toString(o.outcome) << " | `" << r.info.id << "` | "
          << toString(r.info.level) << " | " << cell(o.message, redactor) << " |\n";
  }
  if (rows > 0) {
    out << "| outcome | case | level | message |\n|---|---|---|---|\n" << table.str();
    if (omitted) out << "\n…and " << omitted << " more: see report.html.\n";
  } else {
    out << "No case needs attention.\n";
  }
  for (const auto& i : report.ignoredExpectedFailures)
    out << "\nExpected failure `" << cell(i.entry.id, redactor) << "` ignored: "
        << cell(i.why, redactor) << ".";
  if (!report.ignoredExpectedFailures.empty()) out << "\n";
  return out.str();
}

bool writeMarkdownSummary(const RunReport& report, const std::string& path, std::string* error) {
  std::ofstream out(path, std::ios::binary);
  out << report.redactor.redact(renderMarkdownSummary(report));
  if (!out) {
    if (error) *error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace wc
