#include "util/env_templates.h"

#include <cstdlib>
#include <regex>

namespace wc {

EnvLookup processEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

std::optional<std::string> substituteEnvTemplates(const std::string& text, const EnvLookup& valueOf) {
  static const std::regex templ(R"(\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\})");
  std::string out;
  size_t last = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), templ); it != std::sregex_iterator();
       ++it) {
    const auto& m = *it;
    auto value = valueOf(m[1].str());
    if (!value) return std::nullopt;
    out += text.substr(last, static_cast<size_t>(m.position(0)) - last) + *value;
    last = static_cast<size_t>(m.position(0) + m.length(0));
  }
  return out + text.substr(last);
}

}  // namespace wc
