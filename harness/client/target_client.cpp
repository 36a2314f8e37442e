#include "client/target_client.h"

#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "client/http_exchange.h"
#include "util/cancellation.h"
#include "util/url.h"
#include "util/excerpt.h"

namespace wc {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds until(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return std::max(left, std::chrono::milliseconds(1));
}

HeaderList headersFor(const ClientOptions& o) {
  HeaderList h;
  if (!o.apiKey.empty()) h.emplace_back("x-api-key", o.apiKey);
  for (const auto& [k, v] : o.headers) h.emplace_back(k, v);
  return h;
}

// A few bytes of what came, for the message: heartbeats and drips show up as "\n\n\n".
std::string describeBytes(const std::string& seen) {
  std::string shown;
  for (char c : seen.substr(0, 40)) {
    if (c == '\n') shown += "\\n";
    else if (c == '\r') shown += "\\r";
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) shown += "?";
    else shown += c;
  }
  return std::to_string(seen.size()) + " body byte(s) had arrived" +
         (seen.empty() ? "" : " ('" + shown + (seen.size() > 40 ? "...'" : "'") + ")");
}

}  // namespace

std::string displayUrl(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  auto authorityEnd = url.find_first_of("/?#", scheme + 3);
  auto at = url.rfind('@', authorityEnd == std::string::npos ? std::string::npos : authorityEnd);
  if (at == std::string::npos || at < scheme + 3) return url;
  return url.substr(0, scheme + 3) + url.substr(at + 1);
}

std::string baseUrlProblem(const std::string& text) {
  auto url = parseUrl(text);
  if (!url || (url->scheme != "http" && url->scheme != "https") || url->host.empty())
    return "must be an http(s) URL";
  if (url->hasQueryOrFragment)
    return "must not carry a query or fragment (paths are appended to it)";
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "must not contain control characters";
  return "";
}

std::string caFileProblem(const std::string& path) {
  if (path.empty()) return "";
  struct stat info {};
  std::string shown = "'" + path.substr(0, 200) + "'";
  for (auto& c : shown)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  if (::stat(path.c_str(), &info) != 0) return "--ca-file " + shown + ": no such file";
  if (!S_ISREG(info.st_mode)) return "--ca-file " + shown + ": not a regular file";
  if (::access(path.c_str(), R_OK) != 0) return "--ca-file " + shown + ": not readable";
  return "";
}

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
    auto colon = url->userInfo.find(':');
    user_ = url->userInfo.substr(0, colon);
    if (colon != std::string::npos) password_ = url->userInfo.substr(colon + 1);
  } else {
    schemeHostPort_ = options_.baseUrl;
  }
}

TargetClient TargetClient::withDeadline(Clock::time_point deadline) const {
  TargetClient copy = *this;
  copy.deadline_ = deadline_ ? std::min(*deadline_, deadline) : deadline;
  return copy;
}

TargetClient TargetClient::forCleanup(std::chrono::milliseconds budget) const {
  TargetClient copy = *this;
  copy.deadline_.reset();
  copy.options_.callBudget = budget;
  copy.options_.cancellation.reset();
  copy.creations_.reset();  // clean-up creates nothing worth reproducing
  return copy;
}

TargetClient TargetClient::recordingCreations(std::shared_ptr<CallRecorder> recorder) const {
  TargetClient copy = *this;
  copy.creations_ = std::move(recorder);
  return copy;
}

Clock::time_point TargetClient::callDeadline() const {
  auto d = Clock::now() + options_.callBudget;
  return deadline_ ? std::min(d, *deadline_) : d;
}

std::string TargetClient::describe(const std::string& method, const std::string& path) const {
  return "target " + displayUrl(options_.baseUrl) + ": " + method + " " + path;
}

