#pragma once
// The DNS-rebinding guard of the capture server's pages (the live view). A web page on
// evil.example whose name is rebound to 127.0.0.1 reaches the capture server, but its browser
// sends `Host: evil.example`; a page answers only Host values naming this server. Webhook routes
// do not check: tunnels rewrite Host. Header-only: used by capture_server.cpp and its tests.
#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace wc::page_host {

inline std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// "[::1]:8765" -> "::1", "Example.com:80" -> "example.com", "127.0.0.1" -> "127.0.0.1".
inline std::string hostOf(const std::string& hostHeader) {
  std::string h = hostHeader;
  if (!h.empty() && h.front() == '[') {
    auto close = h.find(']');
    return lower(close == std::string::npos ? h.substr(1) : h.substr(1, close - 1));
  }
  auto colon = h.find(':');
  if (colon != std::string::npos && h.find(':', colon + 1) == std::string::npos) h.resize(colon);
  return lower(h);
}

// The host of an absolute URL ("http://[::1]:9/x" -> "::1"), "" when there is none.
inline std::string hostOfUrl(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  auto start = scheme + 3;
  auto end = url.find_first_of("/?#", start);
  auto authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  auto at = authority.rfind('@');
  if (at != std::string::npos) authority = authority.substr(at + 1);
  return hostOf(authority);
}

inline bool isIpLiteral(const std::string& host) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

inline bool isLoopback(const std::string& host) {
  return host == "::1" || host == "localhost" || host.rfind("127.", 0) == 0;
}

inline bool isWildcard(const std::string& host) {
  return host.empty() || host == "0.0.0.0" || host == "::";
}

// Which Host values a page answers: the bind address, the advertised URL's host, `localhost`
// when bound to loopback. Bound to a wildcard, any IP literal too: a browser sends a name, never
// an IP literal, for a page served from a (rebindable) domain.
struct Policy {
  std::vector<std::string> hosts;
  bool anyIpLiteral = false;

  bool allows(const std::string& hostHeader) const {
    if (hostHeader.empty()) return false;
    auto host = hostOf(hostHeader);
    if (anyIpLiteral && isIpLiteral(host)) return true;
    return std::find(hosts.begin(), hosts.end(), host) != hosts.end();
  }
  std::string describe() const {
    std::string out;
    for (const auto& h : hosts) out += (out.empty() ? "" : " or ") + h;
    return out + (anyIpLiteral ? " or an IP address" : "");
  }
};

inline Policy policyFor(const std::string& bindAddress, const std::string& advertisedUrl) {
  Policy p;
  auto bind = hostOf(bindAddress.find(':') != std::string::npos && bindAddress.front() != '['
                         ? "[" + bindAddress + "]"
                         : bindAddress);
  if (isWildcard(bind)) {
    p.anyIpLiteral = true;
    p.hosts.push_back("localhost");
  } else {
    p.hosts.push_back(bind);
    if (isLoopback(bind) && bind != "localhost") p.hosts.push_back("localhost");
  }
  auto advertised = hostOfUrl(advertisedUrl);
  if (!advertised.empty() &&
      std::find(p.hosts.begin(), p.hosts.end(), advertised) == p.hosts.end())
    p.hosts.push_back(advertised);
  return p;
}

}  // namespace wc::page_host
