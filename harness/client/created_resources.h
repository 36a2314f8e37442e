#pragma once
// What the harness leaves on a deployment, found by the metadata it tags every thread, run and
// cron with (ClientOptions::creationMetadata), and deleted: `cleanup` and `run --cleanup`.
// Deleting a thread deletes its runs; crons are deleted one by one.
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "client/target_client.h"

namespace wc {

inline constexpr const char* kCreatedByKey = "created_by";
inline constexpr const char* kCreatedByValue = "webhook-conformance";
inline constexpr const char* kConformanceRunKey = "conformance_run";

// The metadata of everything one run creates: {created_by: webhook-conformance, conformance_run}.
nlohmann::json creationTag(const std::string& conformanceRun);
// A fresh id for one run: "wc-<UTC time>-<random>", sortable, safe in a path and a query.
std::string newConformanceRunId();

struct CleanupOptions {
  std::string conformanceRun;  // "" -> everything webhook-conformance created, any run
  bool dryRun = false;         // find and list, delete nothing
  size_t maxItems = 10000;     // bound on what one cleanup lists
};

struct CleanupResult {
  std::vector<std::string> threads, crons;  // found (and deleted unless dryRun)
  size_t threadsDeleted = 0, cronsDeleted = 0;
  std::vector<std::string> problems;  // one line each: a refused search or delete
  bool complete() const { return problems.empty(); }
};

// Finds the threads (POST /threads/search by metadata) and crons (POST /runs/crons/search,
// matched on their metadata or payload.metadata) and deletes them. The client's deadline bounds
// the whole cleanup; ids from the target are checked before they go into a path.
CleanupResult cleanUpCreated(const TargetClient& client, const CleanupOptions& options);

// "deleted 3 threads and 1 cron created by webhook-conformance run <id>" (or "would delete").
std::string describeCleanup(const CleanupResult& result, const CleanupOptions& options);

}  // namespace wc
