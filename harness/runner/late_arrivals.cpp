#include "runner/late_arrivals.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "runner/runner.h"
#include "util/bounded_json.h"

namespace wc {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::seconds kDeliveriesSettleBudget{15};
// A copy this close to the first is the business of the cases' duplicate windows (about 1 s):
// the delivery cases judge it, and one that lands as a case ends must not fail it by chance.
constexpr std::chrono::seconds kCopyBeyondTheWindows{1};

std::string secondsText(Clock::duration d) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", std::chrono::duration<double>(d).count());
  return text;
}

std::string runIdOf(const CapturedRequest& request) {
  return textField(parseBoundedJsonOrDiscarded(request.body), "run_id");
}

std::string runText(const std::string& runId) {
  return runId.empty() ? "a body without a run_id" : "run " + runId;
}

std::string copyOrdinal(size_t n) {
  if (n == 2) return "second";
  if (n == 3) return "third";
  return std::to_string(n) + "th";
}

bool answersSuccessAtOnce(const CaptureServer& capture, const std::string& route) {
  auto programmed = capture.responseFor(route);
  return !programmed || (programmed->status >= 200 && programmed->status < 300 &&
                         programmed->delay.count() == 0);
}

// Before it ended: a webhook of every run it created (attempts count, refused ones too).
bool everyRunDelivered(const CaseResult& result,
                       const std::vector<std::vector<CapturedRequest>>& byRoute) {
  std::set<std::string> delivered;
  for (const auto& requests : byRoute)
    for (const auto& request : requests)
      if (request.arrivedSteady <= result.endedAt)
        if (auto runId = runIdOf(request); !runId.empty()) delivered.insert(runId);
  return delivered.size() >= result.evidence.created.runs;
}

// Cases whose checks ran to their end; a skip, an error or an interruption is not judged again.
bool ranToItsEnd(Verdict verdict) {
  return verdict == Verdict::Pass || verdict == Verdict::Fail || verdict == Verdict::Warn ||
         verdict == Verdict::Info;
}

// Both capture servers may hold a route: a case sends an https:// webhook to the TLS one under a
// route name the main one made.
std::vector<CapturedRequest> requestsOn(Environment& env, const std::string& route) {
  auto requests = env.capture().received(route);
  if (auto* tls = env.httpsCapture(); tls && tls != &env.capture()) {
    auto more = tls->received(route);
    requests.insert(requests.end(), more.begin(), more.end());
  }
  return requests;
}

}  // namespace

std::vector<LateArrival> lateArrivalsOn(std::vector<CapturedRequest> requests,
                                        Clock::time_point caseEnded, RouteKind kind) {
  std::vector<LateArrival> late;
  if (kind == RouteKind::Retried) return late;
  std::stable_sort(requests.begin(), requests.end(), [](const auto& a, const auto& b) {
    return a.arrivedSteady < b.arrivedSteady;
  });
  struct Seen {
    size_t copies;
    Clock::time_point first;
  };
  std::map<std::string, Seen> seen;  // by run_id
  bool firingTolerated = false;
  for (auto& request : requests) {
    const auto runId = runIdOf(request);
    auto known = runId.empty() ? seen.end() : seen.find(runId);
    if (request.arrivedSteady <= caseEnded) {  // the case's own checks judged these
      if (known != seen.end()) ++known->second.copies;
      else if (!runId.empty()) seen.emplace(runId, Seen{1, request.arrivedSteady});
      continue;
    }
    LateArrival arrival;
    arrival.request = request;
    const auto gap = secondsText(request.arrivedSteady - caseEnded) + " after the case ended";
    if (known != seen.end()) {
      arrival.copy = true;
      auto& s = known->second;
      const auto text = "a " + copyOrdinal(++s.copies) + " copy of the webhook of " +
                        runText(runId) + " arrived " + gap + " (" +
                        secondsText(request.arrivedSteady - s.first) + " after the first copy)";
      if (request.arrivedSteady - s.first < kCopyBeyondTheWindows)
        arrival.note = text + ": within the duplicate windows, judged by the delivery cases";
      else
        arrival.finding = text + ": " + request.summary();
    } else if (kind == RouteKind::CronFirings && !firingTolerated) {
      firingTolerated = true;
      arrival.note = "a firing (" + runText(runId) + ") arrived " + gap +
                     ": one may have been under way when the cron was deleted";
    } else if (kind == RouteKind::CronFirings) {
      arrival.finding = "a firing (" + runText(runId) + ") arrived " + gap +
                        ", beyond the one that may have been under way when the cron was "
                        "deleted: " + request.summary();
    } else if (kind == RouteKind::RunsOutstanding) {
      arrival.note = "a webhook (" + runText(runId) + ") arrived " + gap +
                     ", perhaps of a run the case did not await";
    } else {
      arrival.finding = "a webhook (" + runText(runId) + ") arrived " + gap +
                        ", after every webhook the case expected: " + request.summary();
    }
    if (known == seen.end() && !runId.empty()) seen.emplace(runId, Seen{1, request.arrivedSteady});
    late.push_back(std::move(arrival));
  }
  return late;
}

