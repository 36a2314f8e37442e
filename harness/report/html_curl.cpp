// The curl reproducer on a failing case's card: the API call that created its run.
#include "client/target_client.h"
#include "report/html_parts.h"

namespace wc {
namespace {

// One shell word in single quotes; a ' inside becomes '\'' (close, escaped quote, reopen).
std::string shellQuote(const std::string& word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string trimSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// Stands for $WEBHOOK_ORIGIN in the body until it is quoted; JSON text holds no raw control byte.
constexpr char kOriginMark = '\x01';

// The run's capture server is gone when the page is read: each capture URL's origin (and any
// callback prefix), the part before "/hook/", becomes the mark; the route and query stay.
std::string markCaptureOrigins(std::string body, bool* marked) {
  const std::string hook = "/hook/";
  for (size_t at = body.find(hook); at != std::string::npos; at = body.find(hook, at + 1)) {
    const auto quote = body.rfind('"', at);
    if (quote == std::string::npos) continue;
    const auto start = quote + 1;
    if (body.compare(start, 7, "http://") != 0 && body.compare(start, 8, "https://") != 0) continue;
    body.replace(start, at - start, 1, kOriginMark);
    at = start + 1;
    *marked = true;
  }
  return body;
}

}  // namespace

std::string curlReproducer(const RecordedCall& call, const std::string& baseUrl, bool apiKey,
                           const std::vector<std::string>& headerNames, const Redactor& redactor) {
  auto shown = displayUrl(baseUrl);
  std::string url = trimSlash(redactor.redact(shown)) + redactor.redact(call.path);
  std::string out = "curl -sS -X " + shellQuote(call.method) + " " + shellQuote(url) + " \\\n";
  if (shown != baseUrl) out += "  --user \"$WC_TARGET_USERINFO\" \\\n";
  out += "  -H 'content-type: application/json' \\\n";
  // No space after the colon: curl sends it the same, and the page's redaction pass (which
  // masks "X-Api-Key: value") leaves the placeholder readable.
  if (apiKey) out += "  -H \"x-api-key:$LANGSMITH_API_KEY\" \\\n";
  for (size_t i = 0; i < headerNames.size(); ++i)
    out += "  -H " + shellQuote(headerNames[i] + ":") + "\"$WC_HEADER_" + std::to_string(i + 1) +
           "\" \\\n";
  bool marked = false;
  auto body = shellQuote(markCaptureOrigins(redactor.redact(call.body), &marked));
  for (auto at = body.find(kOriginMark); at != std::string::npos; at = body.find(kOriginMark, at))
    body.replace(at, 1, "'\"$WEBHOOK_ORIGIN\"'");
  if (marked)
    out = "# The webhook went to this run's capture server, which is gone. To receive it again, run\n"
          "# `webhook-conformance capture --port 8765` where the target can reach it and set\n"
          "# WEBHOOK_ORIGIN=http://<that host>:8765 (the route and query after it are the run's).\n" +
          out;
  out += "  --data-raw " + body;
  if (call.bodyCut) out += "\n# the body was longer than 8 KB: cut here, complete it before running";
  return out + "\n";
}

}  // namespace wc
