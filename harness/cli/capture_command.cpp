#include "cli/capture_command.h"

#include <CLI/CLI.hpp>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <thread>

#include "cli/exit_codes.h"
#include "report/text_safety.h"
#include "util/stop_signals.h"

namespace wc {
namespace {

constexpr size_t kHttpBodyLimit = 8 * 1024 * 1024;  // answered 413 beyond (CaptureOptions)

bool isIpv6(const std::string& address) { return address.find(':') != std::string::npos; }

}  // namespace

CLI::App* addCaptureCommand(CLI::App& app, CaptureCommandOptions* o) {
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
  cmd->add_option("--max-shown", o->maxShown, "Render at most N webhooks on the live page")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  return cmd;
}

LiveCapture::LiveCapture(CaptureCommandOptions options, std::ostream& out)
    : options_(std::move(options)), out_(out) {
  CaptureOptions co;
  co.bindAddress = options_.bind;
  co.port = options_.port;
  co.maxBodyBytes = std::max(kHttpBodyLimit, options_.maxBodyBytes);
  co.maxStoredBodyBytes = options_.maxBodyBytes;
  co.keepRequests = false;  // keep() below stores a bounded number, with their verdicts
  server_ = std::make_unique<CaptureServer>(co);
  auto page = [this] {
    CapturePageSummary summary{options_.expectToken, baseUrl(), dropped(), options_.maxShown};
    RouteResponse r;
    r.body = renderCapturePage(webhooks(), summary);
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  };
  server_->servePage("/", page);
  server_->servePage("/view", page);
  server_->servePage("/favicon.ico", [] { return RouteResponse{204, {}, {}, {}}; });
  server_->servePage("/webhooks.json", [this] {
    RouteResponse r;
    r.headers.emplace_back("Content-Type", "application/json");
    r.headers.emplace_back("Cache-Control", "no-store");
    r.headers.emplace_back("X-Capture-Dropped", std::to_string(dropped()));
    r.body = renderWebhooksJson(webhooks());
    return r;
  });
  server_->setOnRecorded([this](const CapturedRequest& request) { keep(request); });
}

void LiveCapture::keep(const CapturedRequest& request) {
  auto webhook = std::make_shared<InspectedWebhook>();
  webhook->inspection = inspectWebhook(request, options_.expectToken);  // on the whole body
  webhook->request = request;
  webhook->request.capStoredBody(options_.maxBodyBytes);
  auto line = describeWebhook(webhook->request, webhook->inspection);
  {
    std::lock_guard<std::mutex> lock(storeMutex_);
    // Handler threads run concurrently: keep arrival order.
    auto at = std::upper_bound(kept_.begin(), kept_.end(), webhook->request.arrivedSteady,
                               [](const auto& t, const auto& w) { return t < w->request.arrivedSteady; });
    kept_.insert(at, std::move(webhook));
    while (kept_.size() > std::max<size_t>(1, options_.maxWebhooks)) {
      kept_.pop_front();
      ++dropped_;
    }
  }
  std::lock_guard<std::mutex> lock(outMutex_);
  out_ << line << std::endl;
}

size_t LiveCapture::dropped() const {
  std::lock_guard<std::mutex> lock(storeMutex_);
  return dropped_;
}

InspectedWebhooks LiveCapture::webhooks() const {
  std::lock_guard<std::mutex> lock(storeMutex_);
  return InspectedWebhooks(kept_.begin(), kept_.end());
}

std::string LiveCapture::baseUrl() const {
  std::string host = options_.bind;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::") host = "::1";
  return "http://" + (isIpv6(host) ? "[" + host + "]" : host) + ":" +
         std::to_string(server_->port());
}

bool LiveCapture::start(std::string* error) {
  if (!server_->start(error)) return false;
  std::lock_guard<std::mutex> lock(outMutex_);
  out_ << "capture: listening on " << baseUrl() << " (bound to " << terminalSafe(options_.bind)
       << "); send webhooks to any path, e.g. " << baseUrl() << "/hook"
       << (options_.expectToken.empty() ? "" : "?token=" + terminalSafe(options_.expectToken))
       << "; live view at " << baseUrl() << "/" << std::endl;
  return true;
}

void LiveCapture::stop() { server_->stop(); }

int captureCommand(const CaptureCommandOptions& options) {
  if (options.port < 0 || options.port > 65535) {
    std::cerr << "webhook-conformance: --port must be between 0 and 65535\n";
    return kExitUsage;
  }
  // Block the stop signals before any thread starts, then wait for one on this thread.
  const sigset_t signals = blockStopSignals();
  LiveCapture capture(options, std::cout);
  std::string error;
  if (!capture.start(&error)) {
    std::cerr << "webhook-conformance: " << terminalSafe(error) << " (check --bind/--port)\n";
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
