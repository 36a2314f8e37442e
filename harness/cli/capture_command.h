#pragma once
// `webhook-conformance capture`: a local webhook.site for LangGraph. Prints each webhook as it
// arrives with its verdicts, keeps the newest ones, serves a live view at GET / and exits cleanly
// on SIGINT/SIGTERM.
#include "live/live_capture.h"

namespace CLI {
class App;
}

namespace wc {

// The `capture` subcommand and its options, added to the CLI (cli.cpp calls this).
CLI::App* addCaptureCommand(CLI::App& app, LiveCaptureOptions* options);

// Returns the exit code: 0 after a signal (clean stop), 2 when the address cannot be bound. A
// second SIGINT/SIGTERM during the stop exits at once with 128 + the signal (130 or 143).
int captureCommand(const LiveCaptureOptions& options);

}  // namespace wc
