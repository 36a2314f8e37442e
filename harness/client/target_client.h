#pragma once
// A small LangGraph API client. Errors are values: every call returns an ApiResponse whose
// `error` names the target, the call and what went wrong.
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "client/sse_reader.h"

namespace wc {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct ClientOptions {
  std::string baseUrl;  // http(s)://host[:port][/prefix]
  std::string apiKey;   // sent as x-api-key when set
  HeaderList headers;   // extra headers (--header)
  std::chrono::milliseconds connectTimeout{5000};
  std::chrono::milliseconds readTimeout{30000};
};

struct ApiResponse {
  int status = 0;  // 0: no HTTP response (transport failure)
  std::string body;
  HeaderList headers;
  nlohmann::json json;  // the parsed body, when it is JSON
  std::string error;    // empty on success (2xx and, where JSON was expected, valid JSON)
  bool transportFailed = false;

  bool ok() const { return error.empty(); }
  std::string header(const std::string& name) const;
};

struct StreamResponse {
  ApiResponse response;  // status and headers; body holds the raw stream
  std::vector<SseEvent> events;
  bool endedMidEvent = false;
};

class TargetClient {
 public:
  explicit TargetClient(ClientOptions options);

  const std::string& baseUrl() const { return options_.baseUrl; }

  ApiResponse get(const std::string& path) const;
  ApiResponse post(const std::string& path, const nlohmann::json& body) const;
  ApiResponse del(const std::string& path) const;
  StreamResponse postStream(const std::string& path, const nlohmann::json& body) const;

  ApiResponse ok() const { return get("/ok"); }
  ApiResponse info() const { return get("/info"); }
  ApiResponse searchAssistants(const nlohmann::json& query) const {
    return post("/assistants/search", query);
  }
  ApiResponse createThread(const nlohmann::json& body = nlohmann::json::object()) const {
    return post("/threads", body);
  }
  ApiResponse getThread(const std::string& threadId) const { return get("/threads/" + threadId); }
  ApiResponse getThreadState(const std::string& threadId) const {
    return get("/threads/" + threadId + "/state");
  }
  ApiResponse getRun(const std::string& threadId, const std::string& runId) const {
    return get("/threads/" + threadId + "/runs/" + runId);
  }

 private:
  ApiResponse send(const std::string& method, const std::string& path,
                   const std::string* body) const;
  std::string describe(const std::string& method, const std::string& path) const;

  ClientOptions options_;
  std::string schemeHostPort_;
  std::string pathPrefix_;
};

}  // namespace wc
