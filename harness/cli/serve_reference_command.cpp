#include "cli/serve_reference_command.h"

#include <CLI/CLI.hpp>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <iostream>
#include <thread>
#include <tuple>

#include "cli/usage_error.h"
#include "reference/faults/faults.h"
#include "reference/reference_target.h"
#include "util/bounded_json.h"
#include "util/stop_signals.h"

namespace wc {
namespace {

constexpr int kMaxTimeoutMs = 600000;  // 10 minutes per attempt
constexpr int kMaxBackoffMs = 60000;   // the third attempt waits 4x this
// After the first signal, stop() is given this long; then the process exits anyway (stop is
// bounded by design, this only guards the 2 s promise against an unforeseen hold).
constexpr auto kStopDeadline = std::chrono::milliseconds(1800);

// After the first stop signal, on its own thread: a second signal exits at once with 128 + it;
// a stop that outlives kStopDeadline exits with 0 (the signal asked for an exit).
void watchSecondSignal(sigset_t signals) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(kStopDeadline);
  timespec timeout{static_cast<time_t>(seconds.count()),
                   static_cast<long>((kStopDeadline - seconds).count() * 1000000L)};
  for (;;) {
    int sig = sigtimedwait(&signals, nullptr, &timeout);
    if (sig > 0) ::_exit(128 + sig);
    if (errno == EINTR) continue;  // an unrelated signal: keep the deadline roughly
    static const char message[] = "reference: stop took longer than 1.8 s; exiting\n";
    (void)!::write(STDERR_FILENO, message, sizeof message - 1);
    ::_exit(kExitConformant);
  }
}

}  // namespace

CLI::App* addServeReferenceCommand(CLI::App& app, ServeReferenceOptions* o) {
  auto* cmd = app.add_subcommand(
      "serve-reference", "Serve the reference target standalone until SIGINT/SIGTERM "
                         "(docs/REFERENCE.md)");
  cmd->add_option("--host", o->host, "Bind address")->capture_default_str();
  cmd->add_option("--port", o->port, "Port, 0..65535 (0: any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--config", o->config, "langgraph.json to configure it with (at most 1 MiB)");
  cmd->add_option("--fault", o->fault, "Break one promise (see `faults`)");
  cmd->add_option("--emulate-version", o->emulateVersion,
                  "langgraph-api version to emulate, e.g. 0.7.45 (error as a string below "
                  "0.7.46; loopback refused by default from 0.10.0)");
  cmd->add_option("--webhook-connect-timeout-ms", o->connectTimeoutMs,
                  "Per-attempt connect timeout, 1..600000 (default 5000)")
      ->check(CLI::Range(1, kMaxTimeoutMs));
  cmd->add_option("--webhook-read-timeout-ms", o->readTimeoutMs,
                  "Per-attempt read timeout, 1..600000 (default 30000)")
      ->check(CLI::Range(1, kMaxTimeoutMs));
  cmd->add_option("--webhook-backoff-ms", o->backoffMs,
                  "Retry backoff base, 0..60000: attempt n waits base*2^(n-1) plus jitter "
                  "(default 1000)")
      ->check(CLI::Range(0, kMaxBackoffMs));
  cmd->add_option("--webhook-ca-file", o->webhookCaFile,
                  "PEM file of the CA that https webhook receivers are verified against "
                  "(default: the system's CAs)")
      ->check(CLI::ExistingFile);
  return cmd;
}

bool readLangGraphConfig(const std::string& path, nlohmann::json* config, std::string* error) {
  std::string why;
  auto parsed = readJsonObjectFile(path, kConfigFileLimits, &why);
  if (!parsed) {
    *error = "--config: " + why;
    return false;
  }
  *config = std::move(*parsed);
  return true;
}

int serveReference(const ServeReferenceOptions& o) {
  reference::ReferenceOptions options;
  if (!o.config.empty()) {
    std::string error;
    if (!readLangGraphConfig(o.config, &options.langgraphConfig, &error)) return usageError(error);
  }
  if (!o.fault.empty() && !reference::isKnownFault(o.fault))
    return usageError("--fault: unknown fault mode '" + o.fault +
                      "'; valid: " + reference::faultNameList());
  options.fault = o.fault;
  std::string why;
  if (!o.emulateVersion.empty() && !reference::emulateVersion(&options, o.emulateVersion, &why))
    return usageError(why);
  // The ranges were checked by CLI11; -1 keeps the platform's default.
  for (auto [ms, field] : {std::make_tuple(o.connectTimeoutMs, &options.timing.connectTimeout),
                           std::make_tuple(o.readTimeoutMs, &options.timing.readTimeout),
                           std::make_tuple(o.backoffMs, &options.timing.backoffBase)})
    if (ms != -1) *field = std::chrono::milliseconds(ms);
  options.webhookCaFile = o.webhookCaFile;

  // Block the stop signals before any thread starts, then wait for one on this thread.
  const sigset_t signals = blockStopSignals();
  reference::ReferenceTarget target(options);
  std::string error;
  if (!target.start(o.host, o.port, &error)) return usageError(error);
  std::cout << "reference target listening on " << target.baseUrl()
            << (o.fault.empty() ? "" : " (fault: " + o.fault + ")") << std::endl;
  int sig = awaitStopSignal(signals);
  std::cout << "stopping (signal " << sig << ")" << std::endl;
  std::thread(watchSecondSignal, signals).detach();
  target.stop();
  return kExitConformant;
}

}  // namespace wc
