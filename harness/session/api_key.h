#pragma once
// The target's API key, found as the LangGraph SDK finds it: --api-key, else --api-key-file,
// else LANGGRAPH_API_KEY, LANGSMITH_API_KEY, LANGCHAIN_API_KEY in that order. Surrounding
// whitespace and one pair of quotes are trimmed (`$(cat keyfile)` and .env files carry them).
#include <optional>
#include <string>

#include "util/env_templates.h"

namespace wc {

struct ApiKey {
  std::string value;   // "" when none was given
  std::string source;  // "--api-key", "--api-key-file FILE", "$LANGSMITH_API_KEY", ...; never the key
};

// nullopt with `error` set when the key given cannot be sent (unreadable file, a line break or
// NUL inside it after trimming); the error names where the key came from, never the key.
std::optional<ApiKey> resolveApiKey(const std::string& flagValue, const std::string& flagFile,
                                    const EnvLookup& environment, std::string* error);

// The trimming above: whitespace around, then one pair of matching ' or " quotes.
std::string trimApiKey(const std::string& text);

}  // namespace wc