testing::AssertionResult awaitDeliveriesSettled(const std::vector<Environment*>& environments,
                                                std::chrono::milliseconds budget) {
  const auto started = Clock::now();
  const auto deadline = started + budget;
  std::set<Environment*> done;
  for (auto* env : environments) {
    if (!env || !env->deliveriesSettledWait() || !done.insert(env).second) continue;
    std::string pending;
    if (!env->deliveriesSettledWait()(deadline, &pending)) {
      const auto& p = env->profile();
      return testing::AssertionFailure()
             << "waited " << budget.count() << " ms for the webhook deliveries of " << p.baseUrl
             << (p.instance.empty() ? "" : " (instance " + p.instance + ")")
             << " to settle before looking for late webhooks; still " << pending
             << ": what arrives later is not judged";
    }
  }
  return testing::AssertionSuccess()
         << "the webhook deliveries of " << done.size() << " target(s) settled within "
         << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count()
         << " ms";
}

void sweepLateArrivals(std::vector<CaseResult>& results,
                       const std::vector<Environment*>& environmentOf) {
  for (size_t i = 0; i < results.size() && i < environmentOf.size(); ++i) {
    auto& result = results[i];
    if (!ranToItsEnd(result.verdict) || !environmentOf[i]) continue;
    Environment& env = *environmentOf[i];
    auto& evidence = result.evidence;
    std::vector<std::vector<CapturedRequest>> byRoute;
    for (const auto& route : result.routes) byRoute.push_back(requestsOn(env, route));
    const auto runRoutes = everyRunDelivered(result, byRoute) ? RouteKind::EveryRunDelivered
                                                              : RouteKind::RunsOutstanding;
    bool failed = false;
    for (size_t r = 0; r < result.routes.size(); ++r) {
      const auto kind = !answersSuccessAtOnce(env.capture(), result.routes[r]) ? RouteKind::Retried
                        : evidence.created.crons > 0                         ? RouteKind::CronFirings
                                                                             : runRoutes;
      for (auto& late : lateArrivalsOn(std::move(byRoute[r]), result.endedAt, kind)) {
        evidence.requests.push_back(std::move(late.request));
        // A firing of its own is a run the cron started, as CaseContext::evidence() counts them.
        if (kind == RouteKind::CronFirings && !late.copy) ++evidence.created.cronFirings;
        if (late.finding.empty()) {
          evidence.observations.push_back(late.note);
          continue;
        }
        evidence.failures.push_back(late.finding);
        failed = true;
      }
    }
    if (!failed) continue;
    result.verdict = failedVerdict(result.info.level);
    result.message = evidence.failures.front();
  }
}

std::string sweepAfterTheLastCase(std::vector<CaseResult>& results,
                                  const std::vector<Environment*>& environmentOf,
                                  bool waitForDeliveries) {
  std::string note;
  if (waitForDeliveries && !environmentOf.empty() && environmentOf.front()) {
    const auto budget = std::max<std::chrono::milliseconds>(
        kDeliveriesSettleBudget, environmentOf.front()->scaled(kDeliveriesSettleBudget));
    if (auto settled = awaitDeliveriesSettled(environmentOf, budget); !settled)
      note = settled.message();
  }
  sweepLateArrivals(results, environmentOf);
  return note;
}

}  // namespace wc
