#pragma once
// A deployment's webhook configuration comes in two forms: its langgraph.json, and the
// environment variables `langgraph build` writes into the image from it — LANGGRAPH_HTTP (the
// `http` block as JSON, carrying disable_webhooks) and LANGGRAPH_WEBHOOKS (the `webhooks` block)
// (langchain-ai/langgraph libs/cli/langgraph_cli/config.py). A user whose deployment is
// configured by those variables hands them over as they are; both forms become the same
// {"http": ..., "webhooks": ...} object, read with the same bounds.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "util/bounded_json.h"
#include "util/env_templates.h"

namespace wc {

// `--target-config` values that select the environment form: "env:" reads this process's
// environment, "env:FILE" a dotenv file or Dockerfile holding the variables.
inline constexpr const char* kEnvFormPrefix = "env:";
inline constexpr const char* kHttpVariable = "LANGGRAPH_HTTP";
inline constexpr const char* kWebhooksVariable = "LANGGRAPH_WEBHOOKS";

bool isEnvForm(const std::string& spec);

// The configuration `spec` names: a langgraph.json path, "env:" (the variables from `environment`)
// or "env:FILE". Each JSON text is held to `limits` (size, nesting); nullopt with *error naming
// the file or the variable and what was wrong.
std::optional<nlohmann::json> readDeploymentConfig(const std::string& spec,
                                                   const EnvLookup& environment,
                                                   const JsonLimits& limits, std::string* error);

// The two variables' values as the lines of a dotenv file or Dockerfile define them:
// `NAME=value`, `export NAME=value` or `ENV NAME=value`, the value bare, in single quotes (taken
// literally) or in double quotes (\" and \\ unescaped); blank lines, `#` comments and other
// names are ignored; a later line wins. Looking up any other name gives nullopt.
EnvLookup variablesDefinedIn(const std::string& text);

}  // namespace wc
