#include "reference/config/webhook_config.h"


namespace wc::reference {
namespace {

const char* kDefaultEnvPrefix = "LG_WEBHOOK_";

// "${{ env.VAR }}" templates inside a header value; whitespace inside the braces is optional.
std::optional<std::string> resolveTemplates(const std::string& header, const std::string& value,
                                            const std::string& prefix, const EnvLookup& env,
                                            std::string* error) {
  auto out = substituteEnvTemplates(value, [&](const std::string& var) -> std::optional<std::string> {
    if (var.rfind(prefix, 0) != 0) {
      *error = "webhooks.headers." + header + ": ${{ env." + var +
               " }} is not allowed: variables must start with webhooks.env_prefix '" + prefix +
               "'";
      return std::nullopt;
    }
    auto resolved = env(var);
    if (!resolved)
      *error = "webhooks.headers." + header + ": environment variable " + var + " is not set";
    return resolved;
  });
  if (!out) return std::nullopt;
  if (out->find("${{") != std::string::npos) {
    *error = "webhooks.headers." + header +
             ": malformed template (expected ${{ env.VAR }} with VAR made of letters, digits, _)";
    return std::nullopt;
  }
  return out;
}

}  // namespace

std::optional<WebhookConfig> loadWebhookConfig(const nlohmann::json& config, bool loopbackDefault,
                                               std::string* error, const EnvLookup& env) {
  WebhookConfig out;
  auto bad = [&](const std::string& why) {
    *error = why;
    return std::nullopt;
  };
  if (!config.is_object()) return bad("langgraph.json must be a JSON object");
  if (auto http = config.find("http"); http != config.end() && !http->is_null()) {
    if (!http->is_object()) return bad("http must be an object");
    if (auto d = http->find("disable_webhooks"); d != http->end() && !d->is_null()) {
      if (!d->is_boolean()) return bad("http.disable_webhooks must be true or false");
      out.disableWebhooks = d->get<bool>();
    }
  }
  nlohmann::json webhooks = config.value("webhooks", nlohmann::json());
  if (webhooks.is_null()) webhooks = nlohmann::json::object();
  if (!webhooks.is_object()) return bad("webhooks must be an object");

  std::string prefix = kDefaultEnvPrefix;
  if (auto p = webhooks.find("env_prefix"); p != webhooks.end() && !p->is_null()) {
    if (!p->is_string()) return bad("webhooks.env_prefix must be a string");
    prefix = p->get<std::string>();
  }
  if (auto h = webhooks.find("headers"); h != webhooks.end() && !h->is_null()) {
    if (!h->is_object()) return bad("webhooks.headers must be an object of strings");
    for (const auto& [name, value] : h->items()) {
      if (!value.is_string()) return bad("webhooks.headers." + name + " must be a string");
      auto resolved = resolveTemplates(name, value.get<std::string>(), prefix, env, error);
      if (!resolved) return std::nullopt;
      out.headers.emplace_back(name, *resolved);
    }
  }
  auto policy = parseUrlPolicy(webhooks.value("url", nlohmann::json()), loopbackDefault, error);
  if (!policy) return std::nullopt;
  out.urlPolicy = *policy;
  if (auto f = webhooks.find("allowed_fields"); f != webhooks.end() && !f->is_null()) {
    if (!f->is_array()) return bad("webhooks.allowed_fields must be an array of strings");
    std::set<std::string> fields;
    for (const auto& k : *f) {
      if (!k.is_string()) return bad("webhooks.allowed_fields must be an array of strings");
      fields.insert(k.get<std::string>());
    }
    if (!fields.empty()) out.allowedFields = fields;  // empty means "no filter", as the platform
  }
  return out;
}

}  // namespace wc::reference
