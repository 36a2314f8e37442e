#pragma once
// Threads, runs and their execution. Runs on one thread execute one at a time, in creation order
// (multitask_strategy enqueue) or are refused while one is active (reject: 409). A run is stored,
// executed on a worker, its final status stored, waiters woken, and only then is its webhook
// handed to the sender: delivery after the final status.
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <variant>

#include "reference/config/reference_options.h"
#include "reference/config/webhook_config.h"
#include "reference/delivery/webhook_sender.h"
#include "reference/faults/faults.h"
#include "reference/runs/graphs.h"
#include "reference/runs/run_record.h"

namespace wc::reference {

enum class CancelOutcome { Cancelled, NotFound, AlreadyDone };

class RunEngine {
 public:
  RunEngine(const ReferenceOptions& options, const WebhookConfig& config, const Fault& fault,
            WebhookSender& sender);
  ~RunEngine();
  void stop();

  nlohmann::json createThread(const nlohmann::json& body);
  std::optional<nlohmann::json> getThread(const std::string& threadId) const;
  std::optional<nlohmann::json> getThreadState(const std::string& threadId) const;
  // POST /threads/search: threads whose metadata holds every entry of filter.metadata, oldest
  // first, from `offset`, at most `limit` (default 10, as the platform). Temporary threads of
  // stateless runs are gone once their run ends, as on the platform, and never listed.
  nlohmann::json searchThreads(const nlohmann::json& filter) const;
  // DELETE /threads/{id}: its pending runs are cancelled first (their webhooks delivered); false
  // when there is no such thread.
  bool deleteThread(const std::string& threadId);

  // nullopt when `webhook` may be used (shape and URL policy), else the 422 refusal.
  std::optional<ApiRefusal> admitWebhook(const nlohmann::json& webhook) const;

  // Creates and queues a run; threadId empty = stateless (a temporary thread). `viaWait`: the
  // run was created by a /wait endpoint; `endpoint`: which one of webhookEndpoints() (a fault
  // scoped to an endpoint breaks only its runs' webhooks). Returns the Run JSON, or the refusal.
  std::variant<nlohmann::json, ApiRefusal> createRun(const std::string& threadId,
                                                     const nlohmann::json& body,
                                                     bool fromCron = false, bool viaWait = false,
                                                     const std::string& endpoint = "");
  // Waits for the run to end; false on timeout or shutdown.
  bool awaitRun(const std::string& runId, std::chrono::milliseconds timeout, RunRecord* out);
  std::optional<nlohmann::json> getRun(const std::string& threadId, const std::string& runId) const;
  nlohmann::json listRuns(const std::string& threadId) const;
  // A pending run ends `interrupted` at once; a running one as soon as its graph notices.
  // Either way its webhook is delivered.
  CancelOutcome cancelRun(const std::string& threadId, const std::string& runId);

 private:
  struct ThreadQueue {
    std::deque<std::string> pending;  // run ids waiting, in creation order
    std::string active;               // the run executing now, "" when none
  };

  void dispatchLocked(const std::string& threadId);  // starts the next pending run, if idle
  void execute(const std::string& runId);
  void endPendingLocked(RunRecord& r);  // a pending run cancelled before it started
  // With the run's final status stored: queues its webhook with the sender. Called under mutex_,
  // so the webhooks of one thread are queued in the order its runs ended. Faults lost-worker and
  // undeliverable-stalls-worker, on the run's worker: returns the delivery instead, for the
  // worker to send itself.
  std::optional<Delivery> queueWebhookLocked(const std::string& runId, bool onWorker);
  // Fault early-delivery: the webhook of the finished run, sent while it is still `running`.
  void deliverEarly(const std::string& runId, const GraphOutcome& outcome);
  void holdWorkerForever();  // faults lost-worker, undeliverable-stalls-worker
  bool sleepUnlessCancelled(const std::string& runId, std::chrono::milliseconds d);
  void markDeliveryFailed(const std::string& runId);  // fault delivery-failure-fails-run
  size_t runsInFlightLocked() const;

  const ReferenceOptions& options_;
  const WebhookConfig& config_;
  const Fault& fault_;
  WebhookSender& sender_;
  httplib::ThreadPool workers_;

  mutable std::mutex mutex_;  // guards threads_, queues_, runs_, stopping_
  std::condition_variable changed_;
  std::map<std::string, nlohmann::json> threads_;  // thread resource incl. `values`
  std::set<std::string> temporaryThreads_, deletedThreads_;  // kept for their runs, not listed
  std::map<std::string, ThreadQueue> queues_;
  std::map<std::string, RunRecord> runs_;
  unsigned long runsCreated_ = 0;  // for the fault drop-sometimes
  bool stopping_ = false;
};

}  // namespace wc::reference
