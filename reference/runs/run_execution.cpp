// RunEngine, the execution half: a worker runs the graph, stores the final status, starts the
// thread's next run, then hands the webhook over (delivery after the final status).
#include "reference/delivery/webhook_payload.h"
#include "reference/runs/graphs.h"
#include "reference/runs/run_engine.h"
#include "util/ids.h"

namespace wc::reference {
namespace {

std::string now() { return isoTimestamp(std::chrono::system_clock::now()); }

// Fault modes that need runs to overlap make them last this long, so the overlap they need
// happens whatever the machine's speed.
constexpr std::chrono::milliseconds kFaultHold{300};

// Fault queued-delivers-when-disabled: how long a stateless run created by POST /runs or
// /runs/batch (or /runs/stream) waits in the queue, longer than any window that would start at
// the POST's answer (the disable cases' 1 s floor at --timeout-scale 1).
constexpr std::chrono::milliseconds kQueueLag{1500};

bool queuedStateless(const RunRecord& r) { return r.stateless && !r.viaWait && !r.fromCron; }

}  // namespace

void RunEngine::dispatchLocked(const std::string& threadId) {
  auto& queue = queues_[threadId];
  if (stopping_ || !queue.active.empty() || queue.pending.empty()) return;
  bool newestFirst = fault_.is(FaultMode::EnqueueOutOfOrder);
  std::string next = newestFirst ? queue.pending.back() : queue.pending.front();
  newestFirst ? queue.pending.pop_back() : queue.pending.pop_front();
  queue.active = next;
  workers_.enqueue([this, next] { execute(next); });
}

bool RunEngine::sleepUnlessCancelled(const std::string& runId, std::chrono::milliseconds d) {
  std::unique_lock<std::mutex> lock(mutex_);
  return !changed_.wait_for(lock, d, [&] { return stopping_ || runs_[runId].cancelRequested; });
}

void RunEngine::holdWorkerForever() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return stopping_; });
}

void RunEngine::execute(const std::string& runId) {
  std::string graphId, threadId;
  nlohmann::json input, values;
  bool lagged = false;
  if (fault_.is(FaultMode::QueuedDeliversWhenDisabled)) {
    std::lock_guard<std::mutex> lock(mutex_);
    lagged = queuedStateless(runs_[runId]);
  }
  if (lagged) sleepUnlessCancelled(runId, kQueueLag);  // still pending, as in a busy queue
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& r = runs_[runId];
    threadId = r.run["thread_id"];
    if (stopping_) return;
    r.run["status"] = "running";
    r.startedAt = now();
    r.run["updated_at"] = *r.startedAt;
    graphId = r.graphId;
    input = r.run["kwargs"]["input"];
    values = threads_[threadId]["values"];
    r.valuesBefore = values;
    threads_[threadId]["status"] = "busy";
  }
  if (fault_.is(FaultMode::DropsUnderLoad) || fault_.is(FaultMode::EnqueueOutOfOrder))
    sleepUnlessCancelled(runId, kFaultHold);
  auto outcome = runGraph(graphId, values, input, [&](std::chrono::milliseconds d) {
    return sleepUnlessCancelled(runId, d);
  });
  if (fault_.is(FaultMode::EarlyDelivery)) {
    deliverEarly(runId, outcome);
    // Keep `running` visible for a while after the webhook arrived.
    sleepUnlessCancelled(runId, kFaultHold);
  }
  std::optional<Delivery> heldWebhook;
  bool deferDispatch = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& r = runs_[runId];
    auto& thread = threads_[threadId];
    if (outcome.error || r.cancelRequested) {
      bool cancelled = r.cancelRequested;
      r.run["status"] = !cancelled ? "error" : r.supersededAs.empty() ? "interrupted" : r.supersededAs;
      // langgraph-api's worker keeps the exception that ended the run and sends it as `error`:
      // the graph's own, or UserInterrupt / UserRollback for a cancelled or superseded run.
      r.error = cancelled ? "run cancelled" : *outcome.error;
      r.errorType = cancelled ? cancellationErrorType(r) : outcome.errorType;
      thread["status"] = cancelled ? "idle" : "error";
      // The input was checkpointed before the graph raised (as langgraph does); no reply.
      thread["values"] = outcome.values;
    } else {
      // A pause for human review ends the run `success` (langgraph-api and LangGraph.js alike);
      // the thread waits `interrupted` for a resume.
      r.run["status"] = "success";
      thread["values"] = outcome.values;
      thread["status"] = outcome.reviewRequest ? "interrupted" : "idle";
      // As GET /threads/{id} lists a pending interrupt: by task id, with the interrupt's value.
      thread["interrupts"] = nlohmann::json::object();
      if (outcome.reviewRequest) {
        nlohmann::json pending = {{"value", *outcome.reviewRequest}, {"id", newUuid4()}};
        thread["interrupts"][newUuid4()] = nlohmann::json::array({pending});
      }
    }
    r.endedAt = now();
    r.run["updated_at"] = *r.endedAt;
    thread["updated_at"] = *r.endedAt;
    r.done = true;
    heldWebhook = queueWebhookLocked(runId, true);
    // undeliverable-stalls-worker keeps one thread's webhooks in run order, as the clean sender
    // does (concurrency.enqueued-order must not depend on the fault): the thread's next run
    // starts once this run's webhook has been sent.
    deferDispatch = heldWebhook && fault_.is(FaultMode::UndeliverableStallsWorker);
    if (!deferDispatch) {
      queues_[threadId].active.clear();
      dispatchLocked(threadId);
    }
  }
  changed_.notify_all();
  // The faults lost-worker and undeliverable-stalls-worker: delivery on the run's worker, and a
  // failed one never lets go of it. lost-worker: any failure; undeliverable-stalls-worker: only
  // one that got no HTTP answer (refused, unroutable, not a URL, timed out), as LangGraph.js's
  // queue worker dies when its webhook fetch throws, while a 5xx answer leaves it running.
  bool answered = false;
  bool failed = heldWebhook && !sender_.deliverNow(*heldWebhook, &answered);
  if (deferDispatch) {
    std::lock_guard<std::mutex> lock(mutex_);
    queues_[threadId].active.clear();
    dispatchLocked(threadId);
  }
  if (failed && (fault_.is(FaultMode::LostWorker) || !answered)) holdWorkerForever();
}

