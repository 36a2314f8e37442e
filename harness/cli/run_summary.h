#pragma once
// What `run` prints when its cases are judged: the run-level diagnoses, the warnings and the cases
// that break the gate, each cause once (cause_groups.h), the verdict counts, then how to rerun the
// failures and where report.html is. Returns whether the gate is broken.
#include <ostream>
#include <string>

#include "report/run_report.h"

namespace wc {

struct SummaryOptions {
  std::string reportDir;
  bool color = false;  // console_style.h: decided from --color, NO_COLOR and the stream
};

bool printRunSummary(const JudgedRun& judged, const SummaryOptions& options, std::ostream& out);

// `text` as one shell word: unchanged when it holds only characters no shell treats specially,
// else single-quoted.
std::string shellWord(const std::string& text);

}  // namespace wc
