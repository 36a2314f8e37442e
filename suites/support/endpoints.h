#pragma once
// The nine endpoints that create runs or crons with a `webhook` (the tenth, PATCH
// /runs/crons/{cron_id}, changes a cron's: support/crons.h), and how a case starts a run on each.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "client/target_client.h"
#include "platform/platform_profile.h"

namespace wc {

class CaseContext;

enum class Endpoint {
  ThreadRunsCreate,  // POST /threads/{thread_id}/runs
  ThreadRunsStream,  // POST /threads/{thread_id}/runs/stream
  ThreadRunsWait,    // POST /threads/{thread_id}/runs/wait
  RunsStream,        // POST /runs/stream
  RunsWait,          // POST /runs/wait
  Runs,              // POST /runs (stateless background run)
  RunsBatch,         // POST /runs/batch (stateless; one run of the batch per request here)
  ThreadCron,        // POST /threads/{thread_id}/runs/crons
  Cron,              // POST /runs/crons
};

struct EndpointInfo {
  Endpoint endpoint;
  std::string slug;       // used in case ids: "threads-runs-create"
  std::string operation;  // "POST /threads/{thread_id}/runs"
  bool stateful;
  bool cron;
};

const std::vector<EndpointInfo>& runEndpoints();  // the seven run endpoints
const std::vector<EndpointInfo>& allEndpoints();  // all nine
const EndpointInfo& endpointInfo(Endpoint e);

struct RunRequest {
  std::string assistantId;  // "" -> the profile's echo assistant
  nlohmann::json input;
  std::string webhook;
  nlohmann::json metadata = nlohmann::json::object();
  nlohmann::json extra = nlohmann::json::object();  // merged into the request body
  std::string threadId;  // stateful endpoints: reuse this thread ("" -> create one)
};

struct StartedRun {
  std::string threadId;  // "" when the endpoint did not reveal it
  std::string runId;     // "" when the endpoint did not reveal it (the first of runIdsRevealed)
  // Every run id the endpoint revealed, with where: {"the created Run", id}, {"the SSE metadata
  // event", id}, {"Content-Location", id}; in that order, each source at most once.
  std::vector<std::pair<std::string, std::string>> runIdsRevealed;
  nlohmann::json created;  // create: the Run; wait: the final values; stream: last values event
  std::vector<SseEvent> events;
  ApiResponse response;
};

// The run a Content-Location header names. Accepted: "/threads/<tid>/runs/<rid>" and
// "/runs/<rid>" (stateless runs, as LangGraph.js sends them), relative or absolute
// (http(s)://host[:port]), behind a path prefix, with an optional "/join" or "/stream" after the
// run id and an optional query or fragment. Ids are 1-128 characters of [A-Za-z0-9._~-]. Anything
// else (too long, control characters, empty or odd segments) is nullopt: the header is
// untrusted input and never guessed at.
struct RunLocation {
  std::string threadId;  // "" for "/runs/<rid>"
  std::string runId;
};
std::optional<RunLocation> runFromContentLocation(const std::string& location);

// The run_id of an SSE `metadata` event ({"run_id": "<rid>", ...}), shape-checked as above;
// nullopt for any other event or shape.
std::optional<std::string> runIdFromMetadataEvent(const SseEvent& event);

// The input every case sends unless it needs another: unique per case so the webhook's
// kwargs.input can be matched to the run.
nlohmann::json caseInput(const CaseContext& ctx, const std::string& text = "");

// Starts a run on one of the seven run endpoints (POST /runs/batch: a batch of this one run). A refusal ends the case as `error`, with a
// diagnosis when the target refused our webhook URL (loopback policy); a 501 to a webhook skips
// it (kWebhooksUnsupportedFinding).
StartedRun startRun(CaseContext& ctx, Endpoint endpoint, const RunRequest& request);

// The raw API response of a run creation (no judgement): for cases that expect a refusal. A 501
// to a webhook skips the case as startRun does.
ApiResponse tryStartRun(CaseContext& ctx, Endpoint endpoint, const RunRequest& request,
                        std::string* threadIdOut = nullptr);

// A target that answers 501 to a run creation with a webhook says it does not support webhooks
// (one open-source LangGraph API server does). The first such answer is remembered in the run's
// findings under this key, as the line `run` prints once as a diagnosis; startRun and tryStartRun
// then skip every case that sends a webhook with it, without asking the target again.
inline constexpr const char* kWebhooksUnsupportedFinding = "webhooks-unsupported";

// One line explaining a refused webhook URL, or "" when the refusal is about something else. On a
// platform version with the webhooks.url policy, a refused http:// URL also names require_https.
std::string diagnoseWebhookRefusal(const ApiResponse& response, const std::string& webhook,
                                   const PlatformProfile& platform);

// Ends the case with the refusal of `webhook` in `response`: the run's first diagnosis of a refused
// loopback URL when there is one (every case, crons included, then reads the same line), this
// refusal's own diagnosis, or "<operation>: <error>".
[[noreturn]] void errorOnRefusedRun(CaseContext& ctx, const ApiResponse& response,
                                    const std::string& webhook, const std::string& operation);

}  // namespace wc
