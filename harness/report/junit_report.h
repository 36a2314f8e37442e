#pragma once
#include <string>

#include "report/run_report.h"

namespace wc {

// JUnit XML: one <testsuite> per area, one <testcase> per case; failures carry the evidence,
// skips their reason; properties carry id, level and source. Returns false with a message.
bool writeJunitReport(const RunReport& report, const std::string& path, std::string* error);

}  // namespace wc
