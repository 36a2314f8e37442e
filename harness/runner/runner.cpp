#include "runner/runner.h"

#include <algorithm>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "runner/case_context.h"
#include "runner/late_arrivals.h"
#include "runner/target_health.h"

namespace wc {

Verdict failedVerdict(Level level) {
  return level == Level::Must ? Verdict::Fail : level == Level::Should ? Verdict::Warn : Verdict::Info;
}

CaseResult runCase(const CaseDef& def, Environment& env) {
  CaseResult result;
  result.info = def.info;
  auto start = std::chrono::steady_clock::now();
  result.startedAt = std::chrono::system_clock::now();
  CaseContext ctx(def.info, env);
  std::optional<CaseStop> stop;
  if (auto why = def.unmetNeed ? def.unmetNeed(env.profile()) : std::nullopt) {
    stop = CaseStop{Verdict::Skip, *why};
  } else {
    try {
      def.run(ctx);
    } catch (const CaseStop& s) {
      stop = s;
    } catch (const std::exception& e) {
      stop = CaseStop{Verdict::Error, std::string("the case threw: ") + e.what()};
    }
  }
  result.endedAt = std::chrono::steady_clock::now();
  result.routes = ctx.routes();
  result.evidence = std::move(ctx.evidence());
  result.instance = env.profile().instance;
  const auto& failures = result.evidence.failures;
  if (stop && (stop->verdict == Verdict::Skip || stop->verdict == Verdict::Error)) {
    result.verdict = stop->verdict;
    result.message = stop->message;
  } else if (!failures.empty()) {
    result.verdict = result.evidence.mustBroken ? Verdict::Fail : failedVerdict(def.info.level);
    result.message = failures.front();
  } else if (!result.evidence.warnings.empty()) {
    result.verdict = def.info.level == Level::Info ? Verdict::Info : Verdict::Warn;
    result.message = result.evidence.warnings.front();
  } else {
    result.verdict = def.info.level == Level::Info ? Verdict::Info : Verdict::Pass;
    const auto& obs = result.evidence.observations;
    result.message = obs.empty() ? "" : obs.back();
  }
  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  return result;
}

namespace {

using Clock = std::chrono::steady_clock;

// What the workers and the waiting caller share. Held by shared_ptr: when the run is stopped and
// a case does not end within the grace period, its worker is given up on and outlives the call.
struct RunState {
  std::mutex mutex;  // guards everything below
  std::condition_variable changed;
  std::vector<size_t> order;  // case indices in the order they start: isolated ones last
  size_t firstIsolated = 0;   // position in `order` of the first isolated case
  std::vector<std::optional<CaseResult>> results;
  std::vector<std::optional<Clock::time_point>> startedAt;
  size_t next = 0;  // position in `order`
  size_t running = 0;
  bool isolating = false;  // a worker runs the isolated cases
  Progress progress;
  bool cancelSeen = false;
  Clock::time_point cancelledAt;
};

CaseResult interrupted(const CaseDef& def, const std::string& why) {
  CaseResult r;
  r.info = def.info;
  r.verdict = Verdict::Interrupted;
  r.message = why;
  return r;
}

// A case the run's stop cut short or kept from starting: `error` with the stall's message when
// the target stopped completing runs (what it saw then is about the stall, not the case),
// `interrupted` (`interruptedMessage`) when a signal or the run's bound stopped the run.
CaseResult stopped(const CaseDef& def, const Cancellation& cancellation, TargetHealth* health,
                   const std::string& interruptedMessage, const std::string& afterStall) {
  auto stall = health ? health->stallMessage() : "";
  if (stall.empty() || cancellation.reason() != stall) return interrupted(def, interruptedMessage);
  CaseResult r = interrupted(def, stall + "; " + afterStall);
  r.verdict = Verdict::Error;
  return r;
}

}  // namespace

std::chrono::milliseconds runBound(const std::vector<const CaseDef*>& cases, int jobs,
                                   double timeoutScale) {
  std::chrono::seconds largest{0};
  for (const auto* c : cases) largest = std::max(largest, c->info.budget);
  size_t waves = (cases.size() + std::max(jobs, 1) - 1) / std::max(jobs, 1);
  auto bound = std::chrono::duration<double, std::milli>(largest) * double(waves) * timeoutScale;
  return std::chrono::duration_cast<std::chrono::milliseconds>(bound) + std::chrono::seconds(10);
}

std::vector<CaseResult> runCases(const std::vector<const CaseDef*>& cases, Environment& env,
                                 const RunOptions& options) {
  auto state = std::make_shared<RunState>();
  state->results.resize(cases.size());
  state->startedAt.resize(cases.size());
  state->progress.total = cases.size();
  for (int isolatedPass = 0; isolatedPass < 2; ++isolatedPass) {
    if (isolatedPass) state->firstIsolated = state->order.size();
    const size_t passBegin = state->order.size();
    for (size_t i = 0; i < cases.size(); ++i)
      if ((options.isolated && options.isolated(*cases[i])) == bool(isolatedPass))
        state->order.push_back(i);
    if (options.largestBudgetFirst)
      std::stable_sort(state->order.begin() + passBegin, state->order.end(), [&cases](size_t a, size_t b) {
        return cases[a]->info.budget > cases[b]->info.budget;
      });
  }
  Cancellation& cancellation = env.cancellation();
  std::weak_ptr<RunState> weak = state;
  cancellation.onCancel([weak] {
    if (auto s = weak.lock()) {
      {
        std::lock_guard<std::mutex> lock(s->mutex);
        if (!s->cancelSeen) {
          s->cancelSeen = true;
          s->cancelledAt = Clock::now();
        }
      }
      s->changed.notify_all();
    }
  });
  TargetHealth* health = options.health;
  // Before the first case: a target that completes no run fails every case the same way.
  if (health && health->check(kBeforeFirstCase)) health->startIntervals();

  auto onProgress = options.onProgress;
  auto environmentFor = options.environmentFor;
  auto worker = [state, cases, &env, &cancellation, onProgress, environmentFor, health] {
    bool isolatingWorker = false;
    for (;;) {
      size_t i;
      bool isolatedCase;
      {
        std::unique_lock<std::mutex> lock(state->mutex);
        if (state->next >= state->order.size() || cancellation.cancelled()) return;
        isolatedCase = state->next >= state->firstIsolated;
        if (isolatedCase && !isolatingWorker) {
          if (state->isolating) return;  // one worker runs them all, one after the other
          state->isolating = isolatingWorker = true;
          state->changed.wait(lock, [&] { return state->running == 0 || state->cancelSeen; });
          if (state->cancelSeen) return;
          // No interval sentinel while an isolated case runs: the check after it says whether
          // it stalled the target, and the case keeps its own verdict.
          lock.unlock();
          if (health) {
            health->stopIntervals();
            health->check("after the other cases, before the isolated ones");
          }
          lock.lock();
          if (cancellation.cancelled()) return;
        }
        i = state->order[state->next++];
        state->startedAt[i] = Clock::now();
        ++state->running;
      }
      CaseResult result = runCase(*cases[i], environmentFor ? environmentFor(*cases[i]) : env);
      if (cancellation.cancelled() && result.verdict != Verdict::Skip) {
        // Whatever it saw while the run was being stopped is not a verdict on the target.
        std::string was = std::string(toString(result.verdict)) +
                          (result.message.empty() ? "" : ": " + result.message);
        was = "(it was ending as " + was.substr(0, 300) + ")";
        auto stop = stopped(*cases[i], cancellation, health,
                            "interrupted: " + cancellation.reason() + " " + was,
                            "the case was still running " + was);
        result.verdict = stop.verdict;
        result.message = stop.message;
      }
      // Before the result counts: the run does not end (nor the next isolated case start)
      // until the check after this one has said whether the target still completes runs.
      if (isolatedCase && health && result.verdict != Verdict::Skip)
        health->check("after " + cases[i]->info.id);
      std::lock_guard<std::mutex> lock(state->mutex);
      --state->running;
      state->results[i] = std::move(result);
      const CaseResult& r = *state->results[i];
      auto& progress = state->progress;
      ++progress.done;
      if (r.verdict == Verdict::Fail || r.verdict == Verdict::Error ||
          r.verdict == Verdict::Interrupted)
        ++progress.failures;
      std::optional<size_t> oldest;
      for (size_t j = 0; j < cases.size(); ++j)
        if (state->startedAt[j] && !state->results[j] &&
            (!oldest || *state->startedAt[j] < *state->startedAt[*oldest]))
          oldest = j;
      progress.slowestRunning = oldest ? cases[*oldest]->info.id : "";
      progress.finished = &r;
      if (onProgress) onProgress(progress);
      state->changed.notify_all();
    }
  };
  size_t jobs = std::max<size_t>(1, std::min<size_t>(options.jobs, cases.size()));
  std::vector<std::thread> threads;
  for (size_t j = 0; j < jobs; ++j) threads.emplace_back(worker);

  const auto boundAt = options.bound.count() > 0 ? Clock::now() + options.bound : Clock::time_point::max();
  bool isolatedRan = false;
  {
    std::unique_lock<std::mutex> lock(state->mutex);
    auto allDone = [&] {
      return state->running == 0 && (state->next >= state->order.size() || state->cancelSeen);
    };
    for (;;) {
      if (allDone()) break;
      if (state->cancelSeen && Clock::now() >= state->cancelledAt + options.grace) break;
      auto wakeAt = state->cancelSeen ? state->cancelledAt + options.grace : boundAt;
      if (!state->changed.wait_until(lock, wakeAt, allDone) && !state->cancelSeen &&
          Clock::now() >= boundAt) {
        lock.unlock();
        cancellation.cancel("the run reached its bound of " +
                            std::to_string(options.bound.count() / 1000) +
                            " s (cases x budget; see README)");
        lock.lock();
      }
    }
    isolatedRan = state->isolating;
  }
  if (health) {
    health->stopIntervals();  // an interval sentinel in flight ends within its deadline
    // The last check: after the final case (the isolated ones were each checked already).
    if (!isolatedRan && !cancellation.cancelled()) health->check("after the last case");
  }

  std::vector<CaseResult> out;
  size_t givenUp = 0;
  {
    std::lock_guard<std::mutex> lock(state->mutex);
    const std::string why = cancellation.reason();
    const auto sinceStart = [&](size_t i) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                                   *state->startedAt[i]);
    };
    for (size_t i = 0; i < cases.size(); ++i) {
      if (state->results[i]) {
        out.push_back(*state->results[i]);
      } else if (state->startedAt[i]) {
        ++givenUp;
        const std::string grace = std::to_string(options.grace.count()) + " ms after that";
        out.push_back(stopped(*cases[i], cancellation, health,
                              "interrupted: " + why + "; the case did not end within " + grace,
                              "the case was still running and did not end within " + grace));
        out.back().duration = sinceStart(i);
        out.back().startedAt = std::chrono::system_clock::now() - out.back().duration;
      } else {
        out.push_back(stopped(*cases[i], cancellation, health, "not started: " + why,
                              "not started"));
        // A case that could not have run on this target stays a skip with its reason.
        Environment& on = options.environmentFor ? options.environmentFor(*cases[i]) : env;
        auto unmet = cases[i]->unmetNeed ? cases[i]->unmetNeed(on.profile()) : std::nullopt;
        if (out.back().verdict == Verdict::Error && unmet) {
          out.back().verdict = Verdict::Skip;
          out.back().message = *unmet;
        }
      }
    }
  }
  for (auto& t : threads) {
    if (givenUp) t.detach();
    else t.join();
  }
  if (options.abandoned) *options.abandoned = givenUp;

  // Nothing arrives unseen after its case: once the target owes nothing more (a stopped run
  // does not wait), every case's routes are swept.
  std::vector<Environment*> environmentOf;
  for (const auto* c : cases) environmentOf.push_back(&(environmentFor ? environmentFor(*c) : env));
  auto note = sweepAfterTheLastCase(out, environmentOf, !cancellation.cancelled());
  if (options.lateSweepNote) *options.lateSweepNote = note;
  return out;
}

}  // namespace wc
