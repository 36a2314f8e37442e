#include "capture/captured_request.h"

#include <strings.h>

namespace wc {

std::string CapturedRequest::rawQuery() const {
  auto q = target.find('?');
  return q == std::string::npos ? std::string() : target.substr(q + 1);
}

bool CapturedRequest::hasQuery() const { return target.find('?') != std::string::npos; }

std::string CapturedRequest::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
  return "";
}

size_t CapturedRequest::headerCount(const std::string& name) const {
  size_t n = 0;
  for (const auto& [k, v] : headers)
    if (strcasecmp(k.c_str(), name.c_str()) == 0) ++n;
  return n;
}

void CapturedRequest::capStoredBody(size_t maxBytes) {
  if (bodyBytesReceived < body.size()) bodyBytesReceived = body.size();
  if (maxBytes == 0 || body.size() <= maxBytes) return;
  body.resize(maxBytes);
  body.shrink_to_fit();
  bodyTruncated = true;
}

std::string CapturedRequest::summary() const {
  std::string s = method + " " + (target.size() > 160 ? target.substr(0, 160) + "..." : target);
  auto received = bodyBytesReceived > body.size() ? bodyBytesReceived : body.size();
  s += " (" + std::to_string(received) + " body bytes";
  if (bodyTruncated) s += ", " + std::to_string(body.size()) + " kept";
  auto ct = header("Content-Type");
  if (!ct.empty()) s += ", Content-Type: " + ct;
  return s + ")";
}

}  // namespace wc
