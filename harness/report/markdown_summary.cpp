#include "report/report_file.h"
#include "report/markdown_summary.h"

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
      out << (i ? ", " : " ") << "`" << t.name << "` (" << t.cases << " case"
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
    if (omitted) out << "\n…and " << omitted << " more: see report.html.\n";
  } else {
    out << "No case needs attention.\n";
  }
  for (const auto& i : report.ignoredExpectedFailures)
    out << "\nExpected failure " << code(i.entry.id, redactor, false) << " ignored: "
        << code(i.why, redactor, false) << ".";
  if (!report.ignoredExpectedFailures.empty()) out << "\n";
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
      << ".\n";
  return out.str();
}

bool writeUnreachableMarkdown(const UnreachableReport& report, const std::string& path,
                              std::string* error) {
  return writeReportFile(report.redactor.redact(renderUnreachableMarkdown(report)), path, error);
}

}  // namespace wc
