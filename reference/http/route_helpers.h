#pragma once
// What the reference's create routes share: a resource made from the request body, and one
// handler serving both the per-thread route and its stateless twin.
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "reference/http/http_json.h"
#include "util/bounded_body.h"

namespace wc::reference {

// Parses the request body and hands it to `create` (json -> variant<json, ApiRefusal>); answers
// a refused body or creation itself and returns nullopt then, the created resource otherwise.
template <typename Create>
std::optional<nlohmann::json> createFromBody(const httplib::Request& req, httplib::Response& res,
                                             Create&& create) {
  auto body = parseBody(req, res);
  if (!body) return std::nullopt;
  auto created = create(*body);
  if (auto* refusal = std::get_if<ApiRefusal>(&created)) {
    sendRefusal(res, *refusal);
    return std::nullopt;
  }
  return std::move(std::get<nlohmann::json>(created));
}

// A handler taking (thread id, request, response) for POST `threadPattern` (the thread id is its
// first capture) and for POST `statelessPath` (thread id "").
template <typename Handler>
void postOnThreadAndStateless(BoundedBodyRoutes& s, const std::string& threadPattern,
                              const std::string& statelessPath, Handler handler) {
  s.Post(threadPattern, [handler](const httplib::Request& req, httplib::Response& res) {
    handler(req.matches[1], req, res);
  });
  s.Post(statelessPath, [handler](const httplib::Request& req, httplib::Response& res) {
    handler("", req, res);
  });
}

}  // namespace wc::reference
