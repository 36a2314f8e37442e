#include "support/target_config.h"


namespace wc {
namespace {

const nlohmann::json* webhooksSection(const nlohmann::json& config, const char* key) {
  if (!config.is_object()) return nullptr;
  auto webhooks = config.find("webhooks");
  if (webhooks == config.end() || !webhooks->is_object()) return nullptr;
  auto it = webhooks->find(key);
  return it == webhooks->end() ? nullptr : &*it;
}

}  // namespace

std::optional<UrlPolicy> urlPolicyOf(const nlohmann::json& config) {
  const auto* url = webhooksSection(config, "url");
  if (!url || !url->is_object()) return std::nullopt;
  UrlPolicy p;
  p.requireHttps = url->contains("require_https") && (*url)["require_https"] == true;
  if (url->contains("allowed_domains") && (*url)["allowed_domains"].is_array())
    for (const auto& d : (*url)["allowed_domains"])
      if (d.is_string()) p.allowedDomains.push_back(d.get<std::string>());
  if (url->contains("allowed_ports") && (*url)["allowed_ports"].is_array())
    for (const auto& port : (*url)["allowed_ports"])
      if (port.is_number_integer()) p.allowedPorts.push_back(port.get<int>());
  if (url->contains("max_url_length") && (*url)["max_url_length"].is_number_integer())
    p.maxUrlLength = (*url)["max_url_length"].get<size_t>();
  if (url->contains("disable_loopback") && (*url)["disable_loopback"].is_boolean())
    p.disableLoopback = (*url)["disable_loopback"].get<bool>();
  if (url->contains("disable_private_ips") && (*url)["disable_private_ips"].is_boolean())
    p.disablePrivateIps = (*url)["disable_private_ips"].get<bool>();
  return p;
}

bool restricts(const UrlPolicy& policy) {
  return policy.requireHttps || !policy.allowedDomains.empty() || !policy.allowedPorts.empty() ||
         policy.maxUrlLength.has_value();
}

bool disablesWebhooks(const nlohmann::json& config) {
  if (!config.is_object()) return false;
  auto http = config.find("http");
  if (http == config.end() || !http->is_object()) return false;
  auto disable = http->find("disable_webhooks");
  return disable != http->end() && *disable == true;
}

std::vector<std::string> allowedFieldsOf(const nlohmann::json& config) {
  std::vector<std::string> out;
  const auto* fields = webhooksSection(config, "allowed_fields");
  if (fields && fields->is_array())
    for (const auto& f : *fields)
      if (f.is_string()) out.push_back(f.get<std::string>());
  return out;
}

std::optional<std::string> resolveEnvTemplates(const std::string& text, const EnvLookup& env,
                                               std::string* missingVar) {
  return substituteEnvTemplates(text, [&](const std::string& var) {
    auto value = env(var);
    if (!value && missingVar) *missingVar = var;
    return value;
  });
}

std::vector<ConfiguredHeader> configuredWebhookHeaders(const nlohmann::json& config,
                                                       const EnvLookup& env) {
  std::vector<ConfiguredHeader> out;
  const auto* headers = webhooksSection(config, "headers");
  if (!headers || !headers->is_object()) return out;
  for (const auto& [name, raw] : headers->items()) {
    ConfiguredHeader h;
    h.name = name;
    std::string text = raw.is_string() ? raw.get<std::string>() : raw.dump();
    h.templated = text.find("${{") != std::string::npos;
    h.value = resolveEnvTemplates(text, env, &h.missingVar);
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<std::string> configuredWebhookHeaderValues(const nlohmann::json& config) {
  std::vector<std::string> out;
  for (const auto& h : configuredWebhookHeaders(config))
    // Very short values (e.g. "1") would blank out unrelated report text; real secrets are longer.
    if (h.value && h.value->size() >= 4) out.push_back(*h.value);
  return out;
}

std::vector<std::string> configuredWebhookHeaderNames(const nlohmann::json& config) {
  std::vector<std::string> out;
  const auto* headers = webhooksSection(config, "headers");
  if (!headers || !headers->is_object()) return out;
  for (const auto& [name, raw] : headers->items()) out.push_back(name);
  return out;
}

}  // namespace wc
