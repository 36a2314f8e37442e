#pragma once
// JSON request/response helpers shared by the reference target's route files.
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "reference/runs/run_record.h"
#include "util/bounded_json.h"

namespace wc::reference {

// What a request body may be (docs/REFERENCE.md, "Limits"). Bodies over kMaxRequestBodyBytes are
// answered 413 as they arrive (util/bounded_body.h) before a handler runs; the depth limit keeps nlohmann's recursive copy
// and dump far from the stack's end (a LangGraph run body nests < 20 levels).
constexpr size_t kMaxRequestBodyBytes = 1024 * 1024;
constexpr size_t kMaxRequestBodyDepth = 64;

inline void sendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

inline void sendRefusal(httplib::Response& res, const ApiRefusal& refusal) {
  sendJson(res, refusal.status, {{"detail", refusal.detail}});
}

// A request body (an empty body is {}) as a JSON object, parsed with the limits above, or the
// refusal (413 too large, 422 too deep, not JSON or not an object) otherwise.
// `arrayAllowed`: the body may also be an array (POST /runs/batch).
inline std::variant<nlohmann::json, ApiRefusal> parseRequestBody(const std::string& text,
                                                                 bool arrayAllowed = false) {
  if (text.size() > kMaxRequestBodyBytes)  // a chunked body is not checked by httplib
    return ApiRefusal{413, "request body larger than " + std::to_string(kMaxRequestBodyBytes) +
                               " bytes"};
  std::string why;
  auto body = parseBoundedJson(text.empty() ? std::string_view("{}") : std::string_view(text),
                               JsonLimits{kMaxRequestBodyDepth, kMaxRequestBodyBytes}, &why);
  if (!body) return ApiRefusal{422, "request body must be a JSON object: " + why};
  if (!body->is_object() && !(arrayAllowed && body->is_array()))
    return ApiRefusal{422, arrayAllowed ? "request body must be a JSON array"
                                        : "request body must be a JSON object"};
  return std::move(*body);
}

// parseRequestBody for a route: answers the refusal itself and returns nullopt on one.
inline std::optional<nlohmann::json> parseBody(const httplib::Request& req,
                                               httplib::Response& res, bool arrayAllowed = false) {
  auto parsed = parseRequestBody(req.body, arrayAllowed);
  if (auto* refusal = std::get_if<ApiRefusal>(&parsed)) {
    sendRefusal(res, *refusal);
    return std::nullopt;
  }
  return std::move(std::get<nlohmann::json>(parsed));
}

// Route patterns: ids are UUIDs.
constexpr const char* kId = "([0-9a-fA-F-]+)";

}  // namespace wc::reference
