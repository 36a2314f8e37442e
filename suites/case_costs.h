#pragma once
// What each case creates on a target at most, for the plan `run` prints before its first case
// (cli/run_plan.h): API run creations, threads and crons. A cron's firings are runs too; the plan
// bounds them by the schedule ticks in the case's budget.
#include <cstddef>
#include <optional>
#include <string>

namespace wc {

struct PlannedCreations {
  size_t runs = 0, threads = 0, crons = 0;
};

// nullopt for an id without a row (a new case: the table and its test say so).
std::optional<PlannedCreations> plannedCreations(const std::string& id);

}  // namespace wc
