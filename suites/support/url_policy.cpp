#include "support/url_policy.h"

#include <algorithm>

#include "util/url.h"

namespace wc {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool domainAllowed(const UrlPolicy& p, const std::string& host) {
  if (p.allowedDomains.empty()) return true;
  auto h = lower(host);
  for (const auto& d : p.allowedDomains) {
    auto pattern = lower(d);
    if (pattern.rfind("*.", 0) == 0) {
      auto suffix = pattern.substr(1);  // ".example.com": subdomains only, never the apex
      if (h.size() > suffix.size() && h.compare(h.size() - suffix.size(), suffix.size(), suffix) == 0)
        return true;
    } else if (h == pattern) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string policyForbids(const UrlPolicy& p, const std::string& text) {
  auto url = parseUrl(text);
  if (!url || !url->absolute) return "not an absolute URL";
  if (p.maxUrlLength && text.size() > *p.maxUrlLength) return "longer than max_url_length";
  if (p.requireHttps && url->scheme != "https") return "not https (require_https)";
  if (!p.allowedPorts.empty() &&
      std::find(p.allowedPorts.begin(), p.allowedPorts.end(), url->port) == p.allowedPorts.end())
    return "port " + std::to_string(url->port) + " not in allowed_ports";
  if (!domainAllowed(p, url->host)) return "host " + url->host + " not in allowed_domains";
  return "";
}

bool targetOnThisMachine(const std::string& baseUrl) {
  auto url = parseUrl(baseUrl);
  if (!url || !url->absolute) return false;
  const auto& h = url->host;
  return h == "localhost" || h == "::1" || h.rfind("127.", 0) == 0;
}

std::vector<ForbiddenUrl> forbiddenUrls(const UrlPolicy& p, const std::string& allowedUrl,
                                        bool onThisMachine) {
  auto base = parseUrl(allowedUrl);
  if (!base || !base->absolute) return {};
  std::string scheme = p.requireHttps ? "https" : base->scheme;
  int port = p.allowedPorts.empty() ? base->port : p.allowedPorts.front();
  auto build = [&](const std::string& s, const std::string& host, int prt) {
    auto h = host.find(':') == std::string::npos ? host : "[" + host + "]";  // IPv6 literal
    return s + "://" + h + ":" + std::to_string(prt) + base->pathAndQuery;
  };
  std::vector<ForbiddenUrl> out;
  if (p.requireHttps)
    out.push_back({build("http", base->host, port), "http:// with require_https"});
  if (!p.allowedDomains.empty()) {
    out.push_back({build(scheme, onThisMachine ? "localhost" : "conformance-forbidden.invalid", port),
                   "a host outside allowed_domains"});
    for (const auto& d : p.allowedDomains)
      if (d.rfind("*.", 0) == 0) {
        out.push_back({build(scheme, d.substr(2), port),
                       "the apex of wildcard " + d + " (wildcards match subdomains only)"});
        break;
      }
  }
  if (!p.allowedPorts.empty()) {
    int other = 9;
    while (std::find(p.allowedPorts.begin(), p.allowedPorts.end(), other) != p.allowedPorts.end())
      ++other;
    out.push_back({build(scheme, base->host, other), "a port outside allowed_ports"});
  }
  if (p.maxUrlLength && *p.maxUrlLength < 65536) {
    auto url = build(scheme, base->host, port);
    url += (url.find('?') == std::string::npos ? "?pad=" : "&pad=");
    url += std::string(*p.maxUrlLength + 1 - std::min(url.size(), *p.maxUrlLength), 'x');
    out.push_back({url, "a URL of " + std::to_string(url.size()) + " characters (max_url_length " +
                            std::to_string(*p.maxUrlLength) + ")"});
  }
  if (onThisMachine)  // a name other than localhost would be looked up in DNS, off this machine
    out.erase(std::remove_if(out.begin(), out.end(),
                             [](const ForbiddenUrl& f) {
                               auto url = parseUrl(f.url);
                               if (!url) return false;
                               const auto& h = url->host;
                               bool literal = h.find_first_not_of("0123456789.") == std::string::npos ||
                                              h.find(':') != std::string::npos;
                               return !literal && h != "localhost";
                             }),
              out.end());
  // Keep only what the policy really forbids: a vector the policy allows would test nothing.
  out.erase(std::remove_if(out.begin(), out.end(),
                           [&](const ForbiddenUrl& f) { return policyForbids(p, f.url).empty(); }),
            out.end());
  return out;
}

}  // namespace wc
