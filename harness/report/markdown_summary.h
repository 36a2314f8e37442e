#pragma once
// summary.md: a short Markdown table for $GITHUB_STEP_SUMMARY or a merge-request comment: the
// gate, the counts, and one row per case that needs attention (capped, the rest in report.html).
#include <string>

#include "report/run_report.h"

namespace wc {

std::string renderMarkdownSummary(const RunReport& report, size_t maxRows = 30);
bool writeMarkdownSummary(const RunReport& report, const std::string& path, std::string* error);

}  // namespace wc
