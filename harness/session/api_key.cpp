#include "session/api_key.h"

#include "util/bounded_json.h"

namespace wc {
namespace {

constexpr size_t kMaxKeyFileBytes = 64 * 1024;  // a key is tens of bytes; a file past this is wrong

std::string trimWhitespace(const std::string& text) {
  const char* kSpace = " \t\r\n\v\f";
  auto first = text.find_first_not_of(kSpace);
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

}  // namespace

std::string trimApiKey(const std::string& text) {
  auto key = trimWhitespace(text);
  if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'') && key.back() == key.front())
    key = trimWhitespace(key.substr(1, key.size() - 2));
  return key;
}

std::optional<ApiKey> resolveApiKey(const std::string& flagValue, const std::string& flagFile,
                                    const EnvLookup& environment, std::string* error) {
  ApiKey key;
  if (!flagValue.empty() && !flagFile.empty()) {
    *error = "--api-key and --api-key-file exclude each other";
    return std::nullopt;
  }
  if (!flagValue.empty()) {
    key = {trimApiKey(flagValue), "--api-key"};
  } else if (!flagFile.empty()) {
    std::string text, why;
    if (!readBoundedFile(flagFile, kMaxKeyFileBytes, &text, &why)) {
      *error = "--api-key-file: " + why;
      return std::nullopt;
    }
    key = {trimApiKey(text), "--api-key-file " + flagFile};
    if (key.value.empty()) {
      *error = "--api-key-file " + flagFile + " holds no key";
      return std::nullopt;
    }
  } else {
    for (const char* name : {"LANGGRAPH_API_KEY", "LANGSMITH_API_KEY", "LANGCHAIN_API_KEY"}) {
      auto value = environment(name);
      if (!value || trimApiKey(*value).empty()) continue;
      key = {trimApiKey(*value), std::string("$") + name};
      break;
    }
  }
  if (key.value.find_first_of(std::string("\r\n\0", 3)) != std::string::npos) {
    *error = "the API key from " + key.source + " has a line break or NUL inside it (one key, "
             "one line)";
    return std::nullopt;
  }
  return key;
}

}  // namespace wc
