#pragma once
// The lines `load` and `merge` end with: each check that failed (naming its runs), the counts,
// the latency percentiles and the throughput; and the exit code the accounting gives.
#include <ostream>
#include <string>

#include "load/load_reports.h"

namespace wc::load {

// Prints the verdict (redacted, control characters escaped) and returns 0 (every check passes
// and the test ran to its end) or 1.
int printLoadVerdict(const LoadReport& report, const std::string& reportDir, std::ostream& out);

}  // namespace wc::load
