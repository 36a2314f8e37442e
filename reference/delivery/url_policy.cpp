#include "reference/delivery/url_policy.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "util/url.h"

namespace wc::reference {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

enum class AddressClass { Ordinary, Loopback, Private, CloudMetadata };

AddressClass classifyV4(const unsigned char* a) {
  if ((a[0] == 169 && a[1] == 254) || (a[0] == 100 && a[1] == 100 && a[2] == 100 && a[3] == 200))
    return AddressClass::CloudMetadata;  // link-local (AWS, GCP, Azure) and Alibaba Cloud
  if (a[0] == 127 || a[0] == 0) return AddressClass::Loopback;
  if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xF0) == 16) || (a[0] == 192 && a[1] == 168) ||
      (a[0] == 100 && (a[1] & 0xC0) == 64))
    return AddressClass::Private;  // RFC 1918 and carrier-grade NAT 100.64.0.0/10
  return AddressClass::Ordinary;
}

// A numeric address as offline_resolver.h normalises it.
AddressClass classifyAddress(const std::string& address) {
  unsigned char v4[4];
  if (inet_pton(AF_INET, address.c_str(), v4) == 1) return classifyV4(v4);
  unsigned char v6[16];
  if (inet_pton(AF_INET6, address.c_str(), v6) != 1) return AddressClass::Ordinary;
  static const unsigned char loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  static const unsigned char unspecified[16] = {};
  static const unsigned char awsMetadata[16] = {0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0,    0,
                                                0,    0,    0,    0,    0, 0, 0x02, 0x54};
  if (!std::memcmp(v6, loopback, 16) || !std::memcmp(v6, unspecified, 16))
    return AddressClass::Loopback;
  if (!std::memcmp(v6, awsMetadata, 16)) return AddressClass::CloudMetadata;  // fd00:ec2::254
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (!std::memcmp(v6, mapped, 12)) return classifyV4(v6 + 12);
  if ((v6[0] & 0xFE) == 0xFC || (v6[0] == 0xFE && (v6[1] & 0xC0) == 0x80))
    return AddressClass::Private;  // unique local fc00::/7, link-local fe80::/10
  return AddressClass::Ordinary;
}

bool isMetadataName(const std::string& host) {
  for (const char* name : {"metadata.google.internal", "metadata.amazonaws.com", "metadata",
                           "instance-data"})
    if (host == name) return true;
  return false;
}

bool matchesWildcard(const std::string& host, const std::string& pattern) {
  return pattern.rfind("*.", 0) == 0 && endsWith(host, "." + pattern.substr(2));
}

std::string hint(const char* key) { return std::string(" (webhooks.url.") + key + ")"; }

}  // namespace

bool isLoopbackDestination(const std::string& rawHost) {
  std::string host = lower(rawHost);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost" || endsWith(host, ".localhost")) return true;
  unsigned char v4[4];
  if (inet_pton(AF_INET, host.c_str(), v4) == 1) return v4[0] == 127;
  unsigned char v6[16];
  static const unsigned char loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return inet_pton(AF_INET6, host.c_str(), v6) == 1 && !std::memcmp(v6, loopback, 16);
}

bool UrlPolicy::restricting() const {
  return !allowedDomains.empty() || !allowedPorts.empty() || maxUrlLength != 4096 ||
         requireHttps || disableLoopback || disablePrivateIps;
}

std::optional<UrlPolicy> parseUrlPolicy(const nlohmann::json& url, bool loopbackDefault,
                                        std::string* error) {
  UrlPolicy policy;
  policy.disableLoopback = loopbackDefault;
  if (url.is_null()) return policy;
  auto bad = [&](const std::string& why) {
    *error = "webhooks.url: " + why;
    return std::nullopt;
  };
  if (!url.is_object()) return bad("must be an object");
  for (const auto& [key, value] : url.items()) {
    if (key == "allowed_domains") {
      if (!value.is_array()) return bad("allowed_domains must be an array of strings");
      for (const auto& d : value) {
        if (!d.is_string()) return bad("allowed_domains must be an array of strings");
        auto pattern = lower(d.get<std::string>());
        pattern.erase(0, pattern.find_first_not_of(" \t"));
        pattern.erase(pattern.find_last_not_of(" \t") + 1);
        policy.allowedDomains.push_back(pattern);
      }
    } else if (key == "allowed_ports") {
      const char* why = "allowed_ports must be an array of integers (ports 0..65535)";
      if (!value.is_array()) return bad(why);
      for (const auto& p : value) {
        if (!p.is_number_integer() || p.get<long long>() < 0 || p.get<long long>() > 65535)
          return bad(why);
        policy.allowedPorts.push_back(p.get<int>());
      }
    } else if (key == "max_url_length") {
      if (!value.is_number_integer() || value.get<long long>() < 1)
        return bad("max_url_length must be a positive integer");
      policy.maxUrlLength = value.get<std::size_t>();
    } else if (key == "require_https" || key == "disable_loopback" ||
               key == "disable_private_ips") {
      if (!value.is_boolean()) return bad(key + " must be true or false");
      bool on = value.get<bool>();
      (key == "require_https"      ? policy.requireHttps
       : key == "disable_loopback" ? policy.disableLoopback
                                   : policy.disablePrivateIps) = on;
    }
    // Unknown keys are ignored, as the platform's TypedDict does.
  }
  return policy;
}

