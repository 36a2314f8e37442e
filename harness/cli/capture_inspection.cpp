#include "cli/capture_inspection.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include "report/html_report.h"
#include "report/run_report.h"
#include "report/text_safety.h"
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

  auto body = nlohmann::json::parse(r.body, nullptr, false);
  if (body.is_discarded()) {
    out.checks.push_back({"schema", false, "body is not JSON"});
  } else {
    out.schemaErrors = SchemaValidator::webhookPayload().validate(body);
    out.checks.push_back({"schema", out.schemaErrors.empty(),
                          out.schemaErrors.empty() ? "ok" : formatSchemaErrors(out.schemaErrors, 3)});
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
  out << isoTimestamp(r.arrivedAt).substr(11, 12) << "  " << r.method << " " << r.target;
  for (const auto& c : inspection.checks) out << "\n    " << c.name << ": " << c.detail;
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  auto field = [&body](const char* key) {
    auto it = body.find(key);
    return it != body.end() && it->is_string() ? it->get<std::string>() : std::string("?");
  };
  if (body.is_object()) out << "\n    run " << field("run_id") << " status " << field("status");
  return out.str();
}

std::string renderCapturePage(const std::vector<CapturedRequest>& requests,
                              const std::string& expectedToken, const std::string& hookUrl) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'\"><meta http-equiv=\"refresh\" content=\"2\">"
      << "<title>webhook-conformance capture (" << requests.size() << ")</title><style>"
      << kPageStyle << "</style></head><body><h1>webhook-conformance capture</h1>"
      << "<p class=\"meta\">Send webhooks to <code>" << htmlEscape(hookUrl)
      << "/&lt;any path&gt;</code>" << (expectedToken.empty() ? "" : " with <code>?token=…</code>")
      << ". " << requests.size() << " received; this page refreshes every 2 s; JSON at "
      << "<code>/webhooks.json</code>.</p>\n";
  size_t shown = 0;
  for (auto it = requests.rbegin(); it != requests.rend() && shown < 200; ++it, ++shown) {
    const auto& r = *it;
    auto inspection = inspectWebhook(r, expectedToken);
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
    out << "</table><pre>";
    auto pretty = prettyBody(r.body);
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

}  // namespace wc
