#pragma once
// Nothing arrives unseen after its case. A case listens on its routes only while it runs; once
// the last case has ended, every route a case made is swept, and a webhook that came after its
// case ended (a late second copy, a firing after the cron was deleted) fails that case with the
// gap in its message. The sweep first waits, against a target that can say so (the embedded
// reference), until nothing more is owed: on a healthy run that wait returns at once.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "capture/captured_request.h"
#include "runner/case_result.h"
#include "runner/environment.h"

namespace wc {

// How a route's late requests are judged.
enum class RouteKind {
  // Every run the case created had delivered to its routes before it ended: any later request
  // is a finding.
  EveryRunDelivered,
  // Some run of the case had not (a case that does not await every run, or one refused): only a
  // copy of a webhook seen on the route is a finding.
  RunsOutstanding,
  CronFirings,  // the case made crons: one new firing may have been under way at the delete
  Retried,      // the case made the route answer non-2xx or hang: its runs' retries go on
};

// A request that came after its case ended, and what it shows.
struct LateArrival {
  CapturedRequest request;
  std::string finding;  // the failure to record; "" when tolerated (then `note` says why)
  std::string note;
  bool copy = false;  // repeats a run_id seen earlier on the route
};

// The requests of one route (any order) that arrived after `caseEnded`, in arrival order, each
// judged by `kind`. A request repeating a run_id seen earlier on the route, 1 s or more after
// the first copy, is a late copy whatever the kind, except on a Retried route (a retry is a
// copy); a closer one is left to the delivery cases' duplicate windows.
std::vector<LateArrival> lateArrivalsOn(std::vector<CapturedRequest> requests,
                                        std::chrono::steady_clock::time_point caseEnded,
                                        RouteKind kind);

// Waits, by one deadline, until every environment's target has settled its deliveries
// (Environment::deliveriesSettledWait; environments without one are not waited on). The result
// says what was awaited and for how long.
[[nodiscard]] testing::AssertionResult awaitDeliveriesSettled(
    const std::vector<Environment*>& environments, std::chrono::milliseconds budget);

// Judges every case that ran to its end (pass, fail, warn, info): each late finding is added to
// its failures and its request to its evidence, and the verdict becomes its level's failing one.
// `environmentOf[i]` is where results[i] ran (its capture servers hold the routes).
void sweepLateArrivals(std::vector<CaseResult>& results,
                       const std::vector<Environment*>& environmentOf);

// The step after the last case, for every command that runs cases: awaitDeliveriesSettled (at
// most 15 s x --timeout-scale, never less: past the reference's 5 s late copies, and the wait
// ends as soon as they settle) unless `waitForDeliveries` is false (a stopped run), then
// sweepLateArrivals. Returns the wait's message when it ran out (a run diagnosis), else "".
std::string sweepAfterTheLastCase(std::vector<CaseResult>& results,
                                  const std::vector<Environment*>& environmentOf,
                                  bool waitForDeliveries);

}  // namespace wc
