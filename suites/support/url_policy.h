#pragma once
// URLs a deployment's webhooks.url policy forbids, built for the url-policy cases, and the
// harness's own reading of the policy (to check that its capture URL is allowed).
#include <string>
#include <vector>

#include "support/target_config.h"

namespace wc {

struct ForbiddenUrl {
  std::string url;
  std::string why;
};

// Why the policy forbids `url`, or "" when it allows it (as far as the harness can tell: the
// server's SSRF block and DNS checks are not modelled).
std::string policyForbids(const UrlPolicy& policy, const std::string& url);

// One URL per restricting key of the policy, each otherwise like `allowedUrl`: http:// under
// require_https, a host outside allowed_domains, the apex of a wildcard domain, a port outside
// allowed_ports, a URL one character over max_url_length. Only URLs the policy forbids.
// For a target on this machine (targetOnThisMachine below) every URL stays on loopback, since a
// target that wrongly accepts one will send to it: the outside host is "localhost" instead of a
// name under .invalid (whose lookup would leave the machine), and DNS names are dropped.
// At most one forbidden URL per restricting key: require_https, a host outside allowed_domains,
// a wildcard's apex, a port outside allowed_ports, max_url_length.
constexpr size_t kMaxForbiddenUrls = 5;
std::vector<ForbiddenUrl> forbiddenUrls(const UrlPolicy& policy, const std::string& allowedUrl,
                                        bool targetOnThisMachine = false);

// True when the target's base URL is a loopback host: a server on this machine (--launch, or a
// local one), whose outgoing connections are this machine's.
bool targetOnThisMachine(const std::string& baseUrl);

}  // namespace wc
