#include "reference/runs/run_engine.h"

#include <algorithm>

#include "reference/http/request_fields.h"
#include "reference/runs/graphs.h"
#include "util/ids.h"

namespace wc::reference {
namespace {

std::string now() { return isoTimestamp(std::chrono::system_clock::now()); }

// What a run body's fields must be when present and not null (input may be any JSON).
const std::initializer_list<std::pair<const char*, FieldShape>> kRunFieldShapes = {
    {"metadata", FieldShape::Object},
    {"config", FieldShape::Object},
    {"context", FieldShape::Object},
    {"stream_mode", FieldShape::StringOrStringArray},
    {"interrupt_before", FieldShape::StringOrStringArray},
    {"interrupt_after", FieldShape::StringOrStringArray},
    {"feedback_keys", FieldShape::StringOrStringArray},
    {"stream_subgraphs", FieldShape::Boolean},
};

bool knownStrategy(const std::string& s) {
  return s == "reject" || s == "enqueue" || s == "interrupt" || s == "rollback";
}

}  // namespace

RunEngine::RunEngine(const ReferenceOptions& options, const WebhookConfig& config,
                     const Fault& fault, WebhookSender& sender)
    : options_(options), config_(config), fault_(fault), sender_(sender),
      workers_(options.workers) {
  sender_.setFailureListener([this](const std::string& runId) { markDeliveryFailed(runId); });
}

RunEngine::~RunEngine() { stop(); }

void RunEngine::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  changed_.notify_all();
  workers_.shutdown();
}

nlohmann::json RunEngine::createThread(const nlohmann::json& body) {
  auto id = body.is_object() && body.contains("thread_id") && body["thread_id"].is_string()
                ? body["thread_id"].get<std::string>()
                : newUuid4();
  auto t = now();
  nlohmann::json metadata = body.is_object() && body.contains("metadata") &&
                                    body["metadata"].is_object()
                                ? body["metadata"]
                                : nlohmann::json::object();
  nlohmann::json thread = {{"thread_id", id},     {"created_at", t},
                           {"updated_at", t},     {"metadata", metadata},
                           {"status", "idle"},    {"values", nlohmann::json::object()},
                           {"interrupts", nlohmann::json::object()}};
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = threads_.emplace(id, thread);
  return it->second;  // an existing thread_id returns that thread unchanged
}

std::optional<nlohmann::json> RunEngine::getThread(const std::string& threadId) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = threads_.find(threadId);
  if (it == threads_.end() || deletedThreads_.count(threadId)) return std::nullopt;
  return it->second;
}

nlohmann::json RunEngine::searchThreads(const nlohmann::json& filter) const {
  const auto wanted = filter.value("metadata", nlohmann::json::object());
  const auto limit = filter.value("limit", 10);
  const auto offset = filter.value("offset", 0);
  std::vector<const nlohmann::json*> matching;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [id, thread] : threads_) {
    if (temporaryThreads_.count(id) || deletedThreads_.count(id)) continue;
    bool all = true;
    for (const auto& [key, value] : wanted.items())
      all = all && thread["metadata"].contains(key) && thread["metadata"][key] == value;
    if (all) matching.push_back(&thread);
  }
  std::sort(matching.begin(), matching.end(), [](const auto* a, const auto* b) {
    return (*a)["created_at"].template get<std::string>() < (*b)["created_at"].template get<std::string>();
  });
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = static_cast<size_t>(offset); i < matching.size() && out.size() < static_cast<size_t>(limit); ++i)
    out.push_back(*matching[i]);
  return out;
}

bool RunEngine::deleteThread(const std::string& threadId) {
  std::vector<std::string> unfinished;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!threads_.count(threadId) || deletedThreads_.count(threadId)) return false;
    deletedThreads_.insert(threadId);
    if (auto q = queues_.find(threadId); q != queues_.end()) {
      unfinished.assign(q->second.pending.begin(), q->second.pending.end());
      if (!q->second.active.empty()) unfinished.push_back(q->second.active);
    }
  }
  for (const auto& runId : unfinished) cancelRun(threadId, runId);
  return true;
}

std::optional<nlohmann::json> RunEngine::getThreadState(const std::string& threadId) const {
  auto thread = getThread(threadId);
  if (!thread) return std::nullopt;
  return nlohmann::json{{"values", (*thread)["values"]},
                        {"next", nlohmann::json::array()},
                        {"tasks", nlohmann::json::array()},
                        {"metadata", nlohmann::json::object()},
                        {"created_at", (*thread)["updated_at"]}};
}

