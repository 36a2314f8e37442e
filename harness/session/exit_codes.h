#pragma once
// The documented exit codes of `webhook-conformance` (README, "Exit codes"). The session and load
// mode say how a run ended with one of these; the CLI returns it.
#include "util/problem.h"

namespace wc {
enum ExitCode : int {
  kExitConformant = 0,   // no MUST failure, no unexpected result
  kExitFailures = 1,     // a case failed (or errored, or warned under --strict)
  kExitUsage = 2,        // usage or configuration error
  kExitUnreachable = 3,  // the target is unreachable or not a LangGraph API
  kExitNothingJudged = 4,  // every selected case skipped: the run judged nothing
};

inline ExitCode exitCodeFor(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::Usage: return kExitUsage;
    case ProblemKind::Unreachable: return kExitUnreachable;
  }
  return kExitUsage;
}
}  // namespace wc
