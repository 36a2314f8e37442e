#include "runner/runner.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "runner/case_context.h"

namespace wc {

bool globMatch(const std::string& pattern, const std::string& text) {
  // Iterative wildcard match with backtracking to the last '*'.
  size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

namespace {

std::vector<std::string> splitPatterns(const std::vector<std::string>& patterns) {
  std::vector<std::string> out;
  for (const auto& p : patterns) {
    size_t start = 0;
    while (start <= p.size()) {
      auto comma = p.find_first_of(",:", start);  // ':' so --gtest_filter=a:b works too
      auto piece = p.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!piece.empty()) out.push_back(piece);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

// A bare area name or id prefix selects everything under it: "token" == "token.*".
bool matchOne(const std::string& pattern, const std::string& id) {
  return globMatch(pattern, id) || globMatch(pattern + ".*", id);
}

}  // namespace

bool matchesFilter(const std::string& id, const std::vector<std::string>& patterns) {
  bool anyInclude = false, included = false;
  for (const auto& p : splitPatterns(patterns)) {
    if (p[0] == '-') {
      if (matchOne(p.substr(1), id)) return false;
    } else {
      anyInclude = true;
      if (matchOne(p, id)) included = true;
    }
  }
  return !anyInclude || included;
}

std::vector<const CaseDef*> selectCases(const CaseRegistry& registry,
                                        const std::vector<std::string>& patterns) {
  std::vector<const CaseDef*> out;
  for (const auto& c : registry.all())
    if (matchesFilter(c.info.id, patterns)) out.push_back(&c);
  return out;
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
  result.evidence = std::move(ctx.evidence());
  result.instance = env.profile().instance;
  const auto& failures = result.evidence.failures;
  if (stop && (stop->verdict == Verdict::Skip || stop->verdict == Verdict::Error)) {
    result.verdict = stop->verdict;
    result.message = stop->message;
  } else if (!failures.empty()) {
    result.verdict = def.info.level == Level::Must     ? Verdict::Fail
                     : def.info.level == Level::Should ? Verdict::Warn
                                                       : Verdict::Info;
    result.message = failures.front();
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

// What the workers and the waiting caller share. Held by shared_ptr: when the run is stopped and
// a case does not end within the grace period, its worker is given up on and outlives the call.
struct RunState {
  std::mutex mutex;  // guards everything below
  std::condition_variable changed;
  std::vector<std::optional<CaseResult>> results;
  std::vector<std::optional<std::chrono::steady_clock::time_point>> startedAt;
  size_t next = 0;
  size_t running = 0;
  Progress progress;
  bool cancelSeen = false;
  std::chrono::steady_clock::time_point cancelledAt;
};

CaseResult interrupted(const CaseDef& def, const std::string& why) {
  CaseResult r;
  r.info = def.info;
  r.verdict = Verdict::Interrupted;
  r.message = why;
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
  using Clock = std::chrono::steady_clock;
  auto state = std::make_shared<RunState>();
  state->results.resize(cases.size());
  state->startedAt.resize(cases.size());
  state->progress.total = cases.size();
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

  auto onProgress = options.onProgress;
  auto environmentFor = options.environmentFor;
  auto worker = [state, cases, &env, &cancellation, onProgress, environmentFor] {
    for (;;) {
      size_t i;
      {
        std::lock_guard<std::mutex> lock(state->mutex);
        if (state->next >= cases.size() || cancellation.cancelled()) return;
        i = state->next++;
        state->startedAt[i] = Clock::now();
        ++state->running;
      }
      CaseResult result = runCase(*cases[i], environmentFor ? environmentFor(*cases[i]) : env);
      if (cancellation.cancelled() && result.verdict != Verdict::Skip) {
        // Whatever it saw while the run was being stopped is not a verdict on the target.
        std::string was = std::string(toString(result.verdict)) +
                          (result.message.empty() ? "" : ": " + result.message);
        result.verdict = Verdict::Interrupted;
        result.message = "interrupted: " + cancellation.reason() + " (it was ending as " +
                         was.substr(0, 300) + ")";
      }
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
  {
    std::unique_lock<std::mutex> lock(state->mutex);
    for (;;) {
      bool allDone = state->running == 0 && (state->next >= cases.size() || state->cancelSeen);
      if (allDone) break;
      if (state->cancelSeen && Clock::now() >= state->cancelledAt + options.grace) break;
      auto wakeAt = state->cancelSeen ? state->cancelledAt + options.grace : boundAt;
      if (!state->changed.wait_until(lock, wakeAt, [&] {
            return state->running == 0 && (state->next >= cases.size() || state->cancelSeen);
          }) &&
          !state->cancelSeen && Clock::now() >= boundAt) {
        lock.unlock();
        cancellation.cancel("the run reached its bound of " +
                            std::to_string(options.bound.count() / 1000) +
                            " s (cases x budget; see README)");
        lock.lock();
      }
    }
  }

  std::vector<CaseResult> out;
  size_t givenUp = 0;
  {
    std::lock_guard<std::mutex> lock(state->mutex);
    const std::string why = cancellation.reason();
    for (size_t i = 0; i < cases.size(); ++i) {
      if (state->results[i]) {
        out.push_back(*state->results[i]);
      } else if (state->startedAt[i]) {
        ++givenUp;
        out.push_back(interrupted(*cases[i], "interrupted: " + why + "; the case did not end "
                                  "within " + std::to_string(options.grace.count()) +
                                  " ms after that"));
        out.back().duration = std::chrono::duration_cast<std::chrono::milliseconds>(
            Clock::now() - *state->startedAt[i]);
      } else {
        out.push_back(interrupted(*cases[i], "not started: " + why));
      }
    }
  }
  for (auto& t : threads) {
    if (givenUp) t.detach();
    else t.join();
  }
  if (options.abandoned) *options.abandoned = givenUp;
  return out;
}

}  // namespace wc