void RunEngine::deliverEarly(const std::string& runId, const GraphOutcome& outcome) {
  Delivery d;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    RunRecord early = runs_[runId];  // the body of the finished run, but status still `running`
    if (early.webhook.empty()) return;
    early.endedAt = now();
    early.error = outcome.error;
    early.errorType = outcome.errorType;
    auto values = outcome.error ? early.valuesBefore : outcome.values;
    d = {runId, early.webhook, buildWebhookPayload(early, values, options_, config_, fault_),
         early.run["thread_id"], early.endpoint};
  }
  sender_.deliverNow(d);
}

std::optional<Delivery> RunEngine::queueWebhookLocked(const std::string& runId, bool onWorker) {
  const auto& r = runs_[runId];
  if (r.webhook.empty() || stopping_) return std::nullopt;
  const std::string status = r.run["status"];
  bool skip = fault_.is(FaultMode::NoDelivery) || fault_.is(FaultMode::EarlyDelivery) ||
              r.dropWebhook ||
              (r.fromCron && fault_.is(FaultMode::CronNoWebhook)) ||
              (status == "error" && fault_.is(FaultMode::NoWebhookOnFailure)) ||
              (status == "interrupted" && fault_.is(FaultMode::NoWebhookOnCancel)) ||
              (!r.supersededAs.empty() && fault_.is(FaultMode::SupersededNoWebhook));
  bool sendsAnyway = fault_.is(FaultMode::DeliversWhenDisabled) ||
                     (fault_.is(FaultMode::QueuedDeliversWhenDisabled) && queuedStateless(r));
  if (config_.disableWebhooks && !sendsAnyway) {
    logLine(options_, "run " + runId + " sends no webhook: http.disable_webhooks is true");
    skip = true;
  }
  if (skip) return std::nullopt;
  const std::string threadId = r.run["thread_id"];
  Delivery d{runId, r.webhook,
             buildWebhookPayload(r, threads_[threadId]["values"], options_, config_, fault_),
             threadId, r.endpoint};
  if ((fault_.is(FaultMode::LostWorker) || fault_.is(FaultMode::UndeliverableStallsWorker)) &&
      onWorker)
    return d;
  sender_.enqueue(std::move(d));
  return std::nullopt;
}

}  // namespace wc::reference
