#include "session/run_configuration.h"

#include "support/target_config.h"

namespace wc {

nlohmann::json describeConfiguration(const SessionOptions& o) {
  auto orNull = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& h : o.headers) {
    std::string name, value;
    if (parseHeader(h, &name, &value)) headers.push_back(name + ": [redacted]");
  }
  return {{"target", orNull(redactUrlUserinfo(o.target))},
          {"launch", orNull(o.launch)},
          {"launch_dir", orNull(o.launchDir)},
          {"assistant", orNull(o.assistants.assistant)},
          {"fail_assistant", orNull(o.assistants.failAssistant)},
          {"slow_assistant", orNull(o.assistants.slowAssistant)},
          {"review_assistant", orNull(o.assistants.reviewAssistant)},
          {"api_key", o.apiKey.empty() ? nlohmann::json(nullptr) : nlohmann::json("[redacted]")},
          {"headers", headers},
          {"callback_url", orNull(redactUrlUserinfo(o.callbackUrl))},
          {"capture_bind", o.captureBind},
          {"capture_port", o.capturePort},
          {"capture_tls_cert", orNull(o.captureTlsCert)},
          {"target_config", orNull(o.targetConfig)},
          {"report_dir", o.reportDir},
          {"filters", o.filters},
          {"strict", o.strict},
          {"destructive", o.destructive},
          {"expected_failures", orNull(o.expectedFailures)},
          {"jobs", o.jobs},
          {"timeout_scale", o.timeoutScale},
          {"reference_fault", orNull(o.referenceFault)},
          {"platform_version", orNull(o.platformVersion)},
          {"emulate_version", orNull(o.emulateVersion)}};
}

void addOptionSecrets(const SessionOptions& o, const nlohmann::json* targetConfig,
                      Redactor* redactor) {
  redactor->addSecret(o.apiKey);
  for (const auto& h : o.headers) {
    std::string name, value;
    if (!parseHeader(h, &name, &value)) continue;
    redactor->addSecret(value);
    redactor->addSecretHeaderName(name);
  }
  redactor->addSecretsFromUrl(o.target);
  redactor->addSecretsFromUrl(o.callbackUrl);
  if (!targetConfig) return;
  for (const auto& name : configuredWebhookHeaderNames(*targetConfig))
    redactor->addSecretHeaderName(name);
  for (const auto& value : configuredWebhookHeaderValues(*targetConfig)) redactor->addSecret(value);
}

}  // namespace wc
