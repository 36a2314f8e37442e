#pragma once
// One HTTP request as the capture server saw it on the wire.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace wc {

struct CapturedRequest {
  std::string method;
  std::string target;  // raw request target, byte-exact (path + "?" + query); never decoded
  std::string route;   // the capture route it was filed under ("" when it matched none)
  std::vector<std::pair<std::string, std::string>> headers;  // in arrival order
  std::string body;  // raw bytes; the first maxStoredBodyBytes when bodyTruncated
  // The body as it arrived was bodyBytesReceived bytes; over the stored-body cap only the first
  // bytes are kept and bodyTruncated says so (never silently cut).
  size_t bodyBytesReceived = 0;
  bool bodyTruncated = false;
  std::chrono::system_clock::time_point arrivedAt;
  std::chrono::steady_clock::time_point arrivedSteady;
  std::string peer;  // "addr:port"

  // The raw query (text after the first '?'), or "" when there is none.
  std::string rawQuery() const;
  bool hasQuery() const;
  // Case-insensitive header lookup; first value or "".
  std::string header(const std::string& name) const;
  size_t headerCount(const std::string& name) const;
  // Keeps at most maxBytes of the body, recording the cut (no-op when it fits or maxBytes is 0).
  void capStoredBody(size_t maxBytes);
  // One-line description used in failure messages.
  std::string summary() const;
};

}  // namespace wc
