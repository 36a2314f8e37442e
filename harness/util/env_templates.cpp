#include "util/env_templates.h"

#include <cstdlib>

namespace wc {
namespace {

// As `\s` in the ECMAScript grammar the templates were first matched with.
bool isTemplateSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
bool isNameStart(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool isNameChar(char c) { return isNameStart(c) || (c >= '0' && c <= '9'); }

// `${{ env.NAME }}` starting at text[at] ("${{" already seen): its end and NAME, or false.
// One forward pass with no backtracking: a template of any length costs its length, and no
// two attempts scan the same bytes (a '$' ends every run this reads).
bool templateAt(const std::string& text, size_t at, size_t* end, std::string* name) {
  size_t i = at + 3;
  while (i < text.size() && isTemplateSpace(text[i])) ++i;
  if (text.compare(i, 4, "env.") != 0) return false;
  i += 4;
  if (i >= text.size() || !isNameStart(text[i])) return false;
  const size_t nameStart = i;
  while (i < text.size() && isNameChar(text[i])) ++i;
  const size_t nameEnd = i;
  while (i < text.size() && isTemplateSpace(text[i])) ++i;
  if (text.compare(i, 2, "}}") != 0) return false;
  *name = text.substr(nameStart, nameEnd - nameStart);
  *end = i + 2;
  return true;
}

}  // namespace

EnvLookup processEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

// Scanned by hand, not with std::regex: libstdc++'s matcher recurses per character and a
// 50 KB header value overflowed the stack.
std::optional<std::string> substituteEnvTemplates(const std::string& text, const EnvLookup& valueOf) {
  std::string out;
  size_t copied = 0;
  for (size_t at = text.find("${{"); at != std::string::npos; at = text.find("${{", at)) {
    size_t end = 0;
    std::string name;
    if (!templateAt(text, at, &end, &name)) {
      ++at;
      continue;
    }
    auto value = valueOf(name);
    if (!value) return std::nullopt;
    out.append(text, copied, at - copied);
    out += *value;
    copied = at = end;
  }
  return out + text.substr(copied);
}

}  // namespace wc
