// The langgraph.json readers on arbitrary JSON: the reference's webhook config loader (what
// `serve-reference --config` and the embedded reference use) and the harness's reader of
// --target-config (what the headers, url-policy and disable cases expect). Either accepts or
// refuses with one line; neither may crash on a config a user wrote.
#include <cstddef>
#include <cstdint>
#include <string>

#include "reference/config/webhook_config.h"
#include "support/target_config.h"
#include "util/bounded_json.h"

namespace {

// A fixed, fake environment: fuzzing must not depend on (or leak) the real one.
std::optional<std::string> fakeEnv(const std::string& name) {
  if (name == "LG_WEBHOOK_TOKEN") return std::string("secret-token");
  if (name == "OTHER") return std::string("other");
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // As serve-reference --config reads it: bounded (json::parse recurses on 100,000 '[').
  auto config = wc::parseBoundedJsonOrDiscarded(
      std::string_view(reinterpret_cast<const char*>(data), size), wc::JsonLimits{64, 1 << 20});
  if (config.is_discarded()) return 0;

  for (bool loopbackDefault : {false, true}) {
    std::string error;
    auto loaded = wc::reference::loadWebhookConfig(config, loopbackDefault, &error, fakeEnv);
    if (!loaded && error.empty()) __builtin_trap();  // a refusal says what to fix
    if (!loaded) continue;
    if (error.find('\n') != std::string::npos) __builtin_trap();
    (void)loaded->urlPolicy.restricting();
    (void)wc::reference::urlPolicyProblem("http://127.0.0.1:8123/hook/r?token=t", loaded->urlPolicy);
    (void)wc::reference::urlPolicyProblem("https://api.example.com/hook", loaded->urlPolicy);
  }

  if (!config.is_object()) return 0;  // the CLI refuses non-objects before any reader runs
  (void)wc::urlPolicyOf(config);
  (void)wc::allowedFieldsOf(config);
  (void)wc::configuredWebhookHeaders(config, fakeEnv);
  (void)wc::configuredWebhookHeaderValues(config);
  std::string missing;
  if (config.contains("template") && config["template"].is_string())
    (void)wc::resolveEnvTemplates(config["template"].get<std::string>(), fakeEnv, &missing);
  return 0;
}
