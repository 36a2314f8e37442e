// report.html at a glance: what needs attention (first on the page), then the area x endpoint
// matrix, which fits a 1280 px window (areas as rows, so the columns are the few endpoints).
#include <algorithm>
#include <map>
#include <vector>

#include "report/cause_groups.h"
#include "report/html_parts.h"

namespace wc::html {
namespace {

// A case's name in its matrix cell: the id without its area (the row) and, when the id names
// it, its endpoint (the column). The full id is the link's title and target.
std::string cellLabel(const CaseResult& r, const std::string& endpoint) {
  std::string label = r.info.id;
  if (label.rfind(r.info.area + ".", 0) == 0) label.erase(0, r.info.area.size() + 1);
  if (!endpoint.empty() && label.rfind(endpoint, 0) == 0) {
    label.erase(0, endpoint.size());
    if (!label.empty() && label[0] == '-') label.erase(0, 1);
  }
  return label.empty() ? std::string("webhook") : label;
}

// A mark that tells the outcome without colour (print, colour blindness).
const char* outcomeMark(Outcome o) {
  switch (o) {
    case Outcome::Pass: return "&#10003;";           // check mark
    case Outcome::Fail: return "&#10007;";           // ballot x
    case Outcome::Warn: return "!";
    case Outcome::Info: return "i";
    case Outcome::Skip: return "&ndash;";
    case Outcome::Error: return "E";
    case Outcome::Interrupted: return "&#8856;";     // circled slash
    case Outcome::ExpectedFailure: return "xf";
    case Outcome::Stale: return "S";
  }
  return "?";
}

}  // namespace

void writeAttention(std::ostream& out, const JudgedRun& judged, const Html& h) {
  std::vector<const CaseResult*> listed;
  for (const auto& r : judged.report.results)
    if (needsAttention(judged.outcome(r).outcome)) listed.push_back(&r);
  // The red stripe says something needs attention: with nothing listed it is green.
  out << "<section id=\"attention\" class=\"attention" << (listed.empty() ? " clear" : "")
      << "\"><h2>Needs attention (" << listed.size() << ")</h2>";
  if (listed.empty()) {
    out << "<p class=\"meta\">Nothing: no case failed, erred, warned or passed against its "
           "expected failure.</p></section>\n";
    return;
  }
  // Cases that ended alike (outcome and message shape) are one cause, one row: a target that
  // drops a field fails 60 cases with one message, one thing to fix.
  std::vector<std::vector<const CaseResult*>> causes;
  std::map<std::pair<Outcome, std::string>, size_t> causeOf;
  for (const auto* r : listed) {
    const auto& o = judged.outcome(*r);
    auto key = std::make_pair(o.outcome, messageShape(o.message));
    auto [at, added] = causeOf.emplace(key, causes.size());
    if (added) causes.emplace_back();
    causes[at->second].push_back(r);
  }
  if (causes.size() < listed.size())
    out << "<p class=\"meta\">" << causes.size()
        << " cause(s): cases that ended alike are one row, with their cases</p>";
  out << "<ol>";
  for (const auto& cause : causes) {
    const auto* first = cause.front();
    const auto& o = judged.outcome(*first);
    bool gate = false, sameLevel = true;
    for (const auto* r : cause) {
      gate = gate || judged.outcome(*r).breaksGate;
      sameLevel = sameLevel && r->info.level == first->info.level;
    }
    out << "<li class=\"c-" << toString(o.outcome) << "\">";
    if (cause.size() == 1) {
      out << "<a href=\"#" << h.text(anchorFor(first->info.id)) << "\">" << badge(o.outcome)
          << " <code>" << h.text(first->info.id) << "</code></a>";
    } else {
      out << badge(o.outcome) << " <b>" << cause.size() << " cases</b>";
    }
    out << " <span class=\"meta\">" << (sameLevel ? toString(first->info.level) : "")
        << (gate ? " &middot; breaks the gate" : "") << "</span>"
        << "<span class=\"message\">" << h.line(o.message, 400) << "</span>";
    if (cause.size() > 1) {
      out << "<div class=\"cases\">";
      for (const auto* r : cause)
        out << "<a href=\"#" << h.text(anchorFor(r->info.id)) << "\"><code>"
            << h.text(r->info.id) << "</code></a> ";
      out << "</div>";
    }
    out << "</li>";
  }
  out << "</ol></section>\n";
}

void writeMatrix(std::ostream& out, const JudgedRun& judged, const Html& h) {
  std::vector<std::string> areas, endpoints;
  std::map<std::pair<std::string, std::string>, std::vector<const CaseResult*>> cells;
  for (const auto& r : judged.report.results) {
    if (std::find(areas.begin(), areas.end(), r.info.area) == areas.end())
      areas.push_back(r.info.area);
    if (std::find(endpoints.begin(), endpoints.end(), r.info.endpoint) == endpoints.end())
      endpoints.push_back(r.info.endpoint);
    cells[{r.info.area, r.info.endpoint}].push_back(&r);
  }
  // Cases on every endpoint, then those for no particular endpoint, in the last columns.
  for (const std::string last : {std::string(kEveryEndpoint), std::string()}) {
    auto it = std::find(endpoints.begin(), endpoints.end(), last);
    if (it != endpoints.end()) std::rotate(it, it + 1, endpoints.end());
  }
  out << "<h2>Area &times; endpoint</h2><table class=\"matrix\" id=\"matrix\"><thead><tr>"
         "<th class=\"corner\">area \\ endpoint</th>";
  for (const auto& e : endpoints)
    out << "<th scope=\"col\">"
        << (e.empty()                ? "(any endpoint)"
            : e == kEveryEndpoint ? "(every endpoint)"
                                  : "<code>" + h.text(e) + "</code>")
        << "</th>";
  out << "</tr></thead><tbody>\n";
  for (const auto& a : areas) {
    out << "<tr><th scope=\"row\">" << h.text(a) << "</th>";
    for (const auto& e : endpoints) {
      out << "<td>";
      for (const auto* r : cells[{a, e}]) {
        auto o = judged.outcome(*r).outcome;
        out << "<a class=\"chip o-" << toString(o) << "\" href=\"#" << h.text(anchorFor(r->info.id))
            << "\" title=\"" << h.text(r->info.id) << " (" << toString(o) << "): "
            << h.text(r->info.title) << "\"><span class=\"mark\">" << outcomeMark(o)
            << "</span>" << h.text(cellLabel(*r, e)) << "</a>";
      }
      out << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</tbody></table><p class=\"meta legend\">";
  for (auto o : {Outcome::Pass, Outcome::Fail, Outcome::Warn, Outcome::Error, Outcome::Stale,
                 Outcome::ExpectedFailure, Outcome::Info, Outcome::Skip, Outcome::Interrupted})
    out << "<span class=\"chip o-" << toString(o) << "\"><span class=\"mark\">" << outcomeMark(o)
        << "</span>" << toString(o) << "</span> ";
  out << "&middot; a cell names each case without its area and endpoint; its title is the full "
         "id</p>\n";
}

}  // namespace wc::html
