#include "cli/embedded_instances.h"

#include <cstdlib>
#include <random>

#include "cli/preflight.h"
#include "reference_target.h"
#include "support/target_config.h"
#include "wc_embedded_configs.h"

namespace wc {
namespace {

// setenv before the instances start: the reference and the cases both resolve the template from
// the process environment. A value the user exported is kept (and still redacted).
void ensureCanaryVariable() {
  if (std::getenv(kHeadersCanaryVariable)) return;
  std::random_device seed;
  std::mt19937_64 rng(seed());
  static const char kHex[] = "0123456789abcdef";
  std::string value = "canary-";
  for (int i = 0; i < 24; ++i) value += kHex[rng() % 16];
  ::setenv(kHeadersCanaryVariable, value.c_str(), 0);
}

// The profile a case would see on this configuration's instance, before it exists.
TargetProfile profileWith(const TargetProfile& primary, const EmbeddedConfiguration& c) {
  TargetProfile p = primary;
  p.instance = c.name;
  p.destructive = primary.destructive || c.destructive;
  if (c.langgraphJson.empty()) p.targetConfig.reset();
  else p.targetConfig = nlohmann::json::parse(c.langgraphJson);  // our own file: parse errors are ours
  return p;
}

bool runsOn(const CaseDef& def, const TargetProfile& profile) {
  return !def.unmetNeed || !def.unmetNeed(profile);
}

}  // namespace

nlohmann::json defaultEmbeddedConfig() {
  return nlohmann::json::parse(webhook_conformance_configs::default_config);  // our own file
}

const std::vector<EmbeddedConfiguration>& embeddedConfigurations() {
  namespace files = webhook_conformance_configs;
  static const std::vector<EmbeddedConfiguration> all = {
      {"default", "default.json", files::default_config, false},
      {"disable-webhooks", "disable-webhooks.json", files::disable_webhooks, false},
      {"headers", "headers.json", files::headers, false},
      {"url-policy", "url-policy.json", files::url_policy, false},
      {"allowed-fields", "allowed-fields.json", files::allowed_fields, false},
      {"platform-defaults", "platform-defaults.json", files::platform_defaults, false},
      {"destructive", "default.json", files::default_config, true},
  };
  return all;
}

std::vector<ConfigurationInstance> startConfigurationInstances(
    const std::vector<const CaseDef*>& cases, const TargetProfile& primary,
    const reference::ReferenceOptions& base, const ClientOptions& client,
    const std::shared_ptr<CaptureServer>& capture, Redactor* redactor, std::string* error) {
  std::vector<ConfigurationInstance> started;
  std::vector<TargetProfile> earlier = {primary};
  for (const auto& config : embeddedConfigurations()) {
    if (std::string(config.name) == "default") continue;
    auto candidate = profileWith(primary, config);
    bool needed = false;
    for (const auto* def : cases) {
      bool placed = false;
      for (const auto& p : earlier) placed = placed || runsOn(*def, p);
      needed = needed || (!placed && runsOn(*def, candidate));
    }
    if (!needed) continue;
    if (candidate.targetConfig && config.file == std::string("headers.json")) ensureCanaryVariable();
    reference::ReferenceOptions ro = base;
    ro.langgraphConfig = candidate.targetConfig ? *candidate.targetConfig : nlohmann::json::object();
    ConfigurationInstance instance;
    instance.file = config.file;
    instance.reference = std::make_unique<reference::ReferenceTarget>(ro);
    std::string why;
    if (!instance.reference->start("127.0.0.1", 0, &why)) {
      *error = std::string("the embedded reference's ") + config.name + " instance: " + why;
      return {};
    }
    ClientOptions options = client;
    options.baseUrl = instance.reference->baseUrl();
    candidate.baseUrl = options.baseUrl;
    auto probe = TargetClient(options).withDeadline(std::chrono::steady_clock::now() +
                                                    std::chrono::seconds(12));
    if (auto problem = preflight(probe, AssistantChoice{}, &candidate); !problem.empty()) {
      *error = std::string("the embedded reference's ") + config.name + " instance: " + problem;
      return {};
    }
    if (candidate.targetConfig) {
      for (const auto& value : configuredWebhookHeaderValues(*candidate.targetConfig))
        redactor->addSecret(value);
      for (const auto& name : configuredWebhookHeaderNames(*candidate.targetConfig))
        redactor->addSecretHeaderName(name);
    }
    earlier.push_back(candidate);
    instance.environment =
        std::make_unique<Environment>(TargetClient(options), capture, std::move(candidate));
    started.push_back(std::move(instance));
  }
  return started;
}

}  // namespace wc
