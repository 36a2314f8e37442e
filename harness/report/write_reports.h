#pragma once
// All four reports into one directory: junit.xml, report.json, report.html, summary.md.
#include <string>

#include "report/run_report.h"

namespace wc {

struct ReportPaths {
  std::string dir;
  std::string junit;  // "" -> <dir>/junit.xml
};

// Creates the directory; false with a message naming the file that could not be written.
bool writeAllReports(const RunReport& report, const ReportPaths& paths, std::string* error);

}  // namespace wc
