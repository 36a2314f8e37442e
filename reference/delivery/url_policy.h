#pragma once
// Which webhook URLs a deployment accepts: the shape every deployment validates (a URI reference,
// http(s), 1..65536 characters) and the `webhooks.url` policy of langgraph.json, checked in the
// platform's order (langgraph_api/webhook.py validate_webhook_url_or_raise). Pure functions, so the
// rules and their order are unit-tested (tests/reference/reference_url_policy_test.cpp).
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "reference/delivery/offline_resolver.h"

namespace wc::reference {

struct UrlPolicy {
  std::vector<std::string> allowedDomains;  // exact hosts or "*.example.com" (subdomains only)
  std::vector<int> allowedPorts;            // empty: any port
  std::size_t maxUrlLength = 4096;
  bool requireHttps = false;
  bool disableLoopback = false;   // the platform defaults to true from 0.10.0 on
  bool disablePrivateIps = false;  // private ranges are accepted unless this is set
  // The platform's SSRF block beyond the two switches (0.10.0 on, assumed): cloud-metadata
  // addresses and names, *.svc.cluster.local names and unresolvable hosts are refused.
  bool ssrfProtection = true;

  // True when some key narrows what the defaults accept (the harness's "config:url-policy").
  bool restricting() const;
};

// Reads `webhooks.url` (may be null/absent). `loopbackDefault` is what an absent
// disable_loopback means. Returns nullopt with a message when a key has the wrong type.
std::optional<UrlPolicy> parseUrlPolicy(const nlohmann::json& url, bool loopbackDefault,
                                        std::string* error);

// The request-schema check every deployment makes: nullopt when `webhook` is an acceptable
// URI reference, else why not. Relative references must start with "/".
std::optional<std::string> webhookShapeProblem(const nlohmann::json& webhook);

// The rule that refused a URL: fault modes switch single rules off by it.
enum class UrlRule {
  MaxLength, RelativeUrl, Scheme, RequireHttps, AllowedPorts, EmptyHost, AllowedDomains,
  CloudMetadata, ClusterLocal, Dns, Loopback, PrivateAddress,
};
struct UrlRefusal {
  UrlRule rule;
  std::string detail;  // the 422 `detail` message
};

// The policy check: nullopt when allowed. Order: max_url_length, relative URL (refused when
// disable_loopback, else accepted without further checks), scheme, require_https, allowed_ports
// (default ports when absent), empty host, allowed_domains, then the SSRF block, which hosts
// listed in allowed_domains bypass: metadata and cluster-local names, then the host resolved
// (offline_resolver.h: never a query off this machine) and every address checked (cloud
// metadata always, loopback when disable_loopback, private ranges when disable_private_ips).
std::optional<UrlRefusal> urlPolicyProblem(const std::string& url, const UrlPolicy& policy,
                                           const HostsTable& hosts = systemHostsTable());

// The only destinations the reference's webhook sender connects to: literal 127.0.0.0/8 and ::1
// addresses and the names localhost / *.localhost (resolved from /etc/hosts, never by DNS). The
// project sends no traffic beyond loopback; every other host is recorded, not connected to.
bool isLoopbackDestination(const std::string& host);

}  // namespace wc::reference
