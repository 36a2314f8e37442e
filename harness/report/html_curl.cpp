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
  out += "  --data-raw " + shellQuote(redactor.redact(call.body));
  if (call.bodyCut) out += "\n# the body was longer than 8 KB: cut here, complete it before running";
  return out + "\n";
}

}  // namespace wc
