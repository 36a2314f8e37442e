#pragma once
// `${{ env.VAR }}` templates, as langgraph.json's webhooks.headers uses them (whitespace inside
// the braces optional). One reader for the cases (suites/support/target_config) and the
// reference (reference/config/webhook_config), which differ only in what a variable may be.
#include <functional>
#include <optional>
#include <string>

namespace wc {

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
// The process's own environment (getenv).
EnvLookup processEnvironment();

// Replaces every template in `text` with valueOf(VAR). When valueOf returns nullopt, stops and
// returns nullopt (valueOf says why, e.g. through a captured error string).
std::optional<std::string> substituteEnvTemplates(const std::string& text, const EnvLookup& valueOf);

}  // namespace wc
