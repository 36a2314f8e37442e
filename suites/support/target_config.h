#pragma once
// What the deployment's own langgraph.json (--target-config) says about webhooks: the
// expectations of the headers, url-policy, allowed-fields and disable cases come from here.
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "util/env_templates.h"

namespace wc {

// webhooks.url in langgraph.json (langgraph-api's WebhookUrlPolicy).
struct UrlPolicy {
  bool requireHttps = false;
  std::vector<std::string> allowedDomains;  // exact hosts or "*.example.com" (subdomains only)
  std::vector<int> allowedPorts;
  std::optional<size_t> maxUrlLength;
  std::optional<bool> disableLoopback;
  std::optional<bool> disablePrivateIps;  // undocumented; recent servers read it
};

// nullopt when the config has no webhooks.url object.
std::optional<UrlPolicy> urlPolicyOf(const nlohmann::json& config);
// A policy that forbids something a case can build a URL for: require_https, allowed_domains,
// allowed_ports or max_url_length (disable_loopback alone does not: it has its own cases).
bool restricts(const UrlPolicy& policy);
// http.disable_webhooks: true.
bool disablesWebhooks(const nlohmann::json& config);
// webhooks.allowed_fields (empty when not configured).
std::vector<std::string> allowedFieldsOf(const nlohmann::json& config);

// Replaces every `${{ env.VAR }}` in `text` with VAR's value from `env`. On a variable that is
// not set, returns nullopt and names it in *missingVar.
std::optional<std::string> resolveEnvTemplates(const std::string& text, const EnvLookup& env,
                                               std::string* missingVar);

struct ConfiguredHeader {
  std::string name;
  std::optional<std::string> value;  // resolved; nullopt when a template's variable is unset
  std::string missingVar;            // the unset variable, when value is nullopt
  bool templated = false;            // the configured value used ${{ env.VAR }}
};

// webhooks.headers with templates resolved from `env` (in config order).
std::vector<ConfiguredHeader> configuredWebhookHeaders(const nlohmann::json& config,
                                                       const EnvLookup& env = processEnvironment());

// The resolved values of webhooks.headers, for the report redactor: header values are secrets
// (tokens, API keys) and never reach a report or log. The session adds them to its Redactor.
std::vector<std::string> configuredWebhookHeaderValues(const nlohmann::json& config);

// The names of webhooks.headers (in config order), for the report redactor: a captured header of
// such a name is shown as [redacted] whatever its value, resolvable or not, long or short
// (Redactor::addSecretHeaderName). The session adds them to its Redactor.
std::vector<std::string> configuredWebhookHeaderNames(const nlohmann::json& config);

}  // namespace wc
