#pragma once
#include "session/session_options.h"

namespace wc {

// `webhook-conformance run`: returns the process exit code (session/exit_codes.h).
int runCommand(const SessionOptions& options);

}  // namespace wc