std::optional<std::string> webhookShapeProblem(const nlohmann::json& webhook) {
  if (!webhook.is_string()) return "webhook must be a string";
  auto text = webhook.get<std::string>();
  if (text.empty() || text.size() > 65536) return "webhook must be 1..65536 characters";
  std::string why;
  auto url = parseUrl(text, &why);
  if (!url) return "webhook is not a URI reference: " + why;
  if (!url->absolute) {
    if (text[0] != '/') return "a relative webhook URL must start with '/'";
    return std::nullopt;
  }
  if (url->scheme != "http" && url->scheme != "https")
    return "webhook must be an http(s) URL, got scheme '" + url->scheme + "'";
  return std::nullopt;
}

namespace {

// The SSRF block, for a host the operator did not list in allowed_domains.
std::optional<UrlRefusal> ssrfProblem(const std::string& rawHost, const UrlPolicy& policy,
                                      const HostsTable& hosts) {
  const std::string host = normalisedHost(rawHost);
  auto refuse = [](UrlRule rule, const std::string& why, const char* key) {
    return UrlRefusal{rule, "Webhook host blocked: " + why + (key ? hint(key) : "")};
  };
  if (policy.ssrfProtection && isMetadataName(host))
    return refuse(UrlRule::CloudMetadata, "cloud metadata endpoint", nullptr);
  if (policy.ssrfProtection && endsWith(host, ".svc.cluster.local"))
    return refuse(UrlRule::ClusterLocal, "cluster-internal name (*.svc.cluster.local)", nullptr);
  if (host == "host.docker.internal" && policy.disableLoopback)
    return refuse(UrlRule::Loopback, "loopback address", "disable_loopback");
  auto resolved = resolveOffline(host, hosts);
  if (!resolved.resolvable) {
    if (!policy.ssrfProtection) return std::nullopt;
    return UrlRefusal{UrlRule::Dns, "DNS resolution failed for webhook host '" + host + "'"};
  }
  for (const auto& address : resolved.addresses) {
    auto kind = classifyAddress(address);
    if (kind == AddressClass::CloudMetadata && policy.ssrfProtection)
      return refuse(UrlRule::CloudMetadata, "cloud metadata address " + address, nullptr);
    if (kind == AddressClass::Loopback && policy.disableLoopback)
      return refuse(UrlRule::Loopback, "loopback address", "disable_loopback");
    if (kind == AddressClass::Private && policy.disablePrivateIps)
      return refuse(UrlRule::PrivateAddress, "private address", "disable_private_ips");
  }
  return std::nullopt;
}

}  // namespace

std::optional<UrlRefusal> urlPolicyProblem(const std::string& text, const UrlPolicy& policy,
                                           const HostsTable& hosts) {
  if (text.size() > policy.maxUrlLength)
    return UrlRefusal{UrlRule::MaxLength, "Webhook URL too long" + hint("max_url_length")};
  if (!text.empty() && text[0] == '/') {
    if (policy.disableLoopback)
      return UrlRefusal{UrlRule::RelativeUrl,
                        "Loopback webhooks (relative URLs and localhost) are disabled" +
                            hint("disable_loopback")};
    return std::nullopt;  // dispatched to this server itself; the other rules do not apply
  }
  auto url = parseUrl(text);
  std::string scheme = url ? lower(url->scheme) : "";
  if (scheme != "http" && scheme != "https")
    return UrlRefusal{UrlRule::Scheme, "Webhook URL must use http or https"};
  if (policy.requireHttps && scheme != "https")
    return UrlRefusal{UrlRule::RequireHttps, "Webhook must use https" + hint("require_https")};
  if (!policy.allowedPorts.empty()) {
    int port = url->explicitPort ? url->port : (scheme == "https" ? 443 : 80);
    if (std::find(policy.allowedPorts.begin(), policy.allowedPorts.end(), port) ==
        policy.allowedPorts.end())
      return UrlRefusal{UrlRule::AllowedPorts, "Webhook port " + std::to_string(port) +
                                                   " not allowed" + hint("allowed_ports")};
  }
  std::string host = lower(url->host);
  if (host.empty()) return UrlRefusal{UrlRule::EmptyHost, "Invalid webhook hostname '" + host + "'"};
  bool listedExactly = std::find(policy.allowedDomains.begin(), policy.allowedDomains.end(),
                                 host) != policy.allowedDomains.end();
  bool listedByWildcard = std::any_of(policy.allowedDomains.begin(), policy.allowedDomains.end(),
                                      [&](const std::string& p) { return matchesWildcard(host, p); });
  if (!policy.allowedDomains.empty() && !listedExactly && !listedByWildcard)
    return UrlRefusal{UrlRule::AllowedDomains, "Webhook domain not allowed" + hint("allowed_domains")};
  if (listedExactly || listedByWildcard) return std::nullopt;  // the operator vouched for it
  return ssrfProblem(host, policy, hosts);
}

}  // namespace wc::reference
