#pragma once
// What `run` prints when its cases are judged: the run-level diagnoses, the cases that break the
// gate, the verdict counts and where the reports are. Returns whether the gate is broken.
#include <ostream>
#include <string>

#include "report/run_report.h"

namespace wc {

struct SummaryOptions {
  std::string reportDir;
};

bool printRunSummary(const JudgedRun& judged, const SummaryOptions& options, std::ostream& out);

}  // namespace wc
