#pragma once
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "capture/captured_request.h"
#include "client/recorded_call.h"
#include "runner/case.h"
#include "schema/payload_validator.h"

namespace wc {

// What a case saw: the requests it captured, schema errors, and notes of what it observed.
struct Evidence {
  std::vector<CapturedRequest> requests;
  std::vector<SchemaError> schemaErrors;
  std::vector<std::string> observations;  // INFO lines and passed checks worth recording
  std::vector<std::string> failures;      // each failed check, with what was expected/arrived
  // Each SHOULD promise a MUST case saw broken (the webhook contract's Content-Type and
  // timestamps): the case warns when nothing failed outright.
  std::vector<std::string> warnings;
  // A MUST promise of the webhook contract failed: the case fails whatever its own level.
  bool mustBroken = false;
  // The case's last call that created a run or cron (no headers; body at most 8 KB), for the
  // curl reproducer in report.html; nullopt when it created none.
  std::optional<RecordedCall> creation;
  CreatedCounts created;  // what the case created on the target (threads, runs, crons)
};

struct CaseResult {
  CaseInfo info;
  Verdict verdict = Verdict::Pass;
  std::string message;  // one line: why this verdict
  std::chrono::milliseconds duration{0};
  // Wall-clock start (runner.cpp runCase); the epoch when unknown (a case never started).
  // The JUnit writer derives each area's wall time from it: cases run concurrently.
  std::chrono::system_clock::time_point startedAt{};
  Evidence evidence;
  // The embedded reference instance it ran on ("default", "disable-webhooks", ...; README
  // "Configuration instances"); "" against a single target.
  std::string instance;
  // Judged again by --rerun-failed; the report's other cases are kept from the run it reran.
  bool rerun = false;
  // The capture routes the case made and when it ended, for the sweep after the last case
  // (runner/late_arrivals.h); not reported.
  std::vector<std::string> routes;
  std::chrono::steady_clock::time_point endedAt{};
};

}  // namespace wc
