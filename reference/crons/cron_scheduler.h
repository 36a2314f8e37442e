#pragma once
// Crons: stored schedules whose firings create runs through the RunEngine, each with the cron's
// webhook. One scheduler thread sleeps on a condition variable until the earliest due time (or a
// change), so nothing polls. Never fired at creation; a deleted cron never fires again.
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <variant>

#include "reference/crons/cron_schedule.h"
#include "reference/runs/run_engine.h"

namespace wc::reference {

class CronScheduler {
 public:
  CronScheduler(RunEngine& engine, const ReferenceOptions& options, const Fault& fault);
  ~CronScheduler();
  void start();
  void stop();

  // POST /threads/{id}/runs/crons (threadId set) or POST /runs/crons (threadId ""):
  // the Cron resource, or the refusal (422 schedule/webhook/body, 404 assistant/thread).
  std::variant<nlohmann::json, ApiRefusal> create(const std::string& threadId,
                                                  const nlohmann::json& body);
  nlohmann::json search(const nlohmann::json& filter) const;
  bool remove(const std::string& cronId);
  // PATCH /runs/crons/{cron_id} (0.7.21 on): webhook, enabled and schedule of later firings.
  // The updated Cron, or the refusal (404 unknown cron, 422 body/webhook/schedule).
  std::variant<nlohmann::json, ApiRefusal> patch(const std::string& cronId,
                                                 const nlohmann::json& body);

 private:
  using TimePoint = CronSchedule::TimePoint;
  struct Cron {
    nlohmann::json resource;  // as the API returns it
    CronSchedule schedule;
    TimePoint next;
    std::optional<TimePoint> endTime;
    std::string threadId;     // "" for a stateless cron: each firing gets a temporary thread
    nlohmann::json runBody;   // what each firing sends to createRun
    bool enabled = true;      // a disabled cron is kept but never fires
    // on_run_completed: delete (0.5.18 on). Recorded; the reference keeps the firing's thread.
    bool deleteOnCompletion = false;
    bool webhookPatched = false;  // its firings' endpoint is then crons-patch
  };

  void loop();

  RunEngine& engine_;
  const ReferenceOptions& options_;
  const Fault& fault_;
  mutable std::mutex mutex_;  // guards crons_, generation_, stopping_
  std::condition_variable wake_;
  std::map<std::string, Cron> crons_;
  unsigned long generation_ = 0;  // bumped on every change, so the scheduler re-plans
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace wc::reference
