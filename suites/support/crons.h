#pragma once
// Cron support for the cron cases: a schedule whose period the case can compute, a wait sized
// from it, and a guard that deletes the cron in every path (also when a check throws).
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "client/target_client.h"
#include "support/endpoints.h"
#include "support/webhook_contract.h"
#include "runner/environment.h"

namespace wc {

class CaseContext;

// The fixed period of a schedule that fires at a regular interval: the finest field is "*" or
// "*/N" and every other field is "*". 5 fields (minute first) or 6 (a leading seconds field).
// nullopt for anything else (the case cannot size its wait from it).
std::optional<std::chrono::seconds> cronPeriod(const std::string& schedule);

// The schedule the cron cases use: every second when the target accepts 6-field schedules
// (GET /info x_reference.cron_seconds: true, the embedded reference), else every minute.
std::string fastestCronSchedule(const TargetProfile& profile);

// The period of fastestCronSchedule (an optional-like value, so `*period` reads as for
// cronPeriod); ends the case as error when it has none, which would be a harness bug.
std::optional<std::chrono::seconds> fastestCronPeriod(CaseContext& ctx);

// What cronWaitFor adds to the firings: the scheduler's check interval and delivery slack.
inline constexpr std::chrono::seconds kCronSchedulerCheck{5};
inline constexpr std::chrono::seconds kCronDeliverySlack{5};

// How long `firings` firings of a schedule with `period` may take: up to one period until the
// first, one more per further firing, plus the scheduler's own check interval (langgraph-api
// looks about every 5 s) and delivery slack; scaled by --timeout-scale.
std::chrono::milliseconds cronWaitFor(const CaseContext& ctx, std::chrono::seconds period,
                                      int firings);

// `periods` schedule periods, x --timeout-scale but never less than the periods themselves: a
// schedule does not tick faster because the run was told to wait less.
std::chrono::milliseconds atLeastPeriods(const CaseContext& ctx, std::chrono::seconds period,
                                         int periods);

// A cron fires at most once per schedule tick: `firings` webhooks for a cron that existed from
// `created` to `deleted` must not exceed the ticks (multiples of `period` since the epoch, as
// cron schedules count) in that span, widened by a clock skew of min(1 s, period / 4) each way.
// A scheduler that starts two runs per tick (langgraph-api before 0.7.55) fails here.
testing::AssertionResult firingsWithinTicks(size_t firings, std::chrono::seconds period,
                                            std::chrono::system_clock::time_point created,
                                            std::chrono::system_clock::time_point deleted);

// The same rule by the target's own clock, free of skew: no two firings' runs may have been
// created (payload created_at) within one schedule tick. Payloads without a parsable created_at
// are left out (the payload cases judge the field).
testing::AssertionResult runsInDistinctTicks(const std::vector<nlohmann::json>& payloads,
                                             std::chrono::seconds period);

// A cron PATCHed to enabled: false may still deliver the one firing whose run existed when the
// PATCH answered (`paused`); a run created after that, by more than `skew` (the target's clock
// against ours), shows the pause was ignored. `payloads` are the webhooks that arrived after the
// PATCH answered. A body without a parsable created_at cannot be shown to predate the pause.
testing::AssertionResult noFiringAfterPause(const std::vector<nlohmann::json>& payloads,
                                            std::chrono::system_clock::time_point paused,
                                            std::chrono::milliseconds skew);

// A firing is a run like the others: the webhook contract (support/webhook_contract.h) with the
// cron's URL, assistant, input and metadata ("Metadata to assign to the cron job runs",
// openapi.json CronCreate); on a thread cron also its thread.
WebhookExpectation firingExpectation(const CaseContext& ctx, const std::string& operation,
                                     const std::string& target, const RunRequest& cron,
                                     const std::string& threadId);
// Judges one firing's webhook; on a thread cron its run is looked up on the thread, which must
// know it. Returns the body parsed (null when not a JSON object).
nlohmann::json judgeFiring(CaseContext& ctx, const WebhookExpectation& expected,
                           const CapturedRequest& webhook);

struct CreatedCron {
  std::string cronId;
  std::string threadId;  // the thread a thread cron was created on ("" for POST /runs/crons)
  RunRequest request;    // what it was created with
};
// Creates a cron on `endpoint` (ThreadCron or Cron) firing on fastestCronSchedule with
// `webhook` and the `extra` fields; a refusal ends the case as error (with the loopback
// diagnosis when it applies). The caller guards the cron (CronGuard) at once.
CreatedCron createCron(CaseContext& ctx, Endpoint endpoint, const std::string& webhook,
                       const nlohmann::json& extra = nlohmann::json::object());

// Deletes a cron (DELETE /runs/crons/{cron_id}) when it goes out of scope, unless release()
// already did. Never throws: it runs while a failed check unwinds the case.
class CronGuard {
 public:
  // The delete has its own 5 s budget: it runs even when the case's deadline has passed or the
  // run is being stopped, so no cron is left firing on the deployment.
  CronGuard(const TargetClient& client, std::string cronId)
      : client_(client.forCleanup(std::chrono::seconds(5))), cronId_(std::move(cronId)) {}
  ~CronGuard();
  CronGuard(const CronGuard&) = delete;
  CronGuard& operator=(const CronGuard&) = delete;

  // Deletes now and returns the target's answer (2xx expected; the server answers 204).
  ApiResponse release();
  const std::string& cronId() const { return cronId_; }

 private:
  TargetClient client_;
  std::string cronId_;
  bool released_ = false;
};

}  // namespace wc
