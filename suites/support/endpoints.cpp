#include "util/bounded_json.h"
#include "support/endpoints.h"

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
      {Endpoint::ThreadCron, "threads-runs-crons", "POST /threads/{thread_id}/runs/crons", true, true},
      {Endpoint::Cron, "runs-crons", "POST /runs/crons", false, true},
  };
  return all;
}

const std::vector<EndpointInfo>& runEndpoints() {
  static const std::vector<EndpointInfo> runs(allEndpoints().begin(), allEndpoints().begin() + 5);
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
    case Endpoint::ThreadRunsCreate: return "/threads/" + threadId + "/runs";
    case Endpoint::ThreadRunsStream: return "/threads/" + threadId + "/runs/stream";
    case Endpoint::ThreadRunsWait: return "/threads/" + threadId + "/runs/wait";
    case Endpoint::RunsStream: return "/runs/stream";
    case Endpoint::RunsWait: return "/runs/wait";
    case Endpoint::ThreadCron: return "/threads/" + threadId + "/runs/crons";
    case Endpoint::Cron: return "/runs/crons";
  }
  return "";
}

// "/threads/<tid>/runs/<rid>" (possibly behind a prefix or absolute) -> ids.
void idsFromContentLocation(const std::string& location, std::string* threadId,
                            std::string* runId) {
  auto t = location.find("/threads/");
  auto r = location.find("/runs/");
  if (t == std::string::npos || r == std::string::npos || r < t) return;
  *threadId = location.substr(t + 9, r - (t + 9));
  auto rest = location.substr(r + 6);
  *runId = rest.substr(0, rest.find_first_of("/?"));
}

bool isLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0 ||
         host.size() > 10 && host.substr(host.size() - 10) == ".localhost";
}

}  // namespace

std::string diagnoseWebhookRefusal(const ApiResponse& response, const std::string& webhook) {
  if (response.status != 422 || webhook.empty()) return "";
  auto url = parseUrl(webhook);
  std::string detail = response.body.size() > 200 ? response.body.substr(0, 200) : response.body;
  if (url && isLoopbackHost(url->host)) {
    return "the target refused the loopback webhook URL with 422 (" + detail +
           "). langgraph-api 0.10 and later refuse loopback webhooks unless the deployment's "
           "langgraph.json sets webhooks.url.disable_loopback: false; or run the suite with "
           "--callback-url pointing at an address the deployment can reach";
  }
  if (response.body.find("webhook") != std::string::npos ||
      response.body.find("url") != std::string::npos) {
    return "the target refused the webhook URL with 422 (" + detail +
           "): check the deployment's webhooks.url policy against --callback-url";
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
    auto thread = ctx.need(ctx.target().createThread(), "creating a thread");
    p.threadId = textField(thread.json, "thread_id");
    if (p.threadId.empty()) ctx.error("POST /threads answered without a string thread_id: " + thread.body.substr(0, 300));
  }
  p.body = request.extra;
  p.body["assistant_id"] =
      request.assistantId.empty() ? ctx.profile().assistantId : request.assistantId;
  p.body["input"] = request.input;
  if (!request.webhook.empty()) p.body["webhook"] = request.webhook;
  if (!request.metadata.empty()) p.body["metadata"] = request.metadata;
  p.path = pathFor(endpoint, p.threadId);
  p.streaming = endpoint == Endpoint::ThreadRunsStream || endpoint == Endpoint::RunsStream;
  if (p.streaming && !p.body.contains("stream_mode")) p.body["stream_mode"] = "values";
  return p;
}

}  // namespace

ApiResponse tryStartRun(CaseContext& ctx, Endpoint endpoint, const RunRequest& request,
                        std::string* threadIdOut) {
  auto p = prepare(ctx, endpoint, request);
  if (threadIdOut) *threadIdOut = p.threadId;
  return p.streaming ? ctx.target().postStream(p.path, p.body).response
                     : ctx.target().post(p.path, p.body);
}

StartedRun startRun(CaseContext& ctx, Endpoint endpoint, const RunRequest& request) {
  const bool loopback = isLoopbackWebhook(request.webhook);
  if (loopback)
    if (auto known = ctx.findings().recall(kLoopbackRefusal)) ctx.error(*known);
  auto p = prepare(ctx, endpoint, request);
  StartedRun run;
  run.threadId = p.threadId;
  auto fail = [&](const ApiResponse& r) {
    auto diagnosis = diagnoseWebhookRefusal(r, request.webhook);
    // Keep the first diagnosis: every case then ends with the identical line.
    if (!diagnosis.empty() && loopback) diagnosis = ctx.findings().remember(kLoopbackRefusal, diagnosis);
    ctx.error(diagnosis.empty() ? endpointInfo(endpoint).operation + ": " + r.error : diagnosis);
  };
  if (p.streaming) {
    auto streamed = ctx.target().postStream(p.path, p.body);
    run.response = streamed.response;
    run.events = streamed.events;
    if (!streamed.response.ok()) fail(streamed.response);
    for (const auto& e : streamed.events) {
      auto data = parseBoundedJsonOrDiscarded(e.data);
      if (e.event == "metadata" && data.is_object() && data.contains("run_id") &&
          data["run_id"].is_string())
        run.runId = data["run_id"].get<std::string>();
      if (e.event == "values" && !data.is_discarded()) run.created = data;
    }
  } else {
    run.response = ctx.target().post(p.path, p.body);
    if (!run.response.ok()) fail(run.response);
    run.created = run.response.json;
    if (endpoint == Endpoint::ThreadRunsCreate && run.created.is_object() &&
        run.created.contains("run_id") && run.created["run_id"].is_string())
      run.runId = run.created["run_id"].get<std::string>();
  }
  std::string locThread, locRun;
  idsFromContentLocation(run.response.header("Content-Location"), &locThread, &locRun);
  if (run.runId.empty()) run.runId = locRun;
  if (run.threadId.empty()) run.threadId = locThread;
  return run;
}

}  // namespace wc
