#include "support/needs.h"

#include "support/target_config.h"

namespace wc {

std::optional<std::string> skipReason(Need need, const TargetProfile& profile) {
  auto missing = [&](const std::string& what) -> std::optional<std::string> {
    if (!profile.targetConfig)
      return "needs the deployment's langgraph.json with " + what + ": pass --target-config FILE";
    return "the deployment's langgraph.json (--target-config) does not set " + what;
  };
  static const nlohmann::json kNoConfig = nlohmann::json::object();
  const auto& config = profile.targetConfig ? *profile.targetConfig : kNoConfig;
  switch (need) {  // no default: a new Need that is not handled here is a compile error
    case Need::Crons:
      if (!profile.hasCrons()) return "the target's /info does not report flags.crons: true";
      return std::nullopt;
    case Need::Destructive:
      if (!profile.destructive)
        return "destructive case: pass --destructive to run it (it may tie up the target's workers)";
      return std::nullopt;
    case Need::FailGraph:
      if (profile.failAssistantId.empty())
        return "the target has no graph that raises: deploy one as `fail` or name it with "
               "--fail-assistant";
      return std::nullopt;
    case Need::SlowGraph:
      if (profile.slowAssistantId.empty())
        return "the target has no `slow` graph (sleeps input.seconds): deploy one or name it with "
               "--slow-assistant";
      return std::nullopt;
    case Need::ReviewGraph:
      if (profile.reviewAssistantId.empty())
        return "the target has no `review` graph (pauses for human review with interrupt()): "
               "deploy one or name it with --review-assistant";
      return std::nullopt;
    case Need::TargetConfig:
      if (!profile.targetConfig) return "needs the deployment's langgraph.json: pass --target-config FILE";
      return std::nullopt;
    case Need::WebhooksEnabled:
      if (disablesWebhooks(config))
        return "the deployment disables webhooks (http.disable_webhooks: true in --target-config)";
      return std::nullopt;
    case Need::FullPayload:
      if (!allowedFieldsOf(config).empty())
        return "the deployment's webhooks.allowed_fields (--target-config) trims the payload this "
               "case reads";
      return std::nullopt;
    case Need::ConfigDisable:
      if (!disablesWebhooks(config)) return missing("http.disable_webhooks: true");
      return std::nullopt;
    case Need::ConfigHeaders:
      if (configuredWebhookHeaderNames(config).empty()) return missing("webhooks.headers");
      return std::nullopt;
    case Need::ConfigUrlPolicy:
      if (auto policy = urlPolicyOf(config); !policy || !restricts(*policy))
        return missing("a webhooks.url policy (require_https, allowed_domains, allowed_ports or "
                       "max_url_length)");
      return std::nullopt;
    case Need::ConfigAllowedFields:
      if (allowedFieldsOf(config).empty()) return missing("webhooks.allowed_fields");
      return std::nullopt;
    case Need::ConfigLoopbackDefault:
      if (!profile.targetConfig)
        return "needs the deployment's langgraph.json, to know that webhooks.url.disable_loopback "
               "is unset: pass --target-config FILE";
      if (auto policy = urlPolicyOf(config); policy && (policy->disableLoopback || restricts(*policy)))
        return "the deployment's langgraph.json (--target-config) sets webhooks.url."
               "disable_loopback or a restricting policy: the platform's loopback default is "
               "not what decides";
      return std::nullopt;
    case Need::ConfigPrivateIpsDisabled:
      if (auto policy = urlPolicyOf(config); !policy || policy->disablePrivateIps != true)
        return missing("webhooks.url.disable_private_ips: true (private addresses are accepted "
                       "by default)");
      return std::nullopt;
    case Need::HttpsCallback:
      if (!profile.httpsCallback)
        return "needs an https:// webhook URL that reaches the capture server: pass "
               "--callback-url https://... (a TLS tunnel to it) or --capture-tls-cert FILE "
               "--capture-tls-key FILE";
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> versionSkipReason(const std::vector<PlatformChange>& since,
                                             const PlatformProfile& platform) {
  for (auto change : since) {
    if (platform.promises(change)) continue;
    const auto& row = platformChange(change);
    return platform.describe() + " predates " + row.behaviour + " (langgraph-api " +
           row.firstVersion + "): that version does not promise it";
  }
  return std::nullopt;
}

std::optional<std::string> skipReason(const CaseInfo& info, const TargetProfile& profile) {
  if (auto why = skipReason(info.needs, profile)) return why;
  return versionSkipReason(info.onlySince, profile.platform);
}

// Capabilities first, configurations last: with configuration instances a case that needs crons
// and http.disable_webhooks on a target without crons would otherwise be reported, from the
// default instance, as missing the configuration another instance has.
std::optional<std::string> skipReason(const std::vector<Need>& needs, const TargetProfile& profile) {
  auto isConfiguration = [](Need n) {
    return n == Need::TargetConfig || n == Need::ConfigDisable || n == Need::ConfigHeaders ||
           n == Need::ConfigUrlPolicy || n == Need::ConfigAllowedFields ||
           n == Need::ConfigLoopbackDefault || n == Need::ConfigPrivateIpsDisabled ||
           n == Need::WebhooksEnabled || n == Need::FullPayload;
  };
  for (bool configurations : {false, true})
    for (auto need : needs)
      if (isConfiguration(need) == configurations)
        if (auto why = skipReason(need, profile)) return why;
  return std::nullopt;
}

}  // namespace wc
