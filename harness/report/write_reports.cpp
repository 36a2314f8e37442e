#include "report/write_reports.h"

#include <filesystem>

#include "report/html_report.h"
#include "report/json_report.h"
#include "report/junit_report.h"
#include "report/markdown_summary.h"

namespace wc {

bool writeAllReports(const RunReport& report, const ReportPaths& paths, std::string* error) {
  std::error_code ec;
  std::filesystem::create_directories(paths.dir, ec);
  if (ec) {
    *error = "--report-dir: cannot create " + paths.dir + ": " + ec.message();
    return false;
  }
  auto junit = paths.junit.empty() ? paths.dir + "/junit.xml" : paths.junit;
  return writeJunitReport(report, junit, error) &&
         writeJsonReport(report, paths.dir + "/report.json", error) &&
         writeHtmlReport(report, paths.dir + "/report.html", error) &&
         writeMarkdownSummary(report, paths.dir + "/summary.md", error);
}

}  // namespace wc
