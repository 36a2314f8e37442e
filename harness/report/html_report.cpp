#include "report/report_file.h"
#include "report/html_report.h"

#include <fstream>
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "report/html_style.h"
#include "report/text_safety.h"
#include "util/ids.h"

namespace wc {
namespace {

// Every text on the page: redacted first (secrets match their raw form), then made valid UTF-8
// with control characters visible (\x1b), then escaped.
class Html {
 public:
  explicit Html(const Redactor& redactor) : redactor_(redactor) {}
  std::string redact(const std::string& raw) const { return redactor_.redact(raw); }
  std::string text(const std::string& raw) const {
    return htmlEscape(escapeControl(redactor_.redact(raw), true));
  }
  // A captured header's value: [redacted] for a secret header name, whatever the value.
  std::string header(const std::string& name, const std::string& value) const {
    return htmlEscape(escapeControl(redactor_.headerValue(name, value), true));
  }

 private:
  const Redactor& redactor_;
};

std::string badge(Outcome outcome) {
  std::string name = toString(outcome);
  return "<span class=\"badge b-" + name + "\">" + name + "</span>";
}

std::string anchorFor(const std::string& id) { return "case-" + id; }

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

void writeMatrix(std::ostream& out, const JudgedRun& judged, const Html& h) {
  const auto& report = judged.report;
  std::vector<std::string> areas, endpoints;
  std::map<std::pair<std::string, std::string>, std::vector<const CaseResult*>> cells;
  for (const auto& r : report.results) {
    auto endpoint = r.info.endpoint.empty() ? std::string("(any endpoint)") : r.info.endpoint;
    if (std::find(areas.begin(), areas.end(), r.info.area) == areas.end())
      areas.push_back(r.info.area);
    if (std::find(endpoints.begin(), endpoints.end(), endpoint) == endpoints.end())
      endpoints.push_back(endpoint);
    cells[{endpoint, r.info.area}].push_back(&r);
  }
  out << "<h2>Endpoint &times; area</h2><table class=\"matrix\" id=\"matrix\"><tr><th>endpoint</th>";
  for (const auto& a : areas) out << "<th>" << h.text(a) << "</th>";
  out << "</tr>\n";
  for (const auto& e : endpoints) {
    out << "<tr><th><code>" << h.text(e) << "</code></th>";
    for (const auto& a : areas) {
      out << "<td>";
      for (const auto* r : cells[{e, a}])
        out << "<a href=\"#" << h.text(anchorFor(r->info.id)) << "\" title=\""
            << h.text(r->info.title) << "\">" << badge(judged.outcome(*r).outcome)
            << h.text(r->info.id) << "</a>";
      out << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</table>\n";
}

// The pretty body with the lines that schema errors point at wrapped in <mark>.
std::string highlightedBody(const std::string& pretty, const std::vector<SchemaError>& errors,
                            const Html& h) {
  std::map<size_t, std::string> marks;  // line -> messages
  for (const auto& e : errors)
    for (auto line : linesForPointer(pretty, e.pointer))
      marks[line] += (marks[line].empty() ? "" : "; ") + e.pointer + ": " + e.message;
  std::ostringstream out;
  std::istringstream lines(pretty);
  std::string line;
  for (size_t i = 0; std::getline(lines, line); ++i) {
    auto m = marks.find(i);
    if (m == marks.end()) {
      out << h.text(line) << "\n";
    } else {
      out << "<mark class=\"schema-error\" title=\"" << h.text(m->second) << "\">" << h.text(line)
          << "</mark>\n";
    }
  }
  return out.str();
}

void writeRequest(std::ostream& out, const CapturedRequest& r,
                  const std::vector<SchemaError>& errors, const Html& h) {
  out << "<div class=\"request\"><div><code>" << h.text(r.method + " " + r.target)
      << "</code> <span class=\"meta\">from " << h.text(r.peer) << " at "
      << h.text(isoTimestamp(r.arrivedAt)) << "</span></div><details><summary>"
      << r.headers.size() << " headers</summary><table class=\"headers\">";
  for (const auto& [name, value] : r.headers)
    out << "<tr><td>" << h.text(name) << "</td><td><code>" << h.header(name, value)
        << "</code></td></tr>";
  out << "</table></details>";
  // Redact before pretty-printing, so a secret is matched in the bytes as they arrived.
  auto pretty = prettyBody(h.redact(r.body));
  out << "<pre class=\"body\">" << highlightedBody(pretty, errors, h) << "</pre></div>\n";
}

void writeCase(std::ostream& out, const JudgedRun& judged, const CaseResult& r, const Html& h) {
  const auto& report = judged.report;
  const auto& o = judged.outcome(r);
  std::string outcome = toString(o.outcome);
  bool open = o.breaksGate || o.outcome == Outcome::Warn || o.outcome == Outcome::ExpectedFailure;
  out << "<section class=\"case c-" << outcome << "\" id=\"" << h.text(anchorFor(r.info.id))
      << "\" data-case-id=\"" << h.text(r.info.id) << "\" data-verdict=\""
      << toString(r.verdict) << "\" data-outcome=\"" << outcome << "\"><h3>" << badge(o.outcome)
      << " <code class=\"case-id\">" << h.text(r.info.id) << "</code> <span class=\"meta\">"
      << toString(r.info.level) << " &middot; " << r.duration.count() << " ms"
      << (r.info.endpoint.empty() ? "" : " &middot; " + h.text(r.info.endpoint))
      << (r.instance.empty() ? "" : " &middot; on " + h.text(r.instance)) << "</span></h3>"
      << "<div>" << h.text(r.info.title) << "</div>";
  if (!o.message.empty()) out << "<div class=\"message\"><b>" << h.text(o.message) << "</b></div>";
  if (o.expected)
    out << "<div class=\"meta\">expected failure: " << h.text(o.expected->reason) << "</div>";
  out << "<details" << (open ? " open" : "") << "><summary>evidence</summary>"
      << "<div class=\"meta\">source: " << h.text(r.info.source) << "</div>";
  const auto& ev = r.evidence;
  if (!ev.failures.empty()) {
    out << "<ul class=\"failures\">";
    for (const auto& f : ev.failures) out << "<li>" << h.text(f) << "</li>";
    out << "</ul>";
  }
  if (!ev.schemaErrors.empty()) {
    out << "<ul class=\"schema-errors\">";
    for (const auto& e : ev.schemaErrors)
      out << "<li><code>" << h.text(e.pointer.empty() ? "(root)" : e.pointer) << "</code> "
          << h.text(e.message) << "</li>";
    out << "</ul>";
  }
  if (!ev.observations.empty()) {
    out << "<ul class=\"observations\">";
    for (const auto& note : ev.observations) out << "<li>" << h.text(note) << "</li>";
    out << "</ul>";
  }
  for (const auto& req : ev.requests) writeRequest(out, req, ev.schemaErrors, h);
  out << "</details></section>\n";
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
  writeSummary(out, judged, h);
  writeMatrix(out, judged, h);
  out << "<h2>Cases</h2>\n";
  for (const auto& r : report.results) writeCase(out, judged, r, h);
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
