#include "util/fast_json.h"

#include <simdjson.h>

namespace wc {
namespace {

using json = nlohmann::json;

// simdjson parses a valid document several times faster than nlohmann's lexer (most of
// a payload check was nlohmann lexing the body); building the nlohmann tree from its DOM costs a
// fraction of that. Documents up to this size only: a thread's parser keeps buffers the size of
// the largest document it has parsed.
constexpr size_t kFastPathMaxBytes = 64 * 1024;

// `element` as nlohmann::json, as nlohmann's own parser would build it (non-negative integers
// unsigned, a repeated key's last value); false when containers nest deeper than maxDepth.
bool toJson(simdjson::dom::element element, size_t depth, size_t maxDepth, json* out) {
  using Type = simdjson::dom::element_type;
  switch (element.type()) {
    case Type::OBJECT: {
      if (depth + 1 > maxDepth) return false;
      *out = json::object();
      auto& object = *out->get_ptr<json::object_t*>();
      // A copy (a view into the tape): value_unsafe() of the temporary result would dangle.
      simdjson::dom::object fields = element.get_object().value_unsafe();
      for (auto field : fields) {
        json value;
        if (!toJson(field.value, depth + 1, maxDepth, &value)) return false;
        object[std::string(field.key)] = std::move(value);
      }
      return true;
    }
    case Type::ARRAY: {
      if (depth + 1 > maxDepth) return false;
      *out = json::array();
      auto& array = *out->get_ptr<json::array_t*>();
      simdjson::dom::array items = element.get_array().value_unsafe();
      for (auto item : items) {
        array.emplace_back();
        if (!toJson(item, depth + 1, maxDepth, &array.back())) return false;
      }
      return true;
    }
    case Type::STRING: *out = std::string(element.get_string().value_unsafe()); return true;
    case Type::INT64: {
      int64_t v = element.get_int64().value_unsafe();
      *out = v >= 0 ? json(static_cast<uint64_t>(v)) : json(v);
      return true;
    }
    case Type::UINT64: *out = element.get_uint64().value_unsafe(); return true;
    case Type::DOUBLE: *out = element.get_double().value_unsafe(); return true;
    case Type::BOOL: *out = element.get_bool().value_unsafe(); return true;
    case Type::NULL_VALUE: *out = nullptr; return true;
  }
  return false;
}

}  // namespace

std::optional<json> parseValidJsonFast(std::string_view text, size_t maxDepth) {
  if (text.size() > kFastPathMaxBytes) return std::nullopt;
  // Its buffers grow to the largest document the thread has parsed, never past the bound above.
  // Its own depth limit (1,024 levels) only backs up toJson's.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root)) return std::nullopt;
  json out;
  if (!toJson(root, 0, maxDepth, &out)) return std::nullopt;
  return out;
}

}  // namespace wc
