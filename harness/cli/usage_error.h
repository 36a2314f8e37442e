#pragma once
// How the command line reports an error it cannot run past: one line on stderr and the exit code.
#include <string>

#include "session/exit_codes.h"

namespace wc {

// Prints "webhook-conformance: <message>" on stderr, the one line a usage or configuration error
// gets, and returns kExitUsage.
int usageError(const std::string& message);

// Memory can run out where no handler can catch it (nlohmann frees a large tree with an
// allocation inside its noexcept destructor). main's last resort then exits with the code set
// here, printing `line`, instead of its own "internal error" exit 3: a command whose input
// decides its memory (merge) sets its own. The line is made now, not when memory is gone.
void setOutOfMemoryExit(int code, const std::string& line);
// The code set, or -1 when none is; and its line (ending in a newline).
int outOfMemoryExitCode();
const std::string& outOfMemoryLine();
}  // namespace wc
