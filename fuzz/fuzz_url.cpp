// Query/URL handling on arbitrary text: the URL parser the CLI and the cases use, the byte-exact
// target comparison, and the reference's webhook URL shape and policy checks.
#include <cstddef>
#include <cstdint>
#include <string>

#include "reference/delivery/url_policy.h"
#include "support/webhook_checks.h"
#include "util/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string why;
  auto url = wc::parseUrl(text, &why);
  if (url) {
    (void)url->schemeHostPort();
    if (url->pathAndQuery.empty()) __builtin_trap();  // documented: "/" when empty
  } else if (why.empty()) {
    __builtin_trap();  // a refusal gives its reason
  }

  // The byte-exact comparison: equal targets pass, and any other pair fails with a message.
  wc::CapturedRequest request;
  auto half = text.size() / 2;
  request.target = text.substr(0, half);
  auto same = wc::targetArrivedByteExact(request, request.target);
  if (!same) __builtin_trap();
  auto other = wc::targetArrivedByteExact(request, text.substr(half));
  if (bool(other) != (request.target == text.substr(half))) __builtin_trap();

  (void)wc::reference::webhookShapeProblem(nlohmann::json(text));
  wc::reference::UrlPolicy open;
  (void)wc::reference::urlPolicyProblem(text, open);
  wc::reference::UrlPolicy strict;
  strict.requireHttps = true;
  strict.disableLoopback = true;
  strict.disablePrivateIps = true;
  strict.allowedDomains = {"example.com", "*.hooks.example.com"};
  strict.allowedPorts = {443, 8443};
  strict.maxUrlLength = 256;
  (void)wc::reference::urlPolicyProblem(text, strict);
  return 0;
}
