// What `capture` does with a webhook, on arbitrary bytes: the first line is the request target,
// the rest the body. Inspect it (bounded JSON parse, schema, token), print its console lines,
// render the live page and /webhooks.json, cut it at a stored-body cap. A hostile body (100,000
// nested arrays, invalid UTF-8, ESC sequences) must give verdicts and escaped text, never a crash.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "live/capture_inspection.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  auto newline = input.find('\n');
  auto request = std::make_shared<wc::InspectedWebhook>();
  auto& r = request->request;
  r.method = "POST";
  r.target = newline == std::string::npos ? input : input.substr(0, newline);
  r.body = newline == std::string::npos ? std::string() : input.substr(newline + 1);
  r.headers.emplace_back("Content-Type", r.target);
  r.bodyBytesReceived = r.body.size();

  request->inspection = wc::inspectWebhook(r, "fuzz-token");
  if (request->inspection.checks.size() != 4) __builtin_trap();  // every verdict is given
  for (const auto& c : request->inspection.checks)
    if (!c.ok && c.detail.empty()) __builtin_trap();  // a failed check says why

  // Printed lines carry no raw control byte but our own line breaks.
  for (unsigned char c : wc::describeWebhook(r, request->inspection))
    if ((c < 0x20 && c != '\n') || c == 0x7f) __builtin_trap();

  wc::InspectedWebhooks kept{request};
  (void)wc::renderCapturePage(kept, {"fuzz-token", "http://127.0.0.1:1", 0, 10});
  (void)wc::renderWebhooksJson(kept);

  auto capped = r;
  capped.capStoredBody(size % 64);
  if (capped.body.size() > size % 64 && size % 64 != 0) __builtin_trap();
  if (capped.bodyBytesReceived != r.body.size()) __builtin_trap();
  wc::InspectedWebhooks cut{std::make_shared<wc::InspectedWebhook>(
      wc::InspectedWebhook{capped, request->inspection})};
  (void)wc::renderCapturePage(cut, {});
  return 0;
}
