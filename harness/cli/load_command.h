#pragma once
// `webhook-conformance load`: N runs with webhooks against a target, every run
// accounted for (received once, twice or never; payload, token, status), latency percentiles,
// throughput; and `webhook-conformance merge`, which combines the load.json of several shards
// (or, cli/merge_command.h, the report.json of several conformance runs).
#include <string>
#include <vector>

#include "load/load_options.h"

namespace CLI {
class App;
}

namespace wc {

struct MergeCommandOptions {
  std::vector<std::string> files;
  std::string reportDir = "reports";
  double maxP99Ms = -1;  // <0: the budget the shards were run with
  bool strict = false;   // report.json runs: SHOULD warnings break the merged gate
  std::string annotations = "auto";  // report.json runs: ::error/::warning lines, as `run`
  bool noStepSummary = false;        // report.json runs: do not append to $GITHUB_STEP_SUMMARY
};

// The subcommands and their flags, added to the CLI (cli.cpp calls these).
CLI::App* addLoadCommand(CLI::App& app, load::LoadOptions* options);
CLI::App* addMergeCommand(CLI::App& app, MergeCommandOptions* options);

// Each returns the process exit code (README "Load mode").
int loadCommand(const load::LoadOptions& options);
int mergeCommand(const MergeCommandOptions& options);

}  // namespace wc