namespace {

// The faults that each switch one rule of the URL policy off at creation.
bool faultAdmits(const Fault& fault, UrlRule rule) {
  switch (rule) {
    case UrlRule::PrivateAddress: return fault.is(FaultMode::SsrfUnprotected);
    case UrlRule::CloudMetadata: return fault.is(FaultMode::MetadataAccepted);
    case UrlRule::ClusterLocal: return fault.is(FaultMode::ClusterLocalAccepted);
    case UrlRule::RelativeUrl: return fault.is(FaultMode::RelativeAccepted);
    default: return false;
  }
}

}  // namespace

std::optional<ApiRefusal> RunEngine::admitWebhook(const nlohmann::json& webhook) const {
  if (fault_.is(FaultMode::AcceptsForbiddenUrl)) {
    if (!webhook.is_string()) return ApiRefusal{422, "webhook must be a string"};
    return std::nullopt;  // the fault: no URL validation at all
  }
  if (auto problem = webhookShapeProblem(webhook)) return ApiRefusal{422, *problem};
  if (fault_.is(FaultMode::RefusesAllowedUrl))  // the fault: a policy that refuses what it allows
    return ApiRefusal{422, "webhook URL is not allowed by the webhooks.url policy"};
  auto problem = urlPolicyProblem(webhook.get<std::string>(), config_.urlPolicy);
  if (!problem || faultAdmits(fault_, problem->rule)) return std::nullopt;
  return ApiRefusal{422, problem->detail};
}

size_t RunEngine::runsInFlightLocked() const {
  size_t n = 0;
  for (const auto& [id, r] : runs_) n += r.done ? 0 : 1;
  return n;
}

std::variant<nlohmann::json, ApiRefusal> RunEngine::createRun(const std::string& threadId,
                                                              const nlohmann::json& body,
                                                              bool fromCron, bool viaWait,
                                                              const std::string& endpoint) {
  if (!body.is_object()) return ApiRefusal{422, "request body must be a JSON object"};
  if (!body.contains("assistant_id") || !body["assistant_id"].is_string())
    return ApiRefusal{422, "assistant_id is required"};
  if (auto problem = fieldShapeProblem(body, kRunFieldShapes)) return *problem;
  const GraphInfo* graph = findGraph(body["assistant_id"].get<std::string>());
  if (!graph) return ApiRefusal{404, "Assistant not found"};
  std::string webhook;
  if (body.contains("webhook") && !body["webhook"].is_null()) {
    if (auto refusal = admitWebhook(body["webhook"])) return *refusal;
    webhook = body["webhook"].get<std::string>();
  }
  auto strategyJson = body.value("multitask_strategy", nlohmann::json("enqueue"));
  std::string strategy = strategyJson.is_string() ? strategyJson.get<std::string>() : "";
  if (!knownStrategy(strategy))
    return ApiRefusal{422, "multitask_strategy must be reject, interrupt, rollback or enqueue"};
  bool stateless = threadId.empty();
  std::string tid = threadId;
  if (stateless) {
    tid = createThread(nlohmann::json::object())["thread_id"];
    std::lock_guard<std::mutex> lock(mutex_);
    temporaryThreads_.insert(tid);
  } else if (!getThread(tid)) {
    return ApiRefusal{404, "Thread not found"};
  }
  auto runId = newUuid4();
  auto t = now();
  nlohmann::json kwargs = {
      {"input", body.value("input", nlohmann::json())},
      {"config", body.value("config", nlohmann::json::object())},
      {"context", body.value("context", nlohmann::json::object())},
      {"stream_mode", body.value("stream_mode", nlohmann::json("values"))},
      {"webhook", webhook.empty() ? nlohmann::json() : nlohmann::json(webhook)},
      {"temporary", stateless},
      {"interrupt_before", body.value("interrupt_before", nlohmann::json())},
      {"interrupt_after", body.value("interrupt_after", nlohmann::json())},
      {"subgraphs", body.contains("stream_subgraphs") && body["stream_subgraphs"].is_boolean() &&
                        body["stream_subgraphs"].get<bool>()},
      {"feedback_keys", body.value("feedback_keys", nlohmann::json())},
  };
  RunRecord record;
  record.graphId = graph->graphId;
  record.webhook = webhook;
  record.stateless = stateless;
  record.fromCron = fromCron;
  record.viaWait = viaWait;
  record.endpoint = endpoint;
  record.run = {{"run_id", runId},
                {"thread_id", tid},
                {"assistant_id", graph->assistantId},
                {"created_at", t},
                {"updated_at", t},
                {"status", "pending"},
                {"metadata", body.value("metadata", nlohmann::json::object())},
                {"kwargs", kwargs},
                {"multitask_strategy", strategy}};
  nlohmann::json run = record.run;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return ApiRefusal{503, "shutting down"};
    auto& queue = queues_[tid];
    bool busy = !queue.active.empty() || !queue.pending.empty();
    if (busy && strategy == "reject")
      return ApiRefusal{409, "Thread is already running a task. Wait for it to finish or choose "
                             "a different multitask strategy."};
    if (busy && (strategy == "interrupt" || strategy == "rollback")) {
      // The runs pushed aside end `interrupted` or `rollback` and still send their own webhook.
      const std::string as = strategy == "rollback" ? "rollback" : "interrupted";
      for (const auto& id : queue.pending) {
        runs_[id].supersededAs = as;
        endPendingLocked(runs_[id]);
        queueWebhookLocked(id, false);
      }
      queue.pending.clear();
      if (!queue.active.empty()) {
        runs_[queue.active].cancelRequested = true;
        runs_[queue.active].supersededAs = as;
      }
    }
    record.dropWebhook = fault_.is(FaultMode::DropsUnderLoad) && runsInFlightLocked() >= 4;
    // The fault drop-sometimes: every 1,000th run created sends no webhook (a rare loss that
    // only a load test sees).
    if (++runsCreated_ % 1000 == 0 && fault_.is(FaultMode::DropSometimes))
      record.dropWebhook = true;
    runs_[runId] = std::move(record);
    queue.pending.push_back(runId);
    dispatchLocked(tid);
  }
  changed_.notify_all();
  return run;
}

