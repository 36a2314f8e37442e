#pragma once
// Cases that ended alike, read as one cause: a target that never delivers fails 55 cases with
// "no webhook within 5000 ms for run <uuid>", one thing to fix, not 55 lines to read. The console
// summary and the GitHub annotations show each group once, with its count and its case ids.
#include <string>
#include <vector>

#include "report/run_report.h"

namespace wc {

// The message with what differs from case to case replaced: URLs and absolute paths by <url>,
// UUIDs by <uuid>, identifiers (a route, a hex id: letters, digits, '-' and '_' with a digit and
// a letter, 10 bytes or more) by <id>, quoted values ('x', "x", `x`) by '…', other digit runs by
// <n>. Linear in the message's length (messages from a target may be large).
std::string messageShape(const std::string& message);

enum class Attention { BreaksGate, WarnsOnly };

struct CauseGroup {
  Outcome outcome = Outcome::Fail;
  std::string shape;          // messageShape of the redacted message: no secret, raw bytes
  std::vector<size_t> cases;  // indexes into report.results, in catalogue order
};

// The cases that break the gate, or those that warn without breaking it, grouped by outcome and
// message shape; the largest group first, ties in catalogue order.
std::vector<CauseGroup> groupByCause(const JudgedRun& judged, Attention which);

// "MUST" when every case of the group has that level, else "".
std::string commonLevel(const JudgedRun& judged, const CauseGroup& group);

}  // namespace wc
