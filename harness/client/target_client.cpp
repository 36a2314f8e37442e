#include "client/target_client.h"

#include <httplib.h>
#include <strings.h>

#include "util/url.h"

namespace wc {
namespace {

std::string clip(const std::string& s, size_t n = 300) {
  return s.size() > n ? s.substr(0, n) + "..." : s;
}

void configure(httplib::Client& cli, const ClientOptions& o) {
  cli.set_connection_timeout(o.connectTimeout);
  cli.set_read_timeout(o.readTimeout);
  cli.set_write_timeout(o.readTimeout);
  cli.set_follow_location(false);
  cli.set_keep_alive(false);
}

httplib::Headers headersFor(const ClientOptions& o) {
  httplib::Headers h;
  if (!o.apiKey.empty()) h.emplace("x-api-key", o.apiKey);
  for (const auto& [k, v] : o.headers) h.emplace(k, v);
  return h;
}

}  // namespace

std::string ApiResponse::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
  return "";
}

TargetClient::TargetClient(ClientOptions options) : options_(std::move(options)) {
  auto url = parseUrl(options_.baseUrl);
  if (url && url->absolute) {
    schemeHostPort_ = url->schemeHostPort();
    pathPrefix_ = url->pathAndQuery == "/" ? "" : url->pathAndQuery;
    while (!pathPrefix_.empty() && pathPrefix_.back() == '/') pathPrefix_.pop_back();
  } else {
    schemeHostPort_ = options_.baseUrl;
  }
}

std::string TargetClient::describe(const std::string& method, const std::string& path) const {
  return "target " + options_.baseUrl + ": " + method + " " + path;
}

ApiResponse TargetClient::send(const std::string& method, const std::string& path,
                               const std::string* body) const {
  ApiResponse out;
  httplib::Client cli(schemeHostPort_);
  if (!cli.is_valid()) {
    out.transportFailed = true;
    out.error = "target " + options_.baseUrl + " is not a usable http(s) URL";
    return out;
  }
  configure(cli, options_);
  httplib::Request req;
  req.method = method;
  req.path = pathPrefix_ + path;
  req.headers = headersFor(options_);
  if (body) {
    req.body = *body;
    req.set_header("Content-Type", "application/json");
  }
  auto res = cli.send(req);
  if (!res) {
    out.transportFailed = true;
    out.error = describe(method, path) + ": " + httplib::to_string(res.error());
    return out;
  }
  out.status = res->status;
  out.body = res->body;
  for (const auto& [k, v] : res->headers) out.headers.emplace_back(k, v);
  if (!out.body.empty()) {
    out.json = nlohmann::json::parse(out.body, nullptr, /*allow_exceptions=*/false);
  }
  if (out.status < 200 || out.status > 299) {
    out.error = describe(method, path) + ": answered HTTP " + std::to_string(out.status) +
                (out.body.empty() ? "" : " " + clip(out.body));
  } else if (!out.body.empty() && out.json.is_discarded()) {
    out.error = describe(method, path) + ": answered HTTP " + std::to_string(out.status) +
                " with a body that is not JSON: " + clip(out.body);
  }
  return out;
}

ApiResponse TargetClient::get(const std::string& path) const { return send("GET", path, nullptr); }

ApiResponse TargetClient::post(const std::string& path, const nlohmann::json& body) const {
  std::string text = body.dump();
  return send("POST", path, &text);
}

ApiResponse TargetClient::del(const std::string& path) const {
  return send("DELETE", path, nullptr);
}

StreamResponse TargetClient::postStream(const std::string& path, const nlohmann::json& body) const {
  StreamResponse out;
  httplib::Client cli(schemeHostPort_);
  configure(cli, options_);
  SseReader reader;
  httplib::Request req;
  req.method = "POST";
  req.path = pathPrefix_ + path;
  req.headers = headersFor(options_);
  req.set_header("Accept", "text/event-stream");
  req.set_header("Content-Type", "application/json");
  req.body = body.dump();
  req.content_receiver = [&](const char* data, size_t len, uint64_t, uint64_t) {
    out.response.body.append(data, len);
    reader.feed(std::string_view(data, len));
    return true;
  };
  httplib::Response res;
  httplib::Error err = httplib::Error::Success;
  bool sent = cli.send(req, res, err);
  out.events = reader.takeEvents();
  out.endedMidEvent = reader.endedMidEvent();
  if (!sent) {
    out.response.transportFailed = res.status <= 0;
    out.response.status = res.status > 0 ? res.status : 0;
    out.response.error = describe("POST", path) + ": " + httplib::to_string(err) +
                         " after " + std::to_string(reader.bytesSeen()) + " stream bytes";
    return out;
  }
  out.response.status = res.status;
  for (const auto& [k, v] : res.headers) out.response.headers.emplace_back(k, v);
  if (res.status < 200 || res.status > 299) {
    out.response.error = describe("POST", path) + ": answered HTTP " +
                         std::to_string(res.status) + " " + clip(out.response.body);
    out.response.json = nlohmann::json::parse(out.response.body, nullptr, false);
  } else if (out.endedMidEvent) {
    out.response.error = describe("POST", path) + ": the event stream ended mid-event";
  }
  return out;
}

}  // namespace wc
