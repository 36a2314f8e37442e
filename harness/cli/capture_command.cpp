#include "cli/capture_command.h"

#include <signal.h>

#include <algorithm>
#include <iostream>

#include "cli/capture_inspection.h"
#include "cli/exit_codes.h"
#include "util/stop_signals.h"
#include "util/ids.h"

namespace wc {
namespace {

// CaptureServer::all() groups by route; the view lists requests as they came.
std::vector<CapturedRequest> inArrivalOrder(std::vector<CapturedRequest> requests) {
  std::stable_sort(requests.begin(), requests.end(), [](const auto& a, const auto& b) {
    return a.arrivedSteady < b.arrivedSteady;
  });
  return requests;
}

}  // namespace

LiveCapture::LiveCapture(CaptureCommandOptions options, std::ostream& out)
    : options_(std::move(options)), out_(out) {
  CaptureOptions co;
  co.bindAddress = options_.bind;
  co.port = options_.port;
  server_ = std::make_unique<CaptureServer>(co);
  auto page = [this] {
    RouteResponse r;
    r.body = renderCapturePage(inArrivalOrder(server_->all()), options_.expectToken, baseUrl());
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  };
  server_->servePage("/", page);
  server_->servePage("/view", page);
  server_->servePage("/favicon.ico", [] { return RouteResponse{204, {}, {}, {}}; });
  server_->servePage("/webhooks.json", [this] {
    auto list = nlohmann::json::array();
    for (const auto& r : inArrivalOrder(server_->all())) {
      auto inspection = inspectWebhook(r, options_.expectToken);
      nlohmann::json checks = nlohmann::json::object();
      for (const auto& c : inspection.checks) checks[c.name] = {{"ok", c.ok}, {"detail", c.detail}};
      list.push_back({{"method", r.method},
                      {"target", r.target},
                      {"arrived_at", isoTimestamp(r.arrivedAt)},
                      {"body", r.body},
                      {"checks", checks}});
    }
    RouteResponse r;
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
  });
  server_->setOnRecorded([this](const CapturedRequest& request) {
    auto line = describeWebhook(request, inspectWebhook(request, options_.expectToken));
    std::lock_guard<std::mutex> lock(outMutex_);
    out_ << line << std::endl;
  });
}

std::string LiveCapture::baseUrl() const {
  auto host = options_.bind == "0.0.0.0" || options_.bind.empty() ? "127.0.0.1" : options_.bind;
  return "http://" + host + ":" + std::to_string(server_->port());
}

bool LiveCapture::start(std::string* error) {
  if (!server_->start(error)) return false;
  std::lock_guard<std::mutex> lock(outMutex_);
  out_ << "capture: listening on " << baseUrl() << " (bound to " << options_.bind
       << "); send webhooks to any path, e.g. " << baseUrl() << "/hook"
       << (options_.expectToken.empty() ? "" : "?token=" + options_.expectToken)
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
    std::cerr << "webhook-conformance: " << error << " (check --bind/--port)\n";
    return kExitUsage;
  }
  int sig = awaitStopSignal(signals);
  capture.stop();
  std::cout << "capture: stopping (signal " << sig << "); " << capture.received()
            << " webhook(s) received" << std::endl;
  return kExitConformant;
}

}  // namespace wc
