#include "util/deployment_config_forms.h"

#include <map>

namespace wc {
namespace {

std::string withoutSurroundingBlanks(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

std::string unquoted(const std::string& value) {
  if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'')
    return value.substr(1, value.size() - 2);
  if (value.size() < 2 || value.front() != '"' || value.back() != '"') return value;
  std::string out;
  for (size_t i = 1; i + 1 < value.size(); ++i) {
    if (value[i] == '\\' && i + 2 < value.size() && (value[i + 1] == '"' || value[i + 1] == '\\'))
      ++i;
    out += value[i];
  }
  return out;
}

// The block one variable holds, or nullopt (with *error) when its text is not a bounded object.
std::optional<nlohmann::json> blockOf(const std::string& variable, const std::string& where,
                                      const std::string& text, const JsonLimits& limits,
                                      std::string* error) {
  std::string why;
  if (text.size() > limits.maxBytes)
    why = "larger than " + std::to_string(limits.maxBytes) + " bytes";
  auto parsed = why.empty() ? parseBoundedJson(text, limits, &why) : std::nullopt;
  if (parsed && parsed->is_object()) return parsed;
  *error = variable + where + " is not a JSON object" + (why.empty() ? "" : ": " + why);
  return std::nullopt;
}

std::optional<nlohmann::json> configFromVariables(const EnvLookup& valueOf, const std::string& where,
                                                  const JsonLimits& limits, std::string* error) {
  nlohmann::json config = nlohmann::json::object();
  const std::pair<const char*, const char*> blocks[] = {{kHttpVariable, "http"},
                                                        {kWebhooksVariable, "webhooks"}};
  for (const auto& [variable, key] : blocks) {
    auto text = valueOf(variable);
    if (!text) continue;
    auto block = blockOf(variable, where, *text, limits, error);
    if (!block) return std::nullopt;
    config[key] = std::move(*block);
  }
  if (config.empty()) {
    *error = std::string("neither ") + kHttpVariable + " nor " + kWebhooksVariable + " is set" +
             where;
    return std::nullopt;
  }
  return config;
}

}  // namespace

bool isEnvForm(const std::string& spec) { return spec.rfind(kEnvFormPrefix, 0) == 0; }

EnvLookup variablesDefinedIn(const std::string& text) {
  std::map<std::string, std::string> found;
  size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    auto line = withoutSurroundingBlanks(text.substr(start, end == std::string::npos ? end : end - start));
    start = end == std::string::npos ? text.size() + 1 : end + 1;
    for (const char* keyword : {"export ", "ENV "})
      if (line.rfind(keyword, 0) == 0) line = withoutSurroundingBlanks(line.substr(std::string(keyword).size()));
    const auto equals = line.find('=');
    if (equals == std::string::npos || line.empty() || line[0] == '#') continue;
    const auto name = withoutSurroundingBlanks(line.substr(0, equals));
    if (name == kHttpVariable || name == kWebhooksVariable)
      found[name] = unquoted(withoutSurroundingBlanks(line.substr(equals + 1)));
  }
  return [found](const std::string& name) -> std::optional<std::string> {
    auto it = found.find(name);
    if (it == found.end()) return std::nullopt;
    return it->second;
  };
}

std::optional<nlohmann::json> readDeploymentConfig(const std::string& spec,
                                                   const EnvLookup& environment,
                                                   const JsonLimits& limits, std::string* error) {
  if (!isEnvForm(spec)) return readJsonObjectFile(spec, limits, error);
  const auto file = spec.substr(std::string(kEnvFormPrefix).size());
  if (file.empty()) return configFromVariables(environment, " in the environment", limits, error);
  std::string text;
  if (!readBoundedFile(file, limits.maxBytes, &text, error)) return std::nullopt;
  return configFromVariables(variablesDefinedIn(text), " in " + file, limits, error);
}

}  // namespace wc
