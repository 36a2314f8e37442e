#pragma once
// summary.md: a short Markdown table for $GITHUB_STEP_SUMMARY or a merge-request comment: the
// gate, the counts, and one row per case that needs attention (capped, the rest in report.html).
// Text from the target is shown as code spans only: never a live link, image, mention or HTML.
#include <string>

#include "report/run_report.h"

namespace wc {

std::string renderMarkdownSummary(const JudgedRun& judged, size_t maxRows = 30);
bool writeMarkdownSummary(const JudgedRun& judged, const std::string& path, std::string* error);

// After exit 3: the gate failed, the target and why it could not be tested.
std::string renderUnreachableMarkdown(const UnreachableReport& report);
bool writeUnreachableMarkdown(const UnreachableReport& report, const std::string& path,
                              std::string* error);

// Appends the written summary.md (`summaryPath`) to `stepSummary`, the file GitHub Actions names
// in $GITHUB_STEP_SUMMARY, followed by a link to the run's artifacts when GITHUB_SERVER_URL,
// GITHUB_REPOSITORY and GITHUB_RUN_ID are set. False with a message; the caller only warns.
bool appendStepSummary(const std::string& summaryPath, const std::string& stepSummary,
                       std::string* error);

}  // namespace wc