bool RunEngine::awaitRun(const std::string& runId, std::chrono::milliseconds timeout,
                         RunRecord* out) {
  std::unique_lock<std::mutex> lock(mutex_);
  bool done = changed_.wait_for(lock, timeout, [&] {
    auto it = runs_.find(runId);
    return stopping_ || it == runs_.end() || it->second.done;
  });
  auto it = runs_.find(runId);
  if (it == runs_.end()) return false;
  if (out) *out = it->second;
  return done && it->second.done;
}

std::optional<nlohmann::json> RunEngine::getRun(const std::string& threadId,
                                                const std::string& runId) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = runs_.find(runId);
  if (it == runs_.end() || it->second.run["thread_id"] != threadId) return std::nullopt;
  return it->second.run;
}

nlohmann::json RunEngine::listRuns(const std::string& threadId) const {
  std::lock_guard<std::mutex> lock(mutex_);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [id, r] : runs_)
    if (r.run["thread_id"] == threadId) out.push_back(r.run);
  return out;
}

void RunEngine::endPendingLocked(RunRecord& r) {
  r.cancelRequested = true;
  r.run["status"] = r.supersededAs.empty() ? "interrupted" : r.supersededAs;
  r.error = "run cancelled before it started";
  r.errorType = cancellationErrorType(r);
  r.endedAt = now();
  r.run["updated_at"] = *r.endedAt;
  r.done = true;
}

CancelOutcome RunEngine::cancelRun(const std::string& threadId, const std::string& runId) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = runs_.find(runId);
    if (it == runs_.end() || it->second.run["thread_id"] != threadId)
      return CancelOutcome::NotFound;
    auto& r = it->second;
    if (r.done) return CancelOutcome::AlreadyDone;
    r.cancelRequested = true;
    auto& pending = queues_[threadId].pending;
    auto queued = std::find(pending.begin(), pending.end(), runId);
    if (queued != pending.end()) {
      pending.erase(queued);
      endPendingLocked(r);
      queueWebhookLocked(runId, false);
    }
  }
  changed_.notify_all();
  return CancelOutcome::Cancelled;
}

void RunEngine::markDeliveryFailed(const std::string& runId) {
  if (!fault_.is(FaultMode::DeliveryFailureFailsRun)) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = runs_.find(runId);
    if (it == runs_.end()) return;
    it->second.run["status"] = "error";
    it->second.run["updated_at"] = now();
  }
  changed_.notify_all();
}

}  // namespace wc::reference
