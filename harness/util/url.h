#pragma once
// URL splitting on liburiparser. Keeps the path and query exactly as written: webhooks must
// reach the receiver byte-exact, so nothing here decodes or re-encodes.
#include <optional>
#include <string>

namespace wc {

struct Url {
  std::string scheme;    // lower-case: "http", "https", "ftp", ...
  std::string host;      // without brackets for IPv6
  int port = 0;          // explicit port, or the scheme default (80/443), or 0
  bool explicitPort = false;
  std::string pathAndQuery;  // raw, "/" when empty
  std::string userInfo;      // raw "user:password" before '@', "" when none
  bool hasQueryOrFragment = false;
  bool absolute = false;

  std::string schemeHostPort() const;  // e.g. "http://127.0.0.1:8080"
};

// Parses an absolute or relative URI reference; nullopt (with a reason) when it is not one.
std::optional<Url> parseUrl(const std::string& text, std::string* why = nullptr);

// An id from the target as one path segment: every byte but A-Z a-z 0-9 - . _ ~ percent-encoded,
// so "../assistants/search?x=1#" stays inside its segment. "." and ".." are encoded whole.
std::string pathSegment(const std::string& id);

}  // namespace wc
