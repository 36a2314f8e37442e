#include "report/write_reports.h"

#include <filesystem>

#include "report/html_report.h"
#include "report/json_report.h"
#include "report/junit_report.h"
#include "report/markdown_summary.h"
#include "report/report_file.h"

namespace wc {

namespace {

bool createDir(const ReportPaths& paths, std::string* error) {
  std::error_code ec;
  std::filesystem::create_directories(paths.dir, ec);
  if (ec) {
    *error = "--report-dir: cannot create " + paths.dir + ": " + ec.message();
    return false;
  }
  return true;
}

std::string junitPath(const ReportPaths& paths) {
  return paths.junit.empty() ? paths.dir + "/junit.xml" : paths.junit;
}

}  // namespace

std::string reportHtmlPath(const std::string& dir) {
  return (std::filesystem::path(dir) / "report.html").string();
}

bool writeAllReports(const JudgedRun& judged, const ReportPaths& paths, std::string* error) {
  if (!createDir(paths, error)) return false;
  ReportSetWrite set;
  return writeJunitReport(judged, junitPath(paths), error) &&
         writeJsonReport(judged, paths.dir + "/report.json", error) &&
         writeHtmlReport(judged, reportHtmlPath(paths.dir), error) &&
         writeMarkdownSummary(judged, paths.dir + "/summary.md", error) && set.commit(error);
}

bool writeUnreachableReports(const UnreachableReport& report, const ReportPaths& paths,
                             std::string* error) {
  if (!createDir(paths, error)) return false;
  ReportSetWrite set;
  return writeUnreachableJunit(report, junitPath(paths), error) &&
         writeUnreachableJsonReport(report, paths.dir + "/report.json", error) &&
         writeUnreachableHtml(report, reportHtmlPath(paths.dir), error) &&
         writeUnreachableMarkdown(report, paths.dir + "/summary.md", error) && set.commit(error);
}

}  // namespace wc
