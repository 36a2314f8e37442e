#pragma once
// All four reports into one directory: junit.xml, report.json, report.html, summary.md.
#include <string>

#include "report/run_report.h"

namespace wc {

struct ReportPaths {
  std::string dir;
  std::string junit;  // "" -> <dir>/junit.xml
};

// Creates the directory; false with a message naming the file that could not be written. Every
// writer gets the same judgement (JudgedRun: outcomes and summary computed once).
bool writeAllReports(const JudgedRun& judged, const ReportPaths& paths, std::string* error);

// After exit 3 (target unreachable or not a LangGraph API), so a CI publish step still finds
// its files: junit.xml with one erroring testcase "preflight.target-reachable", report.json with
// the target as known and "error": {"exit_code", "message"}, and a report.html and summary.md
// saying the same. False with a message naming the file that could not be written.
bool writeUnreachableReports(const UnreachableReport& report, const ReportPaths& paths,
                             std::string* error);

// Where report.html of a report dir is, as the console and the annotations name it
// ("reports/" gives "reports/report.html").
std::string reportHtmlPath(const std::string& dir);

}  // namespace wc
