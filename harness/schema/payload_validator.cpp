#include "schema/payload_validator.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <map>
#include <optional>

#include "wc_embedded_schemas.h"

namespace wc {
namespace {

// valijson context ["<root>", "[kwargs]", "[0]"] -> "/kwargs/0"
std::string toPointer(const std::vector<std::string>& context) {
  std::string out;
  for (const auto& part : context) {
    if (part.size() < 2 || part.front() != '[' || part.back() != ']') continue;
    std::string token = part.substr(1, part.size() - 2);
    std::string escaped;
    for (char c : token) {
      if (c == '~') escaped += "~0";
      else if (c == '/') escaped += "~1";
      else escaped += c;
    }
    out += "/" + escaped;
  }
  return out;
}

// valijson 1.0's `format` check casts the value to a string before it looks at its type, so
// {"run_id": {"n": 1}} against `"format": "uuid"` aborts the process (found by
// fuzz_capture_path). It also builds its date-time regex on every check. Every `format` in our
// schemas sits beside a `pattern` and a `"type": "string"` that check the same thing safely, so
// the keyword is dropped before parsing.
nlohmann::json withoutFormat(nlohmann::json schema) {
  std::vector<nlohmann::json*> pending{&schema};
  while (!pending.empty()) {  // iterative: no recursion on the (trusted, shallow) schema
    nlohmann::json* node = pending.back();
    pending.pop_back();
    if (node->is_object()) {
      node->erase("format");
      for (auto& [key, value] : node->items()) pending.push_back(&value);
    } else if (node->is_array()) {
      for (auto& value : *node) pending.push_back(&value);
    }
  }
  return schema;
}

// valijson checks `pattern` with std::regex, whose executor recurses once per character matched:
// a megabyte of digits in a date-time's fraction overflows the stack. No value our patterns accept
// is this long (a UUID is 36 bytes, a date-time with nanoseconds about 35), so a longer string is
// refused before the regex sees it.
constexpr size_t kMaxPatternedStringBytes = 256;

}  // namespace

struct SchemaValidator::Impl {
  valijson::Schema schema;
  std::vector<std::string> patternedProperties;  // top-level properties with a `pattern`
};

SchemaValidator::SchemaValidator(const nlohmann::json& schema) : impl_(std::make_unique<Impl>()) {
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  if (schema.contains("properties") && schema["properties"].is_object())
    for (const auto& [name, property] : schema["properties"].items())
      if (property.is_object() && property.contains("pattern"))
        impl_->patternedProperties.push_back(name);
  const nlohmann::json safe = withoutFormat(schema);
  valijson::adapters::NlohmannJsonAdapter adapter(safe);
  parser.populateSchema(adapter, impl_->schema);
}

SchemaValidator::~SchemaValidator() = default;

std::vector<SchemaError> SchemaValidator::validate(const nlohmann::json& document) const {
  // One validator per thread: it caches the std::regex of each `pattern` it has compiled, and a
  // fresh one per call recompiled them every time (most of a payload check's cost).
  thread_local valijson::Validator validator(valijson::Validator::kStrongTypes);
  std::vector<SchemaError> errors;
  // Too long for its pattern: said here, and validated as a value that is a string but no match.
  std::optional<nlohmann::json> shortened;
  if (document.is_object())
    for (const auto& name : impl_->patternedProperties) {
      auto it = document.find(name);
      if (it == document.end() || !it->is_string() ||
          it->get_ref<const std::string&>().size() <= kMaxPatternedStringBytes)
        continue;
      if (!shortened) shortened = document;
      errors.push_back({"/" + name, "a string of " + std::to_string(it->get_ref<const std::string&>().size()) +
                                        " bytes: longer than any value its pattern accepts"});
      (*shortened)[name] = "";
    }
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(shortened ? *shortened : document);
  if (validator.validate(impl_->schema, adapter, &results)) return errors;
  // valijson reports a failed property and then each enclosing object; keep the deepest
  // message per pointer so the report names the field that is wrong.
  std::map<std::string, std::string> seen;
  for (const auto& e : errors) seen[e.pointer] = e.message;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    auto pointer = toPointer(error.context);
    if (seen.count(pointer)) continue;
    seen[pointer] = error.description;
    errors.push_back({pointer, error.description});
  }
  return errors;
}

const SchemaValidator& SchemaValidator::webhookPayload() {
  static const SchemaValidator v(
      nlohmann::json::parse(webhook_conformance_schemas::webhook_payload_schema));
  return v;
}

const SchemaValidator& SchemaValidator::run() {
  static const SchemaValidator v(nlohmann::json::parse(webhook_conformance_schemas::run_schema));
  return v;
}

std::string formatSchemaErrors(const std::vector<SchemaError>& errors, size_t max) {
  std::string out;
  for (size_t i = 0; i < errors.size() && i < max; ++i) {
    if (i) out += "; ";
    out += (errors[i].pointer.empty() ? std::string("(root)") : errors[i].pointer) + ": " +
           errors[i].message;
  }
  if (errors.size() > max) out += "; ... " + std::to_string(errors.size() - max) + " more";
  return out;
}

}  // namespace wc
