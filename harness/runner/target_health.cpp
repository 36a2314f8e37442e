#include "runner/target_health.h"

#include <mutex>
#include <vector>

#include <cstdio>

#include "util/ids.h"

namespace wc {
namespace {

using SteadyClock = std::chrono::steady_clock;
using SystemClock = std::chrono::system_clock;

std::chrono::milliseconds scaledBy(std::chrono::milliseconds base, double scale) {
  return std::chrono::milliseconds(static_cast<long long>(static_cast<double>(base.count()) * scale));
}

std::string seconds(std::chrono::milliseconds d) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", static_cast<double>(d.count()) / 1000.0);
  return text;
}

// What a call said, cut to one bounded line (it may quote what the target sent).
std::string shortError(const std::string& error) {
  constexpr size_t kMax = 300;
  return error.size() <= kMax ? error : error.substr(0, kMax) + "...";
}

}  // namespace

Sentinel plainRunSentinel(TargetClient client, std::string assistantId) {
  // Sentinel runs reuse idle threads: a thread or two left on the target, not one per interval.
  struct IdleThreads {
    std::mutex mutex;  // guards ids
    std::vector<std::string> ids;
  };
  auto idle = std::make_shared<IdleThreads>();
  return [client = std::move(client), assistantId = std::move(assistantId), idle](
             SteadyClock::time_point deadline) -> SentinelOutcome {
    using Kind = SentinelOutcome::Kind;
    auto target = client.withDeadline(deadline);
    // A transport failure or the deadline is the target not completing runs; an HTTP error is
    // a refusal, which says nothing about its workers.
    auto judged = [](const ApiResponse& r) {
      Kind kind = r.transportFailed || r.deadlineExceeded ? Kind::Stalled : Kind::Inconclusive;
      return SentinelOutcome{kind, shortError(r.error)};  // it names the call
    };
    std::string threadId;
    {
      std::lock_guard<std::mutex> lock(idle->mutex);
      if (!idle->ids.empty()) {
        threadId = idle->ids.back();
        idle->ids.pop_back();
      }
    }
    if (threadId.empty()) {
      auto created = target.createThread();
      if (!created.ok()) return judged(created);
      if (!created.json.is_object() || !created.json.contains("thread_id") ||
          !created.json["thread_id"].is_string())
        return {Kind::Inconclusive, "POST /threads answered without a string thread_id"};
      threadId = created.json["thread_id"].get<std::string>();
    }
    nlohmann::json body = {
        {"assistant_id", assistantId},
        {"input", {{"messages", {{{"role", "user"}, {"content", "webhook-conformance health"}}}}}}};
    auto run = target.post("/threads/" + pathSegment(threadId) + "/runs/wait", body);
    if (!run.ok()) return judged(run);  // a thread whose run did not end is not reused
    std::lock_guard<std::mutex> lock(idle->mutex);
    idle->ids.push_back(threadId);
    return {Kind::Completed, ""};
  };
}

HealthTiming healthTiming(double timeoutScale) {
  HealthTiming t;
  t.deadline = scaledBy(t.deadline, timeoutScale);
  t.interval = scaledBy(t.interval, timeoutScale);
  return t;
}

TargetHealth::TargetHealth(Sentinel sentinel, HealthTiming timing,
                           std::shared_ptr<Cancellation> cancellation,
                           SteadyClock::time_point runStart)
    : sentinel_(std::move(sentinel)), timing_(timing), cancellation_(std::move(cancellation)),
      runStart_(runStart) {}

TargetHealth::~TargetHealth() { stopIntervals(); }

bool TargetHealth::check(const std::string& when) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stall_) return false;
    if (!inconclusive_.empty()) return true;  // the target refuses sentinels: not judged
    ++sentinels_;
  }
  const auto startedSteady = SteadyClock::now();
  const auto startedAt = SystemClock::now();
  auto outcome = sentinel_(startedSteady + timing_.deadline);
  // Cut short by SIGINT/SIGTERM or the run's bound: that is not the target's doing.
  if (cancellation_ && cancellation_->cancelled() && outcome.kind != SentinelOutcome::Kind::Completed)
    return true;
  std::string message;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stall_) return false;
    switch (outcome.kind) {
      case SentinelOutcome::Kind::Completed:
        lastCompleted_ = startedAt;
        return true;
      case SentinelOutcome::Kind::Inconclusive:
        inconclusive_ = "target health not watched: a plain run could not be created (" +
                        outcome.detail + "), so a target that stops completing runs is not "
                        "noticed and its cases wait out their timeouts";
        return true;
      case SentinelOutcome::Kind::Stalled:
        break;
    }
    Stall s;
    s.at = startedAt;
    s.sinceStart = std::chrono::duration_cast<std::chrono::milliseconds>(startedSteady - runStart_);
    s.anyCompleted = lastCompleted_.has_value();
    s.lastCompleted = lastCompleted_.value_or(startedAt);
    s.when = when;
    s.detail = "a plain run (no webhook) did not complete within " + seconds(timing_.deadline) +
               " s: " + outcome.detail;
    stall_ = s;
    message = stallMessageLocked();
  }
  wake_.notify_all();
  // Ends the cases still waiting on the stalled target; the runner reports them as `error`.
  if (cancellation_) cancellation_->cancel(message);
  return false;
}

void TargetHealth::startIntervals() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (intervals_.joinable() || stopping_) return;
  intervals_ = std::thread([this] {
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        // A timer, not a wait for an event: the next sentinel is due after the interval.
        wake_.wait_for(lock, timing_.interval, [this] { return stopping_ || stall_.has_value(); });
        if (stopping_ || stall_) return;
      }
      if (cancellation_ && cancellation_->cancelled()) return;
      if (!check("while cases ran")) return;
    }
  });
}

void TargetHealth::stopIntervals() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (intervals_.joinable()) intervals_.join();
}

std::optional<Stall> TargetHealth::stall() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stall_;
}

std::string TargetHealth::stallMessage() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stallMessageLocked();
}

std::string TargetHealth::stallMessageLocked() const {
  if (!stall_) return "";
  return "the target stopped completing runs at " + isoTimestamp(stall_->at) + " (" +
         seconds(stall_->sinceStart) + " s into the run, " + stall_->when + "): " + stall_->detail;
}

std::string TargetHealth::diagnosis(const std::vector<CaseResult>& results) const {
  std::optional<Stall> s = stall();
  if (!s) return "";
  std::string ran;
  size_t named = 0;
  for (const auto& r : results) {
    // Never started, or skipped: it did nothing to the target.
    if (r.startedAt == SystemClock::time_point{} || r.verdict == Verdict::Skip) continue;
    auto ended = r.startedAt + r.duration;
    if (r.startedAt > s->at || (s->anyCompleted && ended < s->lastCompleted)) continue;
    if (++named <= 20) ran += (ran.empty() ? "" : ", ") + r.info.id;
  }
  if (named > 20) ran += " and " + std::to_string(named - 20) + " more";
  std::string window = s->anyCompleted
                           ? "since the last plain run that completed (started " +
                                 isoTimestamp(s->lastCompleted) + ")"
                           : "before it";
  return stallMessage() + ". Cases that ran " + window + ": " +
         (ran.empty() ? "none" : ran) +
         ". The cases after it end as error instead of waiting out their timeouts; a server "
         "that loses a worker per undeliverable webhook (LangGraph.js) ends like this";
}

std::string TargetHealth::inconclusiveNote() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return inconclusive_;
}

size_t TargetHealth::sentinelsRun() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return sentinels_;
}

}  // namespace wc
