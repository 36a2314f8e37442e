#include "cli/capture_command.h"

#include <CLI/CLI.hpp>
#include <signal.h>
#include <unistd.h>

#include <iostream>
#include <thread>

#include "cli/usage_error.h"
#include "live/relay_protocol.h"
#include "report/text_safety.h"
#include "util/stop_signals.h"

namespace wc {

CLI::App* addCaptureCommand(CLI::App& app, LiveCaptureOptions* o) {
  auto* cmd = app.add_subcommand(
      "capture", "A local webhook receiver: prints each webhook with its verdicts (schema, token, "
                 "Content-Type) and serves a live view at /, until SIGINT/SIGTERM");
  cmd->add_option("--port", o->port, "Port (0: any free port)")->capture_default_str();
  cmd->add_option("--bind", o->bind, "Bind address (0.0.0.0 to accept from other machines)")
      ->capture_default_str();
  cmd->add_option("--expect-token", o->expectToken,
                  "Check that each webhook's query carries token=T");
  cmd->add_option("--max-body-bytes", o->maxBodyBytes,
                  "Keep at most N bytes of each body; longer ones are kept cut and marked "
                  "truncated (the checks still judge the whole body)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-webhooks", o->maxWebhooks,
                  "Keep at most N webhooks in memory; the oldest are dropped and counted")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-kept-mib", o->maxKeptMiB,
                  "Keep webhooks (with their JSON and page renderings) in at most N MiB of memory; "
                  "the oldest are dropped and counted beyond")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 20));
  cmd->add_option("--max-shown", o->maxShown, "Render at most N webhooks on the live page")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--relay", o->relay,
                "Serve as a relay for runs that cannot be reached (run --relay URL): they pull "
                "their webhooks from GET /relay/pull; every page needs the shared secret");
  cmd->add_option("--relay-token-file", o->relayTokenFile,
                  std::string("The relay's shared secret, one line (default: $") +
                      kRelayTokenVariable + ")");
  return cmd;
}

int captureCommand(const LiveCaptureOptions& options) {
  if (options.port < 0 || options.port > 65535) {
    std::cerr << "webhook-conformance: --port must be between 0 and 65535\n";
    return kExitUsage;
  }
  LiveCaptureOptions settings = options;
  if (settings.relay) {
    std::string why;
    auto token = readRelayToken(settings.relayTokenFile, &why);
    if (!token) {
      std::cerr << "webhook-conformance: capture --relay: " << inertLine(why, kShownSettingBytes)
                << "\n";
      return kExitUsage;
    }
    settings.relayToken = *token;
  } else if (!settings.relayTokenFile.empty()) {
    std::cerr << "webhook-conformance: --relay-token-file goes with --relay\n";
    return kExitUsage;
  }
  // Block the stop signals before any thread starts, then wait for one on this thread.
  const sigset_t signals = blockStopSignals();
  LiveCapture capture(settings, std::cout);
  std::string error;
  if (!capture.start(&error)) {
    std::cerr << "webhook-conformance: " << inertLine(error, kShownSettingBytes)
              << " (check --bind/--port)\n";
    return kExitUsage;
  }
  int sig = awaitStopSignal(signals);
  // The stop is bounded (connections are shut down), but a second signal means "now": a thread
  // waits for it during the stop and ends the process at once, 128 + signal like a shell.
  std::thread([signals] {
    int second = awaitStopSignal(signals);
    ::_exit(128 + second);
  }).detach();
  capture.stop();
  std::cout << "capture: stopping (signal " << sig << "); " << capture.received()
            << " webhook(s) received";
  if (capture.dropped() > 0)
    std::cout << ", the oldest " << capture.dropped() << " dropped from memory (--max-webhooks)";
  std::cout << std::endl;
  return kExitConformant;
}

}  // namespace wc
