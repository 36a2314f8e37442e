// The live view of `capture` and /webhooks.json. Each webhook's row and JSON are rendered from its
// stored verdicts; CaptureStore caches both when storing it, so a page or a poll copies text only.
#include <algorithm>
#include <map>
#include <sstream>

#include "live/capture_inspection.h"
#include "report/html_report.h"
#include "report/text_safety.h"
#include "util/bounded_json.h"
#include "util/ids.h"

namespace wc {
namespace {

constexpr const char* kPageStyle = R"css(
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:12px 20px;color:#1d232b;background:#f6f7f9}
h1{font-size:19px}code,pre{font:12.5px/1.4 ui-monospace,Menlo,Consolas,monospace}
pre{background:#fff;border:1px solid #dde1e6;padding:8px;overflow:auto;max-height:420px}
.hook{background:#fff;border:1px solid #dde1e6;border-left:5px solid #1a7f37;margin:10px 0;padding:8px 12px}
.hook.bad{border-left-color:#cf222e}.ok{color:#1a7f37}.bad-check{color:#cf222e;font-weight:600}
.meta{color:#57606a;font-size:12.5px}table{border-collapse:collapse}td{border:1px solid #dde1e6;padding:2px 6px}
mark.schema-error{background:#ffd7d5;color:#a40e26;font-weight:600}
)css";

// Polls /live.json?after=SEQ and puts the new rows on top, so the page is never rendered whole
// again. A non-200 answer (a cursor from before a restart of capture) reloads the page; a failed
// fetch (capture stopped) just tries again.
constexpr const char* kPageScript = R"js((function () {
  var hooks = document.getElementById('hooks');
  var summary = document.getElementById('summary');
  var after = hooks.getAttribute('data-after');
  var maxShown = parseInt(hooks.getAttribute('data-max-shown'), 10);
  function tick() {
    fetch('/live.json?after=' + after, {cache: 'no-store'}).then(function (r) {
      if (!r.ok) { location.reload(); return null; }
      return r.json();
    }).then(function (d) {
      if (!d) return;
      after = String(d.last_seq);
      summary.innerHTML = d.summary;
      document.title = d.title;
      for (var i = 0; i < d.rows.length; ++i) hooks.insertAdjacentHTML('afterbegin', d.rows[i]);
      while (hooks.children.length > maxShown) hooks.removeChild(hooks.lastElementChild);
    }).catch(function () {}).then(function () { setTimeout(tick, 2000); });
  }
  setTimeout(tick, 2000);
})();
)js";

// Bodies longer than this are shown raw (not re-parsed and pretty-printed) and cut in the page.
constexpr size_t kPageBodyBytes = 64 * 1024;

// The body as the page shows it: pretty JSON when it parses within limits, else the raw text;
// at most kPageBodyBytes either way.
std::string pageBody(const CapturedRequest& r) {
  if (r.body.size() <= kPageBodyBytes && !r.bodyTruncated) {
    auto parsed = parseBoundedJson(r.body);
    if (parsed) return parsed->dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    return r.body;
  }
  return r.body.substr(0, kPageBodyBytes);
}

}  // namespace

const char* capturePageScript() { return kPageScript; }

std::string capturePageTitle(size_t kept, const CapturePageSummary& summary) {
  return "webhook-conformance capture (" + std::to_string(kept + summary.dropped) + ")";
}

std::string capturePageSummaryHtml(size_t kept, const CapturePageSummary& summary) {
  std::ostringstream out;
  out << "Send webhooks to <code>" << htmlEscape(validUtf8(summary.hookUrl))
      << "/&lt;any path&gt;</code>"
      << (summary.expectedToken.empty() ? "" : " with <code>?token=…</code>") << ". "
      << kept + summary.dropped << " received";
  if (summary.dropped > 0) out << ", " << summary.dropped << " oldest dropped (" << kept << " kept)";
  if (kept > summary.maxShown) out << "; the newest " << summary.maxShown << " shown";
  out << "; this page updates every 2 s; JSON at <code>/webhooks.json</code>"
      << " (<code>?after=SEQ</code>: only those stored after SEQ).";
  return out.str();
}

std::string webhookRowHtml(const InspectedWebhook& webhook) {
  if (!webhook.rowHtml.empty()) return webhook.rowHtml;
  const auto& r = webhook.request;
  const auto& inspection = webhook.inspection;
  std::ostringstream out;
  out << "<div class=\"hook" << (inspection.allOk() ? "" : " bad") << "\"><div><code>"
      << htmlEscape(validUtf8(r.method + " " + r.target)) << "</code> <span class=\"meta\">"
      << htmlEscape(isoTimestamp(r.arrivedAt)) << " from " << htmlEscape(validUtf8(r.peer))
      << "</span></div><div>";
  for (const auto& c : inspection.checks)
    out << "<span class=\"" << (c.ok ? "ok" : "bad-check") << "\">" << htmlEscape(c.name) << ": "
        << htmlEscape(validUtf8(c.detail)) << "</span> &middot; ";
  out << "</div><table>";
  for (const auto& [k, v] : r.headers)
    out << "<tr><td>" << htmlEscape(validUtf8(k)) << "</td><td><code>" << htmlEscape(validUtf8(v))
        << "</code></td></tr>";
  out << "</table>";
  auto pretty = pageBody(r);
  if (r.bodyTruncated)
    out << "<p class=\"bad-check body-truncated\">body of " << r.bodyBytesReceived
        << " bytes: only the first " << r.body.size() << " were kept (over --max-body-bytes)</p>";
  if (pretty.size() < r.body.size())
    out << "<p class=\"meta\">the first " << pretty.size() << " bytes shown</p>";
  out << "<pre>";
  std::map<size_t, bool> marked;
  for (const auto& e : inspection.schemaErrors)
    for (auto line : linesForPointer(pretty, e.pointer)) marked[line] = true;
  std::istringstream lines(pretty);
  std::string line;
  for (size_t i = 0; std::getline(lines, line); ++i) {
    auto text = htmlEscape(validUtf8(line));
    out << (marked.count(i) ? "<mark class=\"schema-error\">" + text + "</mark>" : text) << "\n";
  }
  out << "</pre></div>\n";
  return out.str();
}

std::string renderCapturePage(const InspectedWebhooks& webhooks, const CapturePageSummary& summary) {
  size_t kept = summary.kept.value_or(webhooks.size());
  uint64_t lastSeq = webhooks.empty() ? 0 : webhooks.back()->seq;
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'\">"
      << "<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>"
      << "<script src=\"/live.js\" defer></script>"
      << "<title>" << capturePageTitle(kept, summary) << "</title><style>" << kPageStyle
      << "</style></head><body><h1>webhook-conformance capture</h1>"
      << "<p class=\"meta\" id=\"summary\">" << capturePageSummaryHtml(kept, summary) << "</p>\n"
      << "<div id=\"hooks\" data-after=\"" << lastSeq << "\" data-max-shown=\"" << summary.maxShown
      << "\">\n";
  size_t shown = 0;
  for (auto it = webhooks.rbegin(); it != webhooks.rend() && shown < summary.maxShown; ++it, ++shown) {
    if (!(*it)->rowHtml.empty()) out << (*it)->rowHtml;  // no copy of the cached text
    else out << webhookRowHtml(**it);
  }
  out << "</div></body></html>\n";
  return out.str();
}

nlohmann::json webhookJson(const InspectedWebhook& webhook) {
  const auto& r = webhook.request;
  nlohmann::json checks = nlohmann::json::object();
  for (const auto& c : webhook.inspection.checks) checks[c.name] = {{"ok", c.ok}, {"detail", c.detail}};
  auto headers = nlohmann::json::array();
  for (const auto& [k, v] : r.headers) headers.push_back({{"name", k}, {"value", v}});
  nlohmann::json out = {{"method", r.method},
                        {"target", r.target},
                        {"arrived_at", isoTimestamp(r.arrivedAt)},
                        {"peer", r.peer},
                        {"headers", headers},
                        {"body", r.body},
                        {"body_bytes", std::max(r.bodyBytesReceived, r.body.size())},
                        {"body_truncated", r.bodyTruncated},
                        {"checks", checks}};
  if (webhook.seq > 0) out["seq"] = webhook.seq;
  return out;
}

std::string webhookJsonText(const InspectedWebhook& webhook) {
  if (!webhook.json.empty()) return webhook.json;
  return webhookJson(webhook).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string renderWebhooksJson(const InspectedWebhooks& webhooks) {
  size_t bytes = 4;
  for (const auto& w : webhooks) bytes += w->json.size() + 2;
  std::string out;
  out.reserve(bytes);  // one allocation for 10,000 cached texts, not a doubling series
  out += "[";
  for (size_t i = 0; i < webhooks.size(); ++i) {
    out += i == 0 ? "\n" : ",\n";
    if (!webhooks[i]->json.empty()) out += webhooks[i]->json;  // no copy of the cached text
    else out += webhookJsonText(*webhooks[i]);
  }
  out += webhooks.empty() ? "]\n" : "\n]\n";
  return out;
}

}  // namespace wc
