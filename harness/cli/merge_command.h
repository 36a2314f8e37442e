#pragma once
// `webhook-conformance merge`: what the arguments hold decides what is merged.
// Each is a report dir (holding report.json or load.json) or such a file; report.json of
// conformance runs merge into the four reports and one gate verdict, load.json of load shards into
// one accounting (load/load_merge.h). A mix, or an argument holding neither, is exit 2.
#include <string>
#include <vector>

namespace wc {

enum class MergeKind { Reports, Loads };

struct MergeInputs {
  MergeKind kind = MergeKind::Reports;
  std::vector<std::string> files;   // the report.json / load.json to read, one per argument
  std::vector<std::string> labels;  // the arguments as given: names the runs in the reports
};

// false with one line naming the argument: missing, holding neither or both kinds, a mix of
// kinds, the same file twice, more than 1,000.
bool classifyMergeInputs(const std::vector<std::string>& args, MergeInputs* out, std::string* error);

// Merges report.json files (README "Merging runs"): writes junit.xml, report.json, report.html
// and summary.md into reportDir, prints the verdict like `run`; returns run's exit code.
// `github`: the verdict is followed by ::error/::warning lines (cli/annotations.h);
// `stepSummary`: summary.md is appended to $GITHUB_STEP_SUMMARY when it is set, as `run` does.
struct MergeGithubOutput {
  bool annotations = false;
  bool stepSummary = true;
};
int mergeReportsCommand(const MergeInputs& inputs, const std::string& reportDir, bool strict,
                        MergeGithubOutput github = {});

}  // namespace wc
