#pragma once
// Shapes of the fields the reference reads from a request body. A wrong type is a 422 that names
// the field (as the platform's validation does), never an exception from nlohmann's accessors.
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "reference/runs/run_record.h"

namespace wc::reference {

enum class FieldShape { String, Boolean, Object, StringOrStringArray };

inline bool hasShape(const nlohmann::json& v, FieldShape shape) {
  switch (shape) {
    case FieldShape::String:
      return v.is_string();
    case FieldShape::Boolean:
      return v.is_boolean();
    case FieldShape::Object:
      return v.is_object();
    case FieldShape::StringOrStringArray:
      if (v.is_string()) return true;
      if (!v.is_array()) return false;
      for (const auto& item : v)
        if (!item.is_string()) return false;
      return true;
  }
  return false;
}

inline const char* describe(FieldShape shape) {
  switch (shape) {
    case FieldShape::String:
      return "a string";
    case FieldShape::Boolean:
      return "true or false";
    case FieldShape::Object:
      return "an object";
    case FieldShape::StringOrStringArray:
      return "a string or an array of strings";
  }
  return "";
}

// The first field of `fields` present in `body`, not null and of the wrong shape, as a 422.
inline std::optional<ApiRefusal> fieldShapeProblem(
    const nlohmann::json& body, std::initializer_list<std::pair<const char*, FieldShape>> fields) {
  if (!body.is_object()) return ApiRefusal{422, "request body must be a JSON object"};
  for (const auto& [key, shape] : fields) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null() || hasShape(*it, shape)) continue;
    return ApiRefusal{422, std::string(key) + " must be " + describe(shape)};
  }
  return std::nullopt;
}

}  // namespace wc::reference
