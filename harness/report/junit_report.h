#pragma once
#include <string>

#include "report/run_report.h"

namespace wc {

// JUnit XML: one <testsuite> per area, one <testcase> per case; failures carry the evidence,
// skips their reason; properties carry id, level and source. Returns false with a message.
bool writeJunitReport(const JudgedRun& judged, const std::string& path, std::string* error);

// After exit 3: one <testsuite name="preflight"> with one testcase
// "preflight.target-reachable" holding an <error> that names the reason.
bool writeUnreachableJunit(const UnreachableReport& report, const std::string& path,
                           std::string* error);

}  // namespace wc
