#include "session/configuration_instances.h"

#include <cstdlib>
#include <random>
#include <thread>

#include "launch/langgraph_js_launcher.h"
#include "reference/reference_target.h"
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

class ReferenceInstance : public InstanceTarget {
 public:
  explicit ReferenceInstance(const reference::ReferenceOptions& o) : reference_(o) {}
  bool start(std::string* why) { return reference_.start("127.0.0.1", 0, why); }
  std::string baseUrl() const override { return reference_.baseUrl(); }
  void stop() override { reference_.stop(); }
  Environment::DeliveriesSettledWait deliveriesSettledWait() override {
    return [this](std::chrono::steady_clock::time_point deadline, std::string* pending) {
      return reference_.awaitDeliveriesSettled(deadline, pending);
    };
  }

 private:
  reference::ReferenceTarget reference_;
};

class LangGraphJsInstance : public InstanceTarget {
 public:
  bool start(const LaunchOptions& o, std::string* why) {
    auto problem = server_.start(o);
    if (problem) *why = problem->message;
    return !problem;
  }
  std::string baseUrl() const override { return server_.baseUrl(); }
  void stop() override { server_.stop(); }

 private:
  LangGraphJsServer server_;
};

// What one instance's start thread leaves behind.
struct Started {
  std::unique_ptr<InstanceTarget> target;
  TargetProfile profile;
  std::string error;
};

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
      // After `destructive`, so only the cases that need the switch run here. Destructive: a
      // target that wrongly accepts a private address would deliver inside its own network.
      {"private-ips-disabled", "private-ips-disabled.json", files::private_ips_disabled, true},
  };
  return all;
}

InstanceStarter referenceInstances(const reference::ReferenceOptions& base) {
  return [base](const EmbeddedConfiguration&, const nlohmann::json& config, std::string* error)
             -> std::unique_ptr<InstanceTarget> {
    reference::ReferenceOptions ro = base;
    ro.langgraphConfig = config;
    auto instance = std::make_unique<ReferenceInstance>(ro);
    if (!instance->start(error)) return nullptr;
    return instance;
  };
}

InstanceStarter langGraphJsInstances(const LaunchOptions& base, const std::string& logDir) {
  return [base, logDir](const EmbeddedConfiguration& c, const nlohmann::json& config,
                        std::string* error) -> std::unique_ptr<InstanceTarget> {
    LaunchOptions lo = base;
    lo.configuration = config;
    lo.label = base.label + " (" + c.name + " instance)";
    lo.logPath = logDir.empty() ? "" : logDir + "/langgraph-dev-" + c.name + ".log";
    auto instance = std::make_unique<LangGraphJsInstance>();
    if (!instance->start(lo, error)) return nullptr;
    return instance;
  };
}

std::vector<ConfigurationInstance> startConfigurationInstances(
    const std::vector<const CaseDef*>& cases, const TargetProfile& primary,
    const InstanceStarter& start, const AssistantChoice& assistants, const ClientOptions& client,
    const std::shared_ptr<CaptureServer>& capture, Redactor* redactor, std::string* error) {
  std::vector<const EmbeddedConfiguration*> needed;
  std::vector<TargetProfile> earlier = {primary};
  for (const auto& config : embeddedConfigurations()) {
    if (std::string(config.name) == "default") continue;
    auto candidate = profileWith(primary, config);
    bool isNeeded = false;
    for (const auto* def : cases) {
      bool placed = false;
      for (const auto& p : earlier) placed = placed || runsOn(*def, p);
      isNeeded = isNeeded || (!placed && runsOn(*def, candidate));
    }
    if (!isNeeded) continue;
    if (candidate.targetConfig && config.file == std::string("headers.json")) ensureCanaryVariable();
    needed.push_back(&config);
    earlier.push_back(std::move(candidate));
  }
  // All at once: a launched server takes seconds to come up, and each start is independent.
  std::vector<Started> results(needed.size());
  std::vector<std::thread> starting;
  for (size_t i = 0; i < needed.size(); ++i) {
    starting.emplace_back([&, i] {
      const auto& config = *needed[i];
      Started& out = results[i];
      out.profile = earlier[i + 1];
      std::string why;
      out.target = start(config, out.profile.targetConfig ? *out.profile.targetConfig
                                                          : nlohmann::json::object(), &why);
      if (!out.target) {
        out.error = std::string("the ") + config.name + " instance: " + why;
        return;
      }
      ClientOptions options = client;
      options.baseUrl = out.target->baseUrl();
      out.profile.baseUrl = options.baseUrl;
      auto probe = TargetClient(options).withDeadline(std::chrono::steady_clock::now() +
                                                      std::chrono::seconds(12));
      // Instances the harness started itself: no key of the user's is involved.
      if (auto problem = preflight(probe, assistants, "", &out.profile);
          problem.stop != PreflightStop::None)
        out.error = std::string("the ") + config.name + " instance: " + problem.message;
    });
  }
  for (auto& t : starting) t.join();
  std::vector<ConfigurationInstance> started;
  for (size_t i = 0; i < needed.size(); ++i) {
    auto& r = results[i];
    if (!r.error.empty()) {
      *error = r.error;
      for (auto& s : results)
        if (s.target) s.target->stop();
      return {};
    }
    if (r.profile.targetConfig) {
      for (const auto& value : configuredWebhookHeaderValues(*r.profile.targetConfig))
        redactor->addSecret(value);
      for (const auto& name : configuredWebhookHeaderNames(*r.profile.targetConfig))
        redactor->addSecretHeaderName(name);
    }
    ConfigurationInstance instance;
    instance.file = needed[i]->file;
    instance.target = std::move(r.target);
    ClientOptions options = client;
    options.baseUrl = instance.target->baseUrl();
    instance.environment =
        std::make_unique<Environment>(TargetClient(options), capture, std::move(r.profile));
    instance.environment->setDeliveriesSettledWait(instance.target->deliveriesSettledWait());
    started.push_back(std::move(instance));
  }
  return started;
}

}  // namespace wc
