// load.html: one self-contained page like report.html: no scripts, no network (a CSP forbids
// both), charts as inline SVG computed here, every text from the target escaped and redacted.
// Only failed runs are listed, at most kMaxHtmlRuns, so 100,000 runs render fast.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "load/load_reports.h"
#include "report/html_style.h"
#include "report/text_safety.h"

namespace wc::load {
namespace {

constexpr int kChartWidth = 720, kChartHeight = 180, kBins = 40;

std::string num(double v, int digits = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

class Text {
 public:
  explicit Text(const Redactor& r) : redactor_(r) {}
  std::string operator()(const std::string& raw) const {
    return htmlEscape(escapeControl(redactor_.redact(raw), false));
  }

 private:
  const Redactor& redactor_;
};

// Bars of `counts` over [0, kChartWidth] with x-axis labels from `low` to `high` (`unit`).
void bars(std::ostream& out, const std::vector<size_t>& counts, double low, double high,
          const std::string& unit, const std::string& title, const char* colour) {
  const size_t peak = std::max<size_t>(1, *std::max_element(counts.begin(), counts.end()));
  const double w = static_cast<double>(kChartWidth) / static_cast<double>(counts.size());
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kChartWidth + 60 << "\" height=\""
      << kChartHeight + 40 << "\" role=\"img\" aria-label=\"" << title << "\">"
      << "<g transform=\"translate(50,10)\"><line x1=\"0\" y1=\"" << kChartHeight << "\" x2=\""
      << kChartWidth << "\" y2=\"" << kChartHeight << "\" stroke=\"#57606a\"/>";
  for (size_t i = 0; i < counts.size(); ++i) {
    if (!counts[i]) continue;
    double h = static_cast<double>(counts[i]) / static_cast<double>(peak) * kChartHeight;
    out << "<rect x=\"" << num(static_cast<double>(i) * w) << "\" y=\"" << num(kChartHeight - h)
        << "\" width=\"" << num(std::max(1.0, w - 1)) << "\" height=\"" << num(h) << "\" fill=\""
        << colour << "\"><title>" << counts[i] << "</title></rect>";
  }
  out << "<text x=\"0\" y=\"" << kChartHeight + 16 << "\" font-size=\"11\">" << num(low) << " "
      << unit << "</text><text x=\"" << kChartWidth << "\" y=\"" << kChartHeight + 16
      << "\" font-size=\"11\" text-anchor=\"end\">" << num(high) << " " << unit << "</text>"
      << "<text x=\"-6\" y=\"10\" font-size=\"11\" text-anchor=\"end\">" << peak << "</text>"
      << "<text x=\"-6\" y=\"" << kChartHeight << "\" font-size=\"11\" text-anchor=\"end\">0</text>"
      << "</g></svg>\n";
}

void histogram(std::ostream& out, const std::vector<LoadRun>& runs) {
  std::vector<double> values;
  for (const auto& r : runs)
    if (double ms = 0; creationLatencyMs(r, &ms)) values.push_back(std::max(0.0, ms));
  out << "<h2>Run creation &rarr; webhook latency</h2>\n";
  if (values.empty()) {
    out << "<p>No webhook arrived: nothing to draw.</p>\n";
    return;
  }
  const double top = std::max(1.0, *std::max_element(values.begin(), values.end()));
  std::vector<size_t> counts(kBins, 0);
  for (double v : values) ++counts[std::min<size_t>(kBins - 1, static_cast<size_t>(v / top * kBins))];
  bars(out, counts, 0, top, "ms", "latency histogram", "#0969da");
}

void timeline(std::ostream& out, const LoadReport& report) {
  const auto& s = report.summary;
  out << "<h2>Webhooks arriving over time</h2>\n";
  if (s.endMs <= s.startMs || s.webhooks == 0) {
    out << "<p>No webhook arrived: nothing to draw.</p>\n";
    return;
  }
  const double span = s.endMs - s.startMs;
  std::vector<size_t> counts(kBins * 2, 0);
  auto add = [&](double t) {
    if (t <= 0) return;
    auto bin = static_cast<size_t>(std::max(0.0, t - s.startMs) / span * static_cast<double>(counts.size()));
    ++counts[std::min(counts.size() - 1, bin)];
  };
  for (const auto& r : report.runs) {
    add(r.firstArrivalMs);
    for (double t : r.laterArrivalsMs) add(t);
  }
  bars(out, counts, 0, span / 1000.0, "s", "arrival timeline", "#1a7f37");
  out << "<p class=\"meta\">Each bar: webhooks (first and repeated) that arrived in " << num(span / counts.size(), 0)
      << " ms, from the first run's creation.</p>\n";
}

std::string detail(const LoadRun& r) {
  auto problems = problemsOf(r);
  return problems.empty() ? "" : problemText(r, problems.front());
}

}  // namespace

std::string renderLoadHtml(const LoadReport& report) {
  const Text t(report.redactor);
  const auto& h = report.header;
  const auto& s = report.summary;
  const bool failed = s.gateFailed || !h.interrupted.empty();
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'\">"
      << "<title>webhook-conformance load: " << t(h.target) << "</title><style>" << kHtmlReportStyle
      << "</style></head><body>\n<header><h1>webhook-conformance load</h1><p>"
      << "<span class=\"gate " << (failed ? "gate-fail\">FAIL" : "gate-pass\">PASS") << "</span> "
      << t(h.target) << (h.targetVersion.empty() ? "" : " " + t(h.targetVersion)) << " &middot; <code>" << t(h.endpoint) << "</code> &middot; " << s.planned
      << " runs planned";
  if (h.shardCount > 1) out << " &middot; shard " << h.shardIndex + 1 << "/" << h.shardCount;
  if (!h.shardsMerged.empty()) out << " &middot; " << h.shardsMerged.size() << " shards merged";
  if (!h.referenceFault.empty()) out << " &middot; fault <code>" << t(h.referenceFault) << "</code>";
  out << "</p>";
  if (!h.interrupted.empty()) out << "<p class=\"interrupted\">Interrupted: " << t(h.interrupted) << "</p>";
  out << "</header><main>\n<h2>Accounting</h2>\n<table>";
  auto row = [&](const std::string& name, const std::string& value) {
    out << "<tr><th>" << name << "</th><td>" << value << "</td></tr>";
  };
  row("runs sent / created / finished", std::to_string(s.sent) + " / " + std::to_string(s.created) +
                                            " / " + std::to_string(s.finished));
  row("not sent", std::to_string(s.notSent));
  row("interrupted in flight", std::to_string(s.interrupted));
  row("webhooks received", std::to_string(s.webhooks));
  row("runs with exactly one valid webhook", std::to_string(s.exactlyOnce));
  for (const auto& [p, n] : s.problems) row(toString(p), std::to_string(n));
  row("final status not served by the API", std::to_string(s.statusUnknown));
  row("requests on unknown routes", std::to_string(s.strays));
  row("wall time", num(s.wallSeconds, 2) + " s");
  row("throughput", num(s.runsPerSecond) + " runs/s, " + num(s.webhooksPerSecond) + " webhooks/s");
  out << "</table>\n<h2>Latency (ms)</h2>\n<table><tr><th></th><th>count</th><th>p50</th><th>p90</th>"
         "<th>p99</th><th>max</th></tr>";
  auto latencyRow = [&](const char* name, const LatencyStats& st) {
    out << "<tr><th>" << name << "</th><td>" << st.count << "</td><td>" << num(st.p50) << "</td><td>"
        << num(st.p90) << "</td><td>" << num(st.p99) << "</td><td>" << num(st.max) << "</td></tr>";
  };
  latencyRow("run creation &rarr; webhook", s.creationToWebhook);
  latencyRow("run end &rarr; webhook", s.runEndToWebhook);
  out << "</table>\n<p class=\"meta\">Run end: the payload's <code>run_ended_at</code> (else the API's "
         "<code>updated_at</code>), on the target's clock; arrival: the capture server's clock.</p>\n";
  out << "<h2>Checks</h2>\n<table><tr><th>check</th><th>outcome</th><th>result</th></tr>";
  for (const auto& c : s.checks) {
    const char* outcome = c.skipped ? "skip" : c.failed ? "fail" : "pass";
    out << "<tr><td><code>" << c.id << "</code><br><span class=\"meta\">" << t(c.title)
        << "</span></td><td><span class=\"badge b-" << outcome << "\">" << outcome
        << "</span></td><td><pre>" << htmlEscape(escapeControl(report.redactor.redact(c.message), true))
        << "</pre></td></tr>";
  }
  out << "</table>\n";
  histogram(out, report.runs);
  timeline(out, report);
  out << "<h2>Runs with a problem</h2>\n";
  size_t listed = 0, failing = 0;
  std::ostringstream rows;
  for (const auto& r : report.runs) {
    if (problemsOf(r).empty()) continue;
    if (++failing > kMaxHtmlRuns) continue;
    ++listed;
    rows << "<tr><td>" << r.index << "</td><td><code>" << t(r.runId) << "</code></td><td><code>"
         << t(r.threadId) << "</code></td><td>" << outcomeOf(r) << "</td><td>" << r.webhooks
         << "</td><td>" << t(detail(r)) << "</td></tr>";
  }
  if (!failing) {
    out << "<p>None.</p>\n";
  } else {
    out << "<p>" << failing << " run(s)" << (failing > listed ? ", the first " + std::to_string(listed) + " listed (load.json has every run)" : "")
        << ".</p>\n<table><tr><th>run</th><th>run_id</th><th>thread_id</th><th>outcome</th>"
           "<th>webhooks</th><th>detail</th></tr>"
        << rows.str() << "</table>\n";
  }
  out << "</main></body></html>\n";
  return out.str();
}

}  // namespace wc::load
