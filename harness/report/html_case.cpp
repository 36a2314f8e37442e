// report.html's case cards: outcome, a duration bar on the run's timeline, the message, the curl
// reproducer of a failing case's run, and the evidence with schema errors highlighted.
#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "report/html_parts.h"
#include "report/html_report.h"
#include "util/ids.h"

namespace wc::html {
namespace {

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

std::string percent(double share) {
  char text[16];
  std::snprintf(text, sizeof text, "%.2f%%", std::clamp(share, 0.0, 1.0) * 100.0);
  return text;
}

// The case's span on the run's timeline (cases run concurrently): where it started and how long
// it took, as a share of the run. CSS only: a track and a bar placed by inline style.
void writeDurationBar(std::ostream& out, const RunReport& report, const CaseResult& r,
                      Outcome outcome) {
  auto run = std::max<double>(1.0, static_cast<double>(report.duration.count()));
  double offset = 0;
  if (r.startedAt.time_since_epoch().count() != 0)
    offset = static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     r.startedAt - report.startedAt)
                                     .count());
  double width = std::max(static_cast<double>(r.duration.count()) / run, 0.004);
  double left = std::min(offset / run, 1.0 - width);
  out << "<span class=\"dur\" title=\"from +" << static_cast<long long>(offset) << " ms, "
      << r.duration.count() << " ms of the run's " << report.duration.count()
      << " ms\"><span class=\"o-" << toString(outcome) << "\" style=\"margin-left:"
      << percent(left) << ";width:" << percent(width) << "\"></span></span>";
}

std::string targetBaseUrl(const RunReport& report, const CaseResult& r) {
  for (const auto& i : report.instances)
    if (i.name == r.instance && !i.baseUrl.empty()) return i.baseUrl;
  return report.profile.baseUrl;
}

void writeCurl(std::ostream& out, const RunReport& report, const CaseResult& r, const Html& h) {
  const auto& c = report.configuration;
  bool apiKey = c.is_object() && c.contains("api_key") && !c["api_key"].is_null();
  std::vector<std::string> headerNames;
  if (c.is_object() && c.contains("headers") && c["headers"].is_array())
    for (const auto& line : c["headers"])
      if (line.is_string()) headerNames.push_back(line.get<std::string>().substr(
                                0, line.get<std::string>().find(':')));
  auto command = curlReproducer(*r.evidence.creation, targetBaseUrl(report, r), apiKey,
                                headerNames, h.redactor());
  out << "<details class=\"curl\" open><summary>reproduce: the call that created its run"
      << "</summary><pre class=\"curl\">" << htmlEscape(escapeControl(command, true))
      << "</pre></details>";
}

}  // namespace

void writeCase(std::ostream& out, const JudgedRun& judged, const CaseResult& r, const Html& h) {
  const auto& o = judged.outcome(r);
  std::string outcome = toString(o.outcome);
  bool open = o.breaksGate || needsAttention(o.outcome) || o.outcome == Outcome::ExpectedFailure;
  out << "<section class=\"case c-" << outcome << "\" id=\"" << h.text(anchorFor(r.info.id))
      << "\" data-case-id=\"" << h.text(r.info.id) << "\" data-verdict=\""
      << toString(r.verdict) << "\" data-outcome=\"" << outcome << "\"><h3>" << badge(o.outcome)
      << " <code class=\"case-id\">" << h.text(r.info.id) << "</code> <span class=\"meta\">"
      << toString(r.info.level)
      << (r.info.evidenceGrade ? std::string(" &middot; ") + toString(*r.info.evidenceGrade) : "")
      << " &middot; " << r.duration.count() << " ms"
      << (r.info.endpoint.empty() ? "" : " &middot; " + h.text(r.info.endpoint))
      << (r.instance.empty() ? "" : " &middot; on " + h.text(r.instance)) << "</span>";
  writeDurationBar(out, judged.report, r, o.outcome);
  out << "</h3><div>" << h.text(r.info.title) << "</div>";
  if (!o.message.empty()) out << "<div class=\"message\"><b>" << h.text(o.message) << "</b></div>";
  if (o.expected)
    out << "<div class=\"meta\">expected failure: " << h.text(o.expected->reason) << "</div>";
  if (open && r.evidence.creation) writeCurl(out, judged.report, r, h);
  out << "<details" << (open ? " open" : "") << "><summary>evidence</summary>"
      << "<div class=\"meta\">source"
      << (r.info.evidenceGrade ? std::string(" (") + toString(*r.info.evidenceGrade) + ")" : "")
      << ": " << h.text(r.info.source) << "</div>";
  if (!r.info.settledBy.empty())
    out << "<div class=\"meta\">would be settled by: " << h.text(r.info.settledBy) << "</div>";
  const auto& ev = r.evidence;
  if (!ev.failures.empty()) {
    out << "<ul class=\"failures\">";
    for (const auto& f : ev.failures) out << "<li>" << h.text(f) << "</li>";
    out << "</ul>";
  }
  if (!ev.warnings.empty()) {
    out << "<ul class=\"warnings\">";
    for (const auto& w : ev.warnings) out << "<li>" << h.text(w) << "</li>";
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

}  // namespace wc::html
