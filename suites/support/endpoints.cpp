#include "util/bounded_json.h"
#include "support/endpoints.h"
#include "support/target_ids.h"

#include <strings.h>

#include <cctype>
#include <cstdio>
#include <optional>

#include "runner/case_context.h"
#include "util/url.h"

namespace wc {

const std::vector<EndpointInfo>& allEndpoints() {
  static const std::vector<EndpointInfo> all = {
      {Endpoint::ThreadRunsCreate, "threads-runs-create", "POST /threads/{thread_id}/runs", true, false},
      {Endpoint::ThreadRunsStream, "threads-runs-stream", "POST /threads/{thread_id}/runs/stream", true, false},
      {Endpoint::ThreadRunsWait, "threads-runs-wait", "POST /threads/{thread_id}/runs/wait", true, false},
      {Endpoint::RunsStream, "runs-stream", "POST /runs/stream", false, false},
      {Endpoint::RunsWait, "runs-wait", "POST /runs/wait", false, false},
      {Endpoint::Runs, "runs-create", "POST /runs", false, false},
      {Endpoint::RunsBatch, "runs-batch", "POST /runs/batch", false, false},
      {Endpoint::ThreadCron, "threads-runs-crons", "POST /threads/{thread_id}/runs/crons", true, true},
      {Endpoint::Cron, "runs-crons", "POST /runs/crons", false, true},
  };
  return all;
}

const std::vector<EndpointInfo>& runEndpoints() {
  static const std::vector<EndpointInfo> runs = [] {
    std::vector<EndpointInfo> out;
    for (const auto& e : allEndpoints())
      if (!e.cron) out.push_back(e);
    return out;
  }();
  return runs;
}

const EndpointInfo& endpointInfo(Endpoint e) {
  for (const auto& info : allEndpoints())
    if (info.endpoint == e) return info;
  return allEndpoints().front();
}

nlohmann::json caseInput(const CaseContext& ctx, const std::string& text) {
  return {{"messages",
           {{{"role", "user"}, {"content", text.empty() ? "conformance " + ctx.info().id : text}}}}};
}

namespace {

std::string pathFor(Endpoint e, const std::string& threadId) {
  switch (e) {
    case Endpoint::ThreadRunsCreate: return "/threads/" + pathSegment(threadId) + "/runs";
    case Endpoint::ThreadRunsStream: return "/threads/" + pathSegment(threadId) + "/runs/stream";
    case Endpoint::ThreadRunsWait: return "/threads/" + pathSegment(threadId) + "/runs/wait";
    case Endpoint::RunsStream: return "/runs/stream";
    case Endpoint::RunsWait: return "/runs/wait";
    case Endpoint::Runs: return "/runs";
    case Endpoint::RunsBatch: return "/runs/batch";
    case Endpoint::ThreadCron: return "/threads/" + pathSegment(threadId) + "/runs/crons";
    case Endpoint::Cron: return "/runs/crons";
  }
  return "";
}

constexpr size_t kMaxLocationBytes = 2048;
constexpr size_t kMaxIdBytes = 128;

bool isIdShaped(const std::string& id) {
  if (id.empty() || id.size() > kMaxIdBytes || id == "." || id == "..") return false;
  for (unsigned char c : id)
    if (!(std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')) return false;
  return true;
}

// Printable, bounded rendering of untrusted header text for a message.
std::string shown(const std::string& text) {
  std::string out;
  for (unsigned char c : text.substr(0, 200)) {
    if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return text.size() > 200 ? out + "..." : out;
}

bool isLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0 ||
         host.size() > 10 && host.substr(host.size() - 10) == ".localhost";
}

}  // namespace

std::optional<RunLocation> runFromContentLocation(const std::string& location) {
  if (location.size() > kMaxLocationBytes) return std::nullopt;
  // Optional whitespace around a header value is not part of it.
  auto first = location.find_first_not_of(" \t");
  if (first == std::string::npos) return std::nullopt;
  auto last = location.find_last_not_of(" \t");
  std::string text = location.substr(first, last - first + 1);
  for (unsigned char c : text)
    if (c <= 0x20 || c >= 0x7f) return std::nullopt;
  // Absolute: drop scheme and authority; what follows must be a path.
  for (const char* scheme : {"http://", "https://"}) {
    std::string prefix = scheme;
    if (text.size() >= prefix.size() &&
        strncasecmp(text.c_str(), prefix.c_str(), prefix.size()) == 0) {
      // The authority ends at the first '/', '?' or '#'; only a path may follow it here.
      auto slash = text.find_first_of("/?#", prefix.size());
      if (slash == std::string::npos || slash == prefix.size() || text[slash] != '/')
        return std::nullopt;
      text = text.substr(slash);
      break;
    }
  }
  if (text.empty() || text[0] != '/') return std::nullopt;
  text = text.substr(0, text.find_first_of("?#"));
  std::vector<std::string> segments;
  for (size_t at = 1; at <= text.size();) {
    auto end = text.find('/', at);
    if (end == std::string::npos) end = text.size();
    segments.push_back(text.substr(at, end - at));
    at = end + 1;
    if (segments.size() > 64) return std::nullopt;
  }
  // The run id is the segment after the last "runs" that has one; at most "join" or "stream"
  // may follow it.
  size_t n = segments.size();
  for (size_t i = n; i-- > 0;) {
    if (segments[i] != "runs" || i + 1 >= n) continue;
    size_t after = n - (i + 2);
    if (after > 1 || (after == 1 && segments[n - 1] != "join" && segments[n - 1] != "stream"))
      return std::nullopt;
    RunLocation loc;
    loc.runId = segments[i + 1];
    // The API's own words after /runs/ name routes, not runs.
    for (const char* word : {"crons", "wait", "stream", "batch", "search", "join", "cancel"})
      if (loc.runId == word) return std::nullopt;
    if (!isIdShaped(loc.runId)) return std::nullopt;
    if (i >= 2 && segments[i - 2] == "threads") {
      loc.threadId = segments[i - 1];
      if (!isIdShaped(loc.threadId)) return std::nullopt;
    }
    // Every segment before the match (a path prefix) must be a plain, non-empty segment.
    size_t prefixEnd = loc.threadId.empty() ? i : i - 2;
    for (size_t k = 0; k < prefixEnd; ++k)
      if (!isIdShaped(segments[k])) return std::nullopt;
    return loc;
  }
  return std::nullopt;
}

std::optional<std::string> runIdFromMetadataEvent(const SseEvent& event) {
  if (event.event != "metadata" || event.data.size() > 64 * 1024) return std::nullopt;
  auto data = parseBoundedJsonOrDiscarded(event.data);
  if (!data.is_object()) return std::nullopt;
  auto it = data.find("run_id");
  if (it == data.end() || !it->is_string()) return std::nullopt;
  auto id = it->get<std::string>();
  if (!isIdShaped(id)) return std::nullopt;
  return id;
}

std::string diagnoseWebhookRefusal(const ApiResponse& response, const std::string& webhook,
                                   const PlatformProfile& platform) {
  if (response.status != 422 || webhook.empty()) return "";
  auto url = parseUrl(webhook);
  std::string detail = response.body.size() > 200 ? response.body.substr(0, 200) : response.body;
  // Only a refusal that speaks of the URL is about the loopback policy: a 422 for the body's
  // shape must not be diagnosed as one (the diagnosis is remembered for the whole run).
  std::string lowered = detail;
  for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool aboutUrl = false;
  for (const char* word : {"loopback", "localhost", "webhook", "url", "host"})
    aboutUrl = aboutUrl || lowered.find(word) != std::string::npos;
  // require_https can be set wherever the URL policy exists, and the server's code announces
  // that its default (false) becomes true in a coming minor: an http:// callback may be refused
  // for it whatever its host.
  const bool httpsMayBeRequired =
      url && url->scheme == "http" && platform.promises(PlatformChange::WebhookUrlPolicy);
  const std::string httpsRemedy =
      "pass an https:// --callback-url (a TLS tunnel to the capture server) or "
      "--capture-tls-cert FILE --capture-tls-key FILE";
  if (httpsMayBeRequired && aboutUrl && lowered.find("https") != std::string::npos)
    return "the target refused the http:// webhook URL with 422 (" + detail +
           "): the deployment's webhooks.url.require_https is on; " + httpsRemedy;
  const std::string httpsToo =
      httpsMayBeRequired
          ? ". Or webhooks.url.require_https is on (false by default, announced to become true "
            "in a coming minor), which refuses any http:// URL: " + httpsRemedy
          : "";
  if (url && isLoopbackHost(url->host) && aboutUrl) {
    return "the target refused the loopback webhook URL with 422 (" + detail +
           "). langgraph-api 0.10 and later refuse loopback webhooks unless the deployment's "
           "langgraph.json sets webhooks.url.disable_loopback: false; or run the suite with "
           "--callback-url pointing at an address the deployment can reach" + httpsToo;
  }
  if (response.body.find("webhook") != std::string::npos ||
      response.body.find("url") != std::string::npos) {
    return "the target refused the webhook URL with 422 (" + detail +
           "): check the deployment's webhooks.url policy against --callback-url" + httpsToo;
  }
  return "";
}

namespace {

// The first refusal of our loopback URL is diagnosed once per run (the run's findings); every
// later case that would send a loopback webhook ends with the same diagnosis without asking the
// target again, so the run reads as one diagnosis (printed once by `run`) and stays fast.
constexpr const char* kLoopbackRefusal = "loopback-webhook-refused";

bool isLoopbackWebhook(const std::string& webhook) {
  auto url = parseUrl(webhook);
  return url && isLoopbackHost(url->host);
}

struct PreparedRun {
  std::string threadId;
  std::string path;
  nlohmann::json body;
  bool streaming = false;
};

PreparedRun prepare(CaseContext& ctx, Endpoint endpoint, const RunRequest& request) {
  PreparedRun p;
  p.threadId = request.threadId;
  if (endpointInfo(endpoint).stateful && p.threadId.empty()) {
    p.threadId = newThread(ctx);
  }
  p.body = request.extra;
  p.body["assistant_id"] =
      request.assistantId.empty() ? ctx.profile().assistantId : request.assistantId;
  p.body["input"] = request.input;
  if (!request.webhook.empty()) p.body["webhook"] = request.webhook;
  if (!request.metadata.empty()) p.body["metadata"] = request.metadata;
  p.path = pathFor(endpoint, p.threadId);
  if (endpoint == Endpoint::RunsBatch) p.body = nlohmann::json::array({p.body});
  p.streaming = endpoint == Endpoint::ThreadRunsStream || endpoint == Endpoint::RunsStream;
  if (p.streaming && !p.body.contains("stream_mode")) p.body["stream_mode"] = "values";
  return p;
}

// Skips the case when the target is known not to support webhooks, or says so now (501).
void skipWhenWebhooksUnsupported(CaseContext& ctx, const std::string& webhook,
                                 const ApiResponse* answer = nullptr) {
  if (webhook.empty()) return;
  if (auto known = ctx.findings().recall(kWebhooksUnsupportedFinding)) ctx.skip(*known);
  if (!answer || answer->status != 501) return;
  const auto detail = answer->body.size() > 200 ? answer->body.substr(0, 200) : answer->body;
  ctx.skip(ctx.findings().remember(
      kWebhooksUnsupportedFinding,
      "the target does not support webhooks (501 to a run creation with `webhook`" +
          (detail.empty() ? std::string() : ": " + detail) +
          "): every case that sends a webhook is skipped"));
}

}  // namespace

ApiResponse tryStartRun(CaseContext& ctx, Endpoint endpoint, const RunRequest& request,
                        std::string* threadIdOut) {
  skipWhenWebhooksUnsupported(ctx, request.webhook);
  auto p = prepare(ctx, endpoint, request);
  if (threadIdOut) *threadIdOut = p.threadId;
  auto answer = p.streaming ? ctx.target().postStream(p.path, p.body).response
                            : ctx.target().post(p.path, p.body);
  skipWhenWebhooksUnsupported(ctx, request.webhook, &answer);
  return answer;
}

void errorOnRefusedRun(CaseContext& ctx, const ApiResponse& response, const std::string& webhook,
                       const std::string& operation) {
  auto diagnosis = diagnoseWebhookRefusal(response, webhook, ctx.profile().platform);
  // Keep the first diagnosis: every case then ends with the identical line, whichever case (an
  // https one, a cron) the target refused first.
  if (!diagnosis.empty() && isLoopbackWebhook(webhook))
    diagnosis = ctx.findings().remember(kLoopbackRefusal, diagnosis);
  ctx.error(diagnosis.empty() ? operation + ": " + response.error : diagnosis);
}

StartedRun startRun(CaseContext& ctx, Endpoint endpoint, const RunRequest& request) {
  const bool loopback = isLoopbackWebhook(request.webhook);
  if (loopback)
    if (auto known = ctx.findings().recall(kLoopbackRefusal)) ctx.error(*known);
  skipWhenWebhooksUnsupported(ctx, request.webhook);
  auto p = prepare(ctx, endpoint, request);
  StartedRun run;
  run.threadId = p.threadId;
  auto fail = [&](const ApiResponse& r) {
    skipWhenWebhooksUnsupported(ctx, request.webhook, &r);
    errorOnRefusedRun(ctx, r, request.webhook, endpointInfo(endpoint).operation);
  };
  if (p.streaming) {
    auto streamed = ctx.target().postStream(p.path, p.body);
    run.response = streamed.response;
    run.events = streamed.events;
    if (!streamed.response.ok()) fail(streamed.response);
    bool sawMetadata = false;
    for (const auto& e : streamed.events) {
      // The first metadata event names the run (later ones, if any, are not about it).
      if (e.event == "metadata" && !sawMetadata) {
        sawMetadata = true;
        if (auto id = runIdFromMetadataEvent(e))
          run.runIdsRevealed.emplace_back("the SSE metadata event", *id);
        else
          ctx.observe("the stream's metadata event names no run_id of a known shape: " +
                      shown(e.data));
      }
      if (e.event == "values") {
        auto data = parseBoundedJsonOrDiscarded(e.data);
        if (!data.is_discarded()) run.created = data;
      }
    }
  } else {
    run.response = ctx.target().post(p.path, p.body);
    if (!run.response.ok()) fail(run.response);
    run.created = run.response.json;
    // A batch answers with its runs: this request's is the only one.
    if (endpoint == Endpoint::RunsBatch)
      run.created = run.created.is_array() && run.created.size() == 1 ? run.created[0]
                                                                       : nlohmann::json();
    const bool answersRun = endpoint == Endpoint::ThreadRunsCreate || endpoint == Endpoint::Runs ||
                            endpoint == Endpoint::RunsBatch;
    if (answersRun && run.created.is_object() && run.created.contains("run_id") &&
        run.created["run_id"].is_string()) {
      run.runIdsRevealed.emplace_back("the created Run", run.created["run_id"].get<std::string>());
      if (run.threadId.empty()) run.threadId = textField(run.created, "thread_id");
    }
  }
  auto location = run.response.header("Content-Location");
  if (!location.empty()) {
    if (auto loc = runFromContentLocation(location)) {
      run.runIdsRevealed.emplace_back("Content-Location", loc->runId);
      if (run.threadId.empty()) run.threadId = loc->threadId;
    } else {
      ctx.observe("Content-Location names no run in a known form (/threads/<tid>/runs/<rid> or "
                  "/runs/<rid>): " + shown(location));
    }
  }
  if (!run.runIdsRevealed.empty()) run.runId = run.runIdsRevealed.front().second;
  return run;
}

}  // namespace wc
