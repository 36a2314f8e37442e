#pragma once
// `webhook-conformance cleanup --target URL [--run ID] [--dry-run]`: deletes the threads and
// crons webhook-conformance created on a deployment, found by the metadata every run tags them
// with (client/created_resources.h).
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace wc {

struct CleanupCommandOptions {
  std::string target;
  std::string conformanceRun;  // --run: one run's ("" -> every run's)
  bool dryRun = false;
  std::string apiKey, apiKeyFile;
  std::vector<std::string> headers;
  std::string caFile;  // --ca-file
};

CLI::App* addCleanupCommand(CLI::App& app, CleanupCommandOptions* options);
// 0 when everything found was deleted (or listed, with --dry-run), 1 when something was left,
// 2 for bad flags or a refused key, 3 when the target cannot be reached.
int cleanupCommand(const CleanupCommandOptions& options);

}  // namespace wc
