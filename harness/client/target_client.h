#pragma once
// A small LangGraph API client. Errors are values: every call returns an ApiResponse whose
// `error` names the target, the call and what went wrong.
#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "client/recorded_call.h"
#include "client/sse_reader.h"
#include "util/bounded_json.h"
#include "util/url.h"

namespace wc {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class Cancellation;

// Everything a target sends is bounded: time (a deadline for the whole exchange, not only per
// read), bytes, SSE event size and count, JSON nesting.
struct ClientOptions {
  std::string baseUrl;  // http(s)://[user:password@]host[:port][/prefix]; no query or fragment
  std::string apiKey;   // sent as x-api-key when set
  HeaderList headers;   // extra headers (--header)
  std::chrono::milliseconds connectTimeout{5000};
  std::chrono::milliseconds readTimeout{30000};  // no byte for this long ends a call
  std::chrono::milliseconds callBudget{60000};   // connect + whole response, per call
  size_t maxResponseBytes = 8 * 1024 * 1024;
  size_t maxHeaderBytes = 64 * 1024;  // the response's header section, all lines together
  size_t maxHeaderLines = 200;
  std::string caFile;  // PEM bundle verifying the target's certificate (--ca-file); "" = system CAs
  size_t maxStreamBytes = 32 * 1024 * 1024;
  size_t maxEventBytes = 4 * 1024 * 1024;
  size_t maxEvents = 20000;
  JsonLimits json;
  // Merged into the `metadata` of every thread, run and cron a POST creates (keys already there
  // win), so what the harness leaves on a deployment can be found and deleted (created_resources.h).
  nlohmann::json creationMetadata = nlohmann::json::object();
  // Ends every call in flight when the run is stopped (SIGINT/SIGTERM, the run's bound).
  std::shared_ptr<const Cancellation> cancellation;
};

// The base URL as shown to people: userinfo removed ("http://user:pw@h" -> "http://h").
std::string displayUrl(const std::string& url);

// Why a base URL cannot be used, or "" when it can: http(s), a host, no query or fragment.
std::string baseUrlProblem(const std::string& url);

// Why --ca-file cannot be used ("" when it is empty or a readable regular file): one line.
std::string caFileProblem(const std::string& path);

struct ApiResponse {
  int status = 0;  // 0: no HTTP response (transport failure)
  std::string body;
  HeaderList headers;
  nlohmann::json json;  // the parsed body, when it is JSON
  std::string error;    // empty on success (2xx and, where JSON was expected, valid JSON)
  bool transportFailed = false;
  bool deadlineExceeded = false;  // cut at the call's deadline or by the run's cancellation

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
  const ClientOptions& options() const { return options_; }

  // The same client whose calls also end by `deadline` (a case's own deadline): each call's
  // deadline is the earlier of now + callBudget and this.
  TargetClient withDeadline(std::chrono::steady_clock::time_point deadline) const;
  // For clean-up after a case (deleting a cron): its own short budget, not cut by the case's
  // deadline or the run's cancellation, so what the case created is removed even then.
  TargetClient forCleanup(std::chrono::milliseconds budget) const;
  // The same client that also records its last run-creating call (createsRun) in `recorder`.
  TargetClient recordingCreations(std::shared_ptr<CallRecorder> recorder) const;

  ApiResponse get(const std::string& path) const;
  ApiResponse post(const std::string& path, const nlohmann::json& body) const;
  ApiResponse patch(const std::string& path, const nlohmann::json& body) const;
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
  ApiResponse getThread(const std::string& threadId) const {
    return get("/threads/" + pathSegment(threadId));
  }
  ApiResponse getThreadState(const std::string& threadId) const {
    return get("/threads/" + pathSegment(threadId) + "/state");
  }
  ApiResponse getRun(const std::string& threadId, const std::string& runId) const {
    return get("/threads/" + pathSegment(threadId) + "/runs/" + pathSegment(runId));
  }

 private:
  struct Exchange;
  // One request with the call's deadline and byte bounds; `chunk` sees the body as it comes and
  // may end the exchange (returning a reason).
  ApiResponse exchange(const std::string& method, const std::string& path, const std::string* body,
                       bool acceptStream,
                       const std::function<std::string(std::string_view)>& chunk) const;
  std::string describe(const std::string& method, const std::string& path) const;
  // The body as sent: creationMetadata merged in when the POST creates a thread, run or cron.
  std::string bodyText(const std::string& path, const nlohmann::json& body) const;
  std::chrono::steady_clock::time_point callDeadline() const;

  ClientOptions options_;
  std::string schemeHostPort_;
  std::string pathPrefix_;
  std::string user_, password_;  // from the base URL's userinfo: sent as basic auth
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  std::shared_ptr<CallRecorder> creations_;  // null: nothing recorded
};

}  // namespace wc
