#include "cli/run_configuration.h"

namespace wc {

nlohmann::json describeConfiguration(const RunCommandOptions& o) {
  auto orNull = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& h : o.headers) {
    std::string name, value;
    if (parseHeader(h, &name, &value)) headers.push_back(name + ": [redacted]");
  }
  return {{"target", orNull(o.target)},
          {"launch", orNull(o.launch)},
          {"assistant", orNull(o.assistants.assistant)},
          {"fail_assistant", orNull(o.assistants.failAssistant)},
          {"slow_assistant", orNull(o.assistants.slowAssistant)},
          {"api_key", o.apiKey.empty() ? nlohmann::json(nullptr) : nlohmann::json("[redacted]")},
          {"headers", headers},
          {"callback_url", orNull(o.callbackUrl)},
          {"capture_bind", o.captureBind},
          {"capture_port", o.capturePort},
          {"target_config", orNull(o.targetConfig)},
          {"report_dir", o.reportDir},
          {"filters", o.filters},
          {"strict", o.strict},
          {"destructive", o.destructive},
          {"expected_failures", orNull(o.expectedFailures)},
          {"jobs", o.jobs},
          {"timeout_scale", o.timeoutScale},
          {"reference_fault", orNull(o.referenceFault)}};
}

}  // namespace wc
