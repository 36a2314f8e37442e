#include "report/report_file.h"
#include "report/html_report.h"

#include <fstream>
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "report/html_parts.h"
#include "report/html_style.h"
#include "report/text_safety.h"
#include "util/ids.h"

namespace wc {
namespace {

using html::anchorFor;
using html::badge;
using html::Html;

std::vector<std::string> pointerTokens(const std::string& pointer) {
  std::vector<std::string> tokens;
  size_t at = 0;
  while (at < pointer.size() && pointer[at] == '/') {
    auto next = pointer.find('/', at + 1);
    auto token = pointer.substr(at + 1, next == std::string::npos ? next : next - at - 1);
    std::string unescaped;
    for (size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size()) {
        unescaped += token[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        unescaped += token[i];
      }
    }
    tokens.push_back(unescaped);
    if (next == std::string::npos) break;
    at = next;
  }
  return tokens;
}

void writeSummary(std::ostream& out, const JudgedRun& judged, const Html& h) {
  const auto& report = judged.report;
  const auto& gate = judged.gate;
  const auto& v = gate.verdicts;
  const auto& p = report.profile;
  out << "<header><h1>webhook-conformance report <span class=\"gate gate-"
      << (gate.passed() ? "pass\" id=\"gate\">GATE PASSED" : "fail\" id=\"gate\">GATE FAILED")
      << "</span></h1><div class=\"meta\">target <code>" << h.text(p.baseUrl) << "</code>"
      << (p.embeddedReference ? " (embedded reference)" : "")
      << (p.referenceFault.empty() ? "" : " fault <code>" + h.text(p.referenceFault) + "</code>")
      << " &middot; version <code>" << h.text(p.version().empty() ? "unknown" : p.version())
      << "</code> &middot; started " << h.text(isoTimestamp(report.startedAt)) << " &middot; "
      << report.duration.count() << " ms &middot; tool " << h.text(report.toolVersion)
      << (report.strict ? " &middot; --strict" : "") << "</div>";
  if (!report.interruption.empty())
    out << "<div class=\"interrupted\" id=\"interrupted\"><b>Interrupted:</b> "
        << h.text(report.interruption) << ". Unfinished cases are <code>interrupted</code>; "
        << "the gate fails.</div>";
  for (const auto& d : report.diagnoses)
    out << "<div class=\"interrupted diagnosis\"><b>Diagnosis:</b> " << h.text(d) << "</div>";
  out << "</header><main>\n";
  html::writeAttention(out, judged, h);
  out << "<h2>Summary</h2><table id=\"summary\"><tr>";
  const std::pair<const char*, size_t> counts[] = {
      {"total", v.total}, {"pass", v.pass},   {"fail", v.fail},
      {"warn", v.warn},   {"info", v.info},   {"skip", v.skip},
      {"error", v.error}, {"interrupted", v.interrupted},
      {"expected-failure", gate.expectedFailures}, {"stale", gate.stale}};
  for (const auto& [name, n] : counts) out << "<th>" << name << "</th>";
  out << "</tr><tr>";
  for (const auto& [name, n] : counts) out << "<td data-count=\"" << name << "\">" << n << "</td>";
  out << "</tr></table>\n";
}

// Below the matrix: the reference's instances and the expected-failures file, when there are.
void writeRunDetails(std::ostream& out, const JudgedRun& judged, const Html& h) {
  const auto& report = judged.report;
  if (!report.instances.empty()) {
    out << "<h2>Instances</h2><p class=\"meta\">the embedded reference, once per configuration "
           "the cases need</p><table id=\"instances\"><tr><th>instance</th><th>config</th>"
           "<th>cases</th></tr>";
    for (const auto& i : report.instances)
      out << "<tr><td><code>" << h.text(i.name) << "</code></td><td>"
          << (i.configFile.empty() ? "none" : "<code>fixtures/configs/" + h.text(i.configFile) + "</code>")
          << "</td><td>" << i.cases << "</td></tr>";
    out << "</table>\n";
  }
  if (!report.expectedFailuresFile.empty()) {
    out << "<h2>Expected failures</h2><p class=\"meta\">from <code>"
        << h.text(report.expectedFailuresFile) << "</code></p><ul>";
    for (const auto& [id, e] : report.expectedFailures)
      out << "<li><a href=\"#" << h.text(anchorFor(id)) << "\"><code>" << h.text(id)
          << "</code></a>: " << h.text(e.reason) << "</li>";
    for (const auto& i : report.ignoredExpectedFailures)
      out << "<li><code>" << h.text(i.entry.id) << "</code>: ignored, " << h.text(i.why) << "</li>";
    out << "</ul>\n";
  }
}

}  // namespace

std::vector<size_t> linesForPointer(const std::string& prettyJson, const std::string& pointer) {
  auto tokens = pointerTokens(pointer);
  if (tokens.empty()) return {};
  std::vector<std::string> lines;
  std::istringstream in(prettyJson);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  // Walk down: the key for token k sits at indent 2*(k+1) after the previous token's line.
  size_t from = 0;
  std::optional<size_t> found;
  for (size_t depth = 0; depth < tokens.size(); ++depth) {
    std::string key = std::string(2 * (depth + 1), ' ') + nlohmann::json(tokens[depth]).dump() + ":";
    bool hit = false;
    for (size_t i = from; i < lines.size(); ++i) {
      auto indent = lines[i].find_first_not_of(' ');
      if (indent != std::string::npos && indent < 2 * (depth + 1) && i > from) break;  // left the parent
      if (lines[i].rfind(key, 0) == 0) {
        found = i;
        from = i;
        hit = true;
        break;
      }
    }
    if (!hit) break;
  }
  if (!found) return {};
  return {*found};
}

namespace {

void writeHead(std::ostream& out, const std::string& baseUrl, const Html& h) {
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'\">"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      << "<title>webhook-conformance: " << h.text(baseUrl) << "</title><style>"
      << kHtmlReportStyle << "</style></head><body>\n";
}

}  // namespace

std::string renderHtmlReport(const JudgedRun& judged) {
  const auto& report = judged.report;
  Html h(report.redactor);
  std::ostringstream out;
  writeHead(out, report.profile.baseUrl, h);
  writeSummary(out, judged, h);  // the header, then what needs attention, then the counts
  html::writeMatrix(out, judged, h);
  writeRunDetails(out, judged, h);
  out << "<h2>Cases</h2>\n";
  for (const auto& r : report.results) html::writeCase(out, judged, r, h);
  out << "</main></body></html>\n";
  return out.str();
}

bool writeHtmlReport(const JudgedRun& judged, const std::string& path, std::string* error) {
  return writeReportFile(judged.report.redactor.redact(renderHtmlReport(judged)), path, error);
}

std::string renderUnreachableHtml(const UnreachableReport& report) {
  Html h(report.redactor);
  std::ostringstream out;
  writeHead(out, report.profile.baseUrl, h);
  out << "<header><h1>webhook-conformance report <span class=\"gate gate-fail\" id=\"gate\">"
      << (report.exitCode == 3 ? "TARGET UNREACHABLE" : "STOPPED")
      << "</span></h1><div class=\"meta\">target <code>"
      << h.text(report.profile.baseUrl) << "</code> &middot; started "
      << h.text(isoTimestamp(report.startedAt)) << " &middot; tool " << h.text(report.toolVersion)
      << " &middot; exit " << report.exitCode << "</div></header><main>\n"
      << "<section class=\"case c-error\" id=\"preflight\"><h3>" << badge(Outcome::Error)
      << " <code class=\"case-id\">preflight.target-reachable</code></h3>"
      << "<div class=\"message\"><b>" << h.text(report.message) << "</b></div>"
      << "<div>No case ran: " << h.text(whyNoCaseRan(report)) << ".</div></section>"
      << "</main></body></html>\n";
  return out.str();
}

bool writeUnreachableHtml(const UnreachableReport& report, const std::string& path,
                          std::string* error) {
  return writeReportFile(report.redactor.redact(renderUnreachableHtml(report)), path, error);
}

}  // namespace wc
