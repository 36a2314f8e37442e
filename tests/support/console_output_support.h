#pragma once
// Runs made by hand for the tests of what `run` prints (cli_ci_output_test.cpp,
// cli_console_output_test.cpp): cases with a verdict and a message, and the printed lines.
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "report/run_report.h"

namespace wc {
namespace testing_support {

inline void addCase(RunReport& report, const std::string& id, Level level, Verdict verdict,
                    const std::string& message) {
  CaseResult r;
  r.info.id = id;
  r.info.level = level;
  r.verdict = verdict;
  r.message = message;
  report.results.push_back(r);
}

// A different run id per case, as a target that never delivers produces them.
inline std::string runUuid(size_t n) {
  char text[40];
  std::snprintf(text, sizeof text, "1f0c2d3e-4b5a-4c6d-8e7f-%012zx", n * 7919);
  return text;
}

// The run of the bug report: no webhook reached the capture server, 55 cases failed waiting.
inline RunReport silentTargetRun() {
  RunReport report;
  report.diagnoses.push_back(
      "no webhook reached the capture server during the whole run (callback URL "
      "http://127.0.0.1:4567/): the deployment cannot reach it, or does not send webhooks");
  for (size_t i = 0; i < 55; ++i)
    addCase(report, "delivery.case-" + std::to_string(i), Level::Must, Verdict::Fail,
            "no webhook within 5000 ms for run " + runUuid(i));
  return report;
}

// Lines split on \n and \r (a terminal starts a line at either).
inline std::vector<std::string> linesOf(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      lines.push_back(line);
      line.clear();
    } else {
      line += c;
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

inline size_t countStartingWith(const std::vector<std::string>& lines, const std::string& start) {
  size_t n = 0;
  for (const auto& l : lines) n += l.rfind(start, 0) == 0;
  return n;
}

// A line a CI runner would read as a workflow command: "::" after leading whitespace.
inline bool looksLikeACommand(const std::string& line) {
  auto first = line.find_first_not_of(" \t");
  return first != std::string::npos && line.compare(first, 2, "::") == 0;
}

}  // namespace testing_support
}  // namespace wc
