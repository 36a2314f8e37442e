#pragma once
// The options a run used, for report.json: what a reader needs to reproduce it, with the API key
// and --header values masked (the names stay: they tell which auth scheme was used).
#include <nlohmann/json.hpp>

#include "cli/run_command.h"

namespace wc {

nlohmann::json describeConfiguration(const RunCommandOptions& options);

}  // namespace wc
