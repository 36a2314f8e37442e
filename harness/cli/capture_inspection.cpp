#include "cli/capture_inspection.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include "report/html_report.h"
#include "report/run_report.h"
#include "report/text_safety.h"
#include "util/bounded_json.h"
#include "util/ids.h"

namespace wc {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percentDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
        hexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

constexpr const char* kPageStyle = R"css(
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:12px 20px;color:#1d232b;background:#f6f7f9}
h1{font-size:19px}code,pre{font:12.5px/1.4 ui-monospace,Menlo,Consolas,monospace}
pre{background:#fff;border:1px solid #dde1e6;padding:8px;overflow:auto;max-height:420px}
.hook{background:#fff;border:1px solid #dde1e6;border-left:5px solid #1a7f37;margin:10px 0;padding:8px 12px}
.hook.bad{border-left-color:#cf222e}.ok{color:#1a7f37}.bad-check{color:#cf222e;font-weight:600}
.meta{color:#57606a;font-size:12.5px}table{border-collapse:collapse}td{border:1px solid #dde1e6;padding:2px 6px}
mark.schema-error{background:#ffd7d5;color:#a40e26;font-weight:600}
)css";

// Bodies longer than this are shown raw (not re-parsed and pretty-printed) and cut in the page.
constexpr size_t kPageBodyBytes = 64 * 1024;

// "JSON nested deeper than 128 levels" -> "body is not JSON within limits: nested deeper than
// 128 levels"; a syntax error stays "body is not JSON".
std::string notJsonDetail(const std::string& error) {
  if (error.rfind("not JSON", 0) == 0) return "body is not JSON";
  auto what = error.rfind("JSON ", 0) == 0 ? error.substr(5) : error;
  return "body is not JSON within limits: " + what;
}

std::string stringField(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string("?");
}

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

bool WebhookInspection::allOk() const {
  return std::all_of(checks.begin(), checks.end(), [](const auto& c) { return c.ok; });
}

bool queryToken(const std::string& rawQuery, std::string* token) {
  std::istringstream in(rawQuery);
  for (std::string pair; std::getline(in, pair, '&');) {
    auto eq = pair.find('=');
    if (percentDecode(pair.substr(0, eq)) != "token") continue;
    *token = eq == std::string::npos ? "" : percentDecode(pair.substr(eq + 1));
    return true;
  }
  return false;
}

WebhookInspection inspectWebhook(const CapturedRequest& r, const std::string& expectedToken) {
  WebhookInspection out;
  out.checks.push_back({"method", r.method == "POST", r.method == "POST" ? "ok" : r.method + ", expected POST"});

  auto type = r.header("Content-Type");
  auto base = type.substr(0, type.find(';'));
  base.erase(std::remove(base.begin(), base.end(), ' '), base.end());
  std::transform(base.begin(), base.end(), base.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  bool jsonType = base == "application/json";
  out.checks.push_back({"content-type", jsonType,
                        jsonType ? "ok" : (type.empty() ? "missing" : type) + ", expected application/json"});

  std::string parseError;
  auto body = parseBoundedJson(r.body, JsonLimits{}, &parseError);
  if (!body) {
    out.checks.push_back({"schema", false, notJsonDetail(parseError)});
  } else {
    out.schemaErrors = SchemaValidator::webhookPayload().validate(*body);
    out.checks.push_back({"schema", out.schemaErrors.empty(),
                          out.schemaErrors.empty() ? "ok" : formatSchemaErrors(out.schemaErrors, 3)});
    if (body->is_object()) {
      out.bodyIsObject = true;
      out.runId = stringField(*body, "run_id");
      out.runStatus = stringField(*body, "status");
    }
  }

  std::string token;
  bool hasToken = queryToken(r.rawQuery(), &token);
  if (expectedToken.empty()) {
    out.checks.push_back({"token", true, hasToken ? "present (not checked: no --expect-token)" : "none"});
  } else if (!hasToken) {
    out.checks.push_back({"token", false, "missing from the query"});
  } else {
    bool same = token == expectedToken;
    out.checks.push_back({"token", same, same ? "ok" : "mismatch: got '" + token + "'"});
  }
  return out;
}

std::string describeWebhook(const CapturedRequest& r, const WebhookInspection& inspection) {
  std::ostringstream out;
  out << isoTimestamp(r.arrivedAt).substr(11, 12) << "  " << terminalSafe(r.method) << " "
      << terminalSafe(r.target);
  for (const auto& c : inspection.checks)
    out << "\n    " << terminalSafe(c.name) << ": " << terminalSafe(c.detail);
  if (r.bodyTruncated)
    out << "\n    body: " << r.bodyBytesReceived << " bytes, kept the first " << r.body.size()
        << " (over the stored-body cap)";
  if (inspection.bodyIsObject)
    out << "\n    run " << terminalSafe(inspection.runId) << " status "
        << terminalSafe(inspection.runStatus);
  return out.str();
}

std::string renderCapturePage(const InspectedWebhooks& webhooks, const CapturePageSummary& summary) {
  std::ostringstream out;
  size_t received = webhooks.size() + summary.dropped;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'\"><meta http-equiv=\"refresh\" content=\"2\">"
      << "<title>webhook-conformance capture (" << received << ")</title><style>"
      << kPageStyle << "</style></head><body><h1>webhook-conformance capture</h1>"
      << "<p class=\"meta\">Send webhooks to <code>" << htmlEscape(summary.hookUrl)
      << "/&lt;any path&gt;</code>"
      << (summary.expectedToken.empty() ? "" : " with <code>?token=…</code>") << ". " << received
      << " received";
  if (summary.dropped > 0)
    out << ", " << summary.dropped << " oldest dropped (" << webhooks.size() << " kept)";
  if (webhooks.size() > summary.maxShown) out << "; the newest " << summary.maxShown << " shown";
  out << "; this page refreshes every 2 s; JSON at <code>/webhooks.json</code>.</p>\n";
  size_t shown = 0;
  for (auto it = webhooks.rbegin(); it != webhooks.rend() && shown < summary.maxShown;
       ++it, ++shown) {
    const auto& r = (*it)->request;
    const auto& inspection = (*it)->inspection;
    out << "<div class=\"hook" << (inspection.allOk() ? "" : " bad") << "\"><div><code>"
        << htmlEscape(validUtf8(r.method + " " + r.target)) << "</code> <span class=\"meta\">"
        << htmlEscape(isoTimestamp(r.arrivedAt)) << " from " << htmlEscape(r.peer)
        << "</span></div><div>";
    for (const auto& c : inspection.checks)
      out << "<span class=\"" << (c.ok ? "ok" : "bad-check") << "\">" << c.name << ": "
          << htmlEscape(validUtf8(c.detail)) << "</span> &middot; ";
    out << "</div><table>";
    for (const auto& [k, v] : r.headers)
      out << "<tr><td>" << htmlEscape(validUtf8(k)) << "</td><td><code>" << htmlEscape(validUtf8(v))
          << "</code></td></tr>";
    out << "</table>";
    auto pretty = pageBody(r);
    if (r.bodyTruncated)
      out << "<p class=\"bad-check body-truncated\">body of " << r.bodyBytesReceived
          << " bytes: only the first " << r.body.size()
          << " were kept (over --max-body-bytes)</p>";
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
  }
  out << "</body></html>\n";
  return out.str();
}

nlohmann::json webhookJson(const InspectedWebhook& webhook) {
  const auto& r = webhook.request;
  nlohmann::json checks = nlohmann::json::object();
  for (const auto& c : webhook.inspection.checks) checks[c.name] = {{"ok", c.ok}, {"detail", c.detail}};
  auto headers = nlohmann::json::array();
  for (const auto& [k, v] : r.headers) headers.push_back({{"name", k}, {"value", v}});
  return {{"method", r.method},
          {"target", r.target},
          {"arrived_at", isoTimestamp(r.arrivedAt)},
          {"peer", r.peer},
          {"headers", headers},
          {"body", r.body},
          {"body_bytes", std::max(r.bodyBytesReceived, r.body.size())},
          {"body_truncated", r.bodyTruncated},
          {"checks", checks}};
}

std::string renderWebhooksJson(const InspectedWebhooks& webhooks) {
  auto list = nlohmann::json::array();
  for (const auto& w : webhooks) list.push_back(webhookJson(*w));
  return list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace wc
