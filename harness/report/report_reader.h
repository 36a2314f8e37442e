#pragma once
// One run's report.json read back: its cases with their evidence, the target
// and the run-level facts the gate needs. The file is untrusted (another version, hand-edited,
// truncated): every field is shape-checked, every count bounded, and a problem is one line naming
// the file and the field, never an exception.
#include <string>
#include <string_view>

#include "report/run_report.h"

namespace wc {

// Limits on one report.json. A full run of today's catalogue (92 cases on the embedded reference)
// writes ~470 KB holding ~8,000 JSON values; the bounds leave room for 60 such runs merged into
// one, and for large captured bodies. Memory follows the values more than the bytes (a tree costs
// up to ~100 bytes a value), hence a bound on each.
constexpr size_t kMaxReportJsonBytes = 32ull * 1024 * 1024;
constexpr size_t kMaxReportValues = 1000000;
constexpr size_t kMaxReportCases = 10000;
constexpr size_t kMaxReportDepth = 192;  // captured bodies are stored parsed, up to 128 deep
constexpr size_t kMaxRequestsPerCase = 1000;
constexpr size_t kMaxLinesPerList = 10000;  // failures, observations, diagnoses, ...
constexpr size_t kMaxQuotedValueBytes = 80;  // of a bad value quoted in an error

struct ReadReport {
  std::string path;  // the file it came from, for messages and origins
  // Results, profile, strict, times, configuration, expected failures, interruption, instances
  // and diagnoses as the run wrote them; toolVersion is the version that wrote the file.
  RunReport run;
  std::string gate;  // summary.gate as recorded ("pass"/"fail"; shown, never trusted)
  // Set when the run ended before any case (exit 3 or a signal): its exit code and message.
  int errorExitCode = 0;
  std::string errorMessage;
  size_t values = 0;  // JSON values the file held (merge bounds their total)
};

// Parses `text` (named `name` in errors). false with "<name>: <field>: <problem>" otherwise; a
// value from the file is quoted as one inert line of at most kMaxQuotedValueBytes.
bool parseReportJson(std::string_view text, const std::string& name, ReadReport* out,
                     std::string* error);

// Reads the file (a regular file of at most kMaxReportJsonBytes: a FIFO is refused, never waited
// on) and parses it.
bool readReportJson(const std::string& path, ReadReport* out, std::string* error);

}  // namespace wc
