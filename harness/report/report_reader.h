#pragma once
// One run's report.json read back: its cases with their evidence, the target
// and the run-level facts the gate needs. The file is untrusted (another version, hand-edited,
// truncated): every field is shape-checked, every count bounded, and a problem is one line naming
// the file and the field, never an exception.
#include <string>
#include <string_view>

#include "report/run_report.h"

namespace wc {

// Limits on one report.json (a full run of today's catalogue is ~100 cases and a few MiB).
constexpr size_t kMaxReportJsonBytes = 64ull * 1024 * 1024;
constexpr size_t kMaxReportCases = 10000;
constexpr size_t kMaxReportDepth = 192;  // captured bodies are stored parsed, up to 128 deep
constexpr size_t kMaxRequestsPerCase = 1000;
constexpr size_t kMaxLinesPerList = 10000;  // failures, observations, diagnoses, ...

struct ReadReport {
  std::string path;  // the file it came from, for messages and origins
  // Results, profile, strict, times, configuration, expected failures, interruption, instances
  // and diagnoses as the run wrote them; toolVersion is the version that wrote the file.
  RunReport run;
  std::string gate;  // summary.gate as recorded ("pass"/"fail"; shown, never trusted)
  // Set when the run ended before any case (exit 3 or a signal): its exit code and message.
  int errorExitCode = 0;
  std::string errorMessage;
};

// Parses `text` (named `name` in errors). false with "<name>: <field>: <problem>" otherwise.
bool parseReportJson(std::string_view text, const std::string& name, ReadReport* out,
                     std::string* error);

// Reads the file (at most kMaxReportJsonBytes) and parses it.
bool readReportJson(const std::string& path, ReadReport* out, std::string* error);

}  // namespace wc
