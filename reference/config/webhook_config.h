#pragma once
// The webhook settings of a deployment's langgraph.json, resolved once at startup as the platform
// does: http.disable_webhooks, webhooks.headers (with ${{ env.VAR }} templates), webhooks.env_prefix,
// webhooks.url (the URL policy) and webhooks.allowed_fields.
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "reference/delivery/url_policy.h"

#include "util/env_templates.h"

namespace wc::reference {

struct WebhookConfig {
  bool disableWebhooks = false;
  std::vector<std::pair<std::string, std::string>> headers;  // templates already resolved
  UrlPolicy urlPolicy;
  std::optional<std::set<std::string>> allowedFields;  // top-level payload keys kept
};

// Resolves the config; on a problem (wrong type, a template naming an unset or unprefixed
// variable) returns nullopt and one line saying what to fix. Messages name variables, never
// their values. `loopbackDefault`: what an absent webhooks.url.disable_loopback means.
std::optional<WebhookConfig> loadWebhookConfig(const nlohmann::json& langgraphConfig,
                                               bool loopbackDefault, std::string* error,
                                               const EnvLookup& env = processEnvironment());

}  // namespace wc::reference
