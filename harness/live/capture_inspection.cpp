#include "live/capture_inspection.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "report/run_report.h"
#include "report/text_safety.h"
#include "util/bounded_json.h"
#include "util/ids.h"

namespace wc {
namespace {

// A webhook's method, target and check details on the console: the live view has all of it.
constexpr size_t kShownFieldBytes = 500;

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
  out << isoTimestamp(r.arrivedAt).substr(11, 12) << "  " << inertLine(r.method, kShownFieldBytes)
      << " " << inertLine(r.target, kShownFieldBytes);
  for (const auto& c : inspection.checks)
    out << "\n    " << inertLine(c.name, kShownFieldBytes) << ": "
        << inertLine(c.detail, kShownFieldBytes);
  if (r.bodyTruncated)
    out << "\n    body: " << r.bodyBytesReceived << " bytes, kept the first " << r.body.size()
        << " (over the stored-body cap)";
  if (inspection.bodyIsObject)
    out << "\n    run " << inertLine(inspection.runId, kShownFieldBytes) << " status "
        << inertLine(inspection.runStatus, kShownFieldBytes);
  return out.str();
}

}  // namespace wc
