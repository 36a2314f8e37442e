#include "session/callback_probe.h"

#include <algorithm>

#include "capture/capture_server.h"
#include "client/http_exchange.h"

namespace wc {
namespace {

using Clock = std::chrono::steady_clock;

// After the POST ended without the capture server answering, how long the probe may still be on
// its way (a tunnel that queues, a proxy that answers before forwarding).
constexpr std::chrono::milliseconds kStragglerWait{2000};

std::string base(const std::string& url) {
  auto hook = url.find("/hook/");
  return hook == std::string::npos ? url : url.substr(0, hook);
}

std::string whatTheProbeGot(const HttpExchangeResult& r) {
  switch (r.outcome) {
    case HttpExchangeResult::Outcome::Complete:
      return "was answered " + std::to_string(r.status);
    case HttpExchangeResult::Outcome::DeadlineExceeded: return "got no answer in time";
    case HttpExchangeResult::Outcome::Cancelled: return "was stopped with the run";
    default: return "failed (" + r.reason.substr(0, 300) + ")";
  }
}

}  // namespace

std::string probeCallback(CaptureServer& capture, std::shared_ptr<const Cancellation> cancellation,
                          std::chrono::milliseconds budget) {
  const auto deadline = Clock::now() + budget;
  const auto route = capture.newRoute("callback-probe");
  const auto url = capture.urlFor(route, kCallbackProbeQuery);
  const auto target = capture.targetFor(route, kCallbackProbeQuery);
  const std::string body = R"({"probe":"webhook-conformance checks its callback URL"})";
  HttpExchangeRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", "application/json"}};
  request.body = &body;
  request.deadline = deadline - kStragglerWait;
  request.verifyPeer = false;
  request.cancellation = std::move(cancellation);
  const auto started = Clock::now();
  const auto sent = performHttpExchange(request);
  // Arrived by now when the capture server answered; else it may still be on its way.
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  const auto wait = std::clamp(left, std::chrono::milliseconds(0), kStragglerWait);
  CapturedRequest arrived;
  const bool came = capture.awaitWebhook(route, wait, &arrived);
  const auto waited =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  capture.forget(route);
  const std::string callback = "the callback URL " + base(url);
  if (!came)
    return callback + " does not reach this run's capture server: a probe POST to " + url + " " +
           whatTheProbeGot(sent) + " and nothing arrived (" + std::to_string(waited / 1000) + "." +
           std::to_string(waited % 1000 / 100) + " s). A deployment could not deliver its webhooks either: fix --callback-url (or the "
           "tunnel behind it) before gating";
  if (arrived.target != target)
    return callback + " alters what passes through it: the probe was sent to " + target +
           " and arrived as " + arrived.target.substr(0, 600) +
           ". The token cases would fail the deployment for it: use a tunnel or proxy that "
           "forwards the request target unchanged";
  return "";
}

}  // namespace wc