ApiResponse TargetClient::exchange(const std::string& method, const std::string& path,
                                   const std::string* body, bool acceptStream,
                                   const std::function<std::string(std::string_view)>& chunk) const {
  ApiResponse out;
  const auto deadline = callDeadline();
  const auto budget = until(deadline);
  if (options_.cancellation && options_.cancellation->cancelled()) {
    out.transportFailed = out.deadlineExceeded = true;
    out.error = describe(method, path) + ": not sent, the run was stopped (" +
                options_.cancellation->reason() + ")";
    return out;
  }
  HttpExchangeRequest request;
  request.method = method;
  request.url = schemeHostPort_ + pathPrefix_ + path;
  request.headers = headersFor(options_);
  if (acceptStream) request.headers.emplace_back("Accept", "text/event-stream");
  if (body) {
    request.body = body;
    request.headers.emplace_back("Content-Type", "application/json");
  }
  request.user = user_;
  request.password = password_;
  request.deadline = deadline;
  request.connectTimeout = std::min(options_.connectTimeout, budget);
  request.readTimeout = std::min(options_.readTimeout, budget);
  request.maxHeaderBytes = options_.maxHeaderBytes;
  request.maxHeaderLines = options_.maxHeaderLines;
  request.caFile = options_.caFile;
  request.cancellation = options_.cancellation;
  size_t received = 0;
  request.onBody = [&](std::string_view piece) -> std::string {
    received += piece.size();
    const size_t cap = acceptStream ? options_.maxStreamBytes : options_.maxResponseBytes;
    if (received > cap) return "answered more than " + std::to_string(cap) + " bytes";
    if (!acceptStream || out.body.size() < 1024 * 1024) out.body.append(piece);
    return chunk ? chunk(piece) : std::string();
  };
  const auto exchanged = performHttpExchange(request);
  using Outcome = HttpExchangeResult::Outcome;
  out.status = exchanged.status;
  out.headers = exchanged.headers;
  if (exchanged.outcome != Outcome::Complete) {
    out.transportFailed = out.status == 0;
    if (exchanged.outcome == Outcome::Cancelled || exchanged.outcome == Outcome::DeadlineExceeded) {
      const bool cancelled = exchanged.outcome == Outcome::Cancelled;
      out.deadlineExceeded = true;
      out.error = describe(method, path) + ": " +
                  (cancelled ? "cut short, the run was stopped (" +
                                   options_.cancellation->reason() + ")"
                             : "no complete response within its deadline of " +
                                   std::to_string(budget.count()) + " ms") +
                  "; awaited " +
                  (out.status            ? "the rest of the body"
                   : exchanged.connected ? "a response"
                                         : "the connection (DNS, TCP connect, TLS handshake)") +
                  ", " + describeBytes(out.body);
    } else {
      out.error = describe(method, path) + ": " + exchanged.reason;
    }
    return out;
  }
  if (!acceptStream && !out.body.empty()) {
    out.json = parseBoundedJsonOrDiscarded(out.body, options_.json);
  }
  if (out.status < 200 || out.status > 299) {
    out.error = describe(method, path) + ": answered HTTP " + std::to_string(out.status) +
                (out.body.empty() ? "" : " " + excerpt(out.body, 300));
    if (acceptStream) out.json = parseBoundedJsonOrDiscarded(out.body, options_.json);
  } else if (!acceptStream && !out.body.empty() && out.json.is_discarded()) {
    std::string why;
    (void)parseBoundedJson(out.body, options_.json, &why);
    out.error = describe(method, path) + ": answered HTTP " + std::to_string(out.status) +
                " with a body that is not JSON (" + why + "): " + excerpt(out.body, 300);
  }
  return out;
}

ApiResponse TargetClient::get(const std::string& path) const {
  return exchange("GET", path, nullptr, false, nullptr);
}

namespace {

void mergeMetadata(const nlohmann::json& tag, nlohmann::json* body) {
  if (!body->is_object()) return;
  auto& metadata = (*body)["metadata"];
  if (metadata.is_null()) metadata = nlohmann::json::object();
  if (!metadata.is_object()) return;  // a case sending a wrong shape on purpose keeps it
  for (const auto& [key, value] : tag.items())
    if (!metadata.contains(key)) metadata[key] = value;
}

}  // namespace

std::string TargetClient::bodyText(const std::string& path, const nlohmann::json& body) const {
  const std::string route = path.substr(0, path.find('?'));
  if (options_.creationMetadata.empty() || (route != "/threads" && !createsRun("POST", route)))
    return body.dump();
  nlohmann::json tagged = body;
  if (tagged.is_array())  // POST /runs/batch
    for (auto& run : tagged) mergeMetadata(options_.creationMetadata, &run);
  else
    mergeMetadata(options_.creationMetadata, &tagged);
  return tagged.dump();
}

ApiResponse TargetClient::post(const std::string& path, const nlohmann::json& body) const {
  std::string text = bodyText(path, body);
  if (creations_) creations_->countPost(path, body.is_array() ? body.size() : 1);
  if (creations_ && createsRun("POST", path)) creations_->record("POST", path, text);
  return exchange("POST", path, &text, false, nullptr);
}

ApiResponse TargetClient::patch(const std::string& path, const nlohmann::json& body) const {
  std::string text = body.dump();
  if (creations_ && createsRun("PATCH", path)) creations_->record("PATCH", path, text);
  return exchange("PATCH", path, &text, false, nullptr);
}

ApiResponse TargetClient::del(const std::string& path) const {
  return exchange("DELETE", path, nullptr, false, nullptr);
}

StreamResponse TargetClient::postStream(const std::string& path, const nlohmann::json& body) const {
  StreamResponse out;
  SseReader reader(options_.maxEventBytes, options_.maxEvents);
  std::string text = bodyText(path, body);
  if (creations_) creations_->countPost(path, 1);
  if (creations_ && createsRun("POST", path)) creations_->record("POST", path, text);
  out.response = exchange("POST", path, &text, true, [&](std::string_view piece) {
    reader.feed(piece);
    return reader.overflow();
  });
  out.events = reader.takeEvents();
  out.endedMidEvent = reader.endedMidEvent();
  if (out.response.ok() && out.endedMidEvent)
    out.response.error = describe("POST", path) + ": the event stream ended mid-event";
  if (!out.response.ok() && out.response.transportFailed == false && out.response.status == 0)
    out.response.transportFailed = true;
  return out;
}

}  // namespace wc
