#pragma once
// report.html: one self-contained page (no scripts, no external assets; a Content-Security-Policy
// forbids loading anything) for a person reading why a deployment fails: the summary, an
// endpoint x area matrix, every case with its evidence, pretty-printed bodies, and schema errors
// highlighted in the body they point into.
#include <string>
#include <vector>

#include "report/run_report.h"

namespace wc {

std::string renderHtmlReport(const JudgedRun& judged);
bool writeHtmlReport(const JudgedRun& judged, const std::string& path, std::string* error);

// After exit 3: one page naming the target and why no case ran.
std::string renderUnreachableHtml(const UnreachableReport& report);
bool writeUnreachableHtml(const UnreachableReport& report, const std::string& path,
                          std::string* error);

// Line indexes (0-based) of `prettyJson` (as dumped with indent 2) that a JSON pointer leads to:
// the line of the deepest key on the pointer's path that exists. Empty for the root pointer.
std::vector<size_t> linesForPointer(const std::string& prettyJson, const std::string& pointer);

}  // namespace wc
