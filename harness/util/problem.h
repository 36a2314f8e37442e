#pragma once

#include <optional>
#include <string>

namespace wc {

// What kind of thing went wrong: the exit code follows from the kind (session/exit_codes.h),
// never from a message's wording.
enum class ProblemKind {
  Usage,        // the user's flags, files or project must change
  Unreachable,  // the target (or what was started for it) did not answer as a LangGraph API
};

// One failure, as a value: its kind and one line for a person, secrets already left out.
struct Problem {
  ProblemKind kind;
  std::string message;
};

// The result of a step that produces nothing but can fail: std::nullopt when it went well.
using MaybeProblem = std::optional<Problem>;

}  // namespace wc
