#include "session/relay_puller.h"

#include <algorithm>
#include <vector>

#include "capture/capture_server.h"
#include "live/relay_protocol.h"
#include "client/http_exchange.h"
#include "util/cancellation.h"

namespace wc {
namespace {

using PullerClock = std::chrono::steady_clock;

// What one answer may hold as text: the bodies in base64 (4/3) plus headers and framing.
constexpr size_t kPullAnswerMaxBytes = 2 * kRelayMaxBodyBytesPerAnswer;
// Beyond the relay's wait: the time the answer may take to arrive.
constexpr std::chrono::milliseconds kPullSlack{10000};
// After a failed pull, before the next: a relay that is down is not hammered.
constexpr std::chrono::milliseconds kPullRetryPause{500};

std::string pullBase(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string pullOutcome(const HttpExchangeResult& r) {
  switch (r.outcome) {
    case HttpExchangeResult::Outcome::Complete: return "answered " + std::to_string(r.status);
    case HttpExchangeResult::Outcome::DeadlineExceeded: return "no answer in time";
    case HttpExchangeResult::Outcome::Cancelled: return "stopped";
    default: return r.reason.substr(0, 300);
  }
}

}  // namespace

RelayPuller::RelayPuller(RelayPullerOptions options, CaptureServer& capture,
                         std::shared_ptr<Cancellation> runCancellation)
    : options_(std::move(options)),
      capture_(capture),
      runCancellation_(std::move(runCancellation)),
      stop_(std::make_shared<Cancellation>()) {
  if (runCancellation_) {
    std::weak_ptr<Cancellation> weak = stop_;
    runCancellation_->onCancel([weak] {
      if (auto stop = weak.lock()) stop->cancel("the run was stopped");
    });
  }
}

RelayPuller::~RelayPuller() { stop(); }

void RelayPuller::start() { thread_ = std::thread([this] { pullUntilStopped(); }); }

void RelayPuller::stop() {
  stop_->cancel("the run ended");
  wakeTargetCalls();  // the long poll in flight looks at stop_ again
  if (thread_.joinable()) thread_.join();
}

std::string RelayPuller::lastProblem() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lastProblem_;
}

size_t RelayPuller::pulled() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pulled_;
}

size_t RelayPuller::droppedByRelay() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return dropped_;
}

std::string RelayPuller::programRoute(const std::string& route, const RouteResponse& response) {
  constexpr std::chrono::seconds kProgramBudget{10};
  const auto body = routeResponseJson(route, response);
  HttpExchangeRequest request;
  request.method = "POST";
  request.url = pullBase(options_.relayUrl) + kRelayRouteResponsePath;
  request.headers = {{"Authorization", "Bearer " + options_.token},
                     {"Content-Type", "application/json"}};
  request.body = &body;
  request.deadline = PullerClock::now() + kProgramBudget;
  request.caFile = options_.caFile;
  request.cancellation = stop_;
  std::string answer;
  request.onBody = [&answer](std::string_view chunk) -> std::string {
    if (answer.size() < 300) answer.append(chunk.substr(0, 300 - answer.size()));
    return "";
  };
  const auto result = performHttpExchange(request);
  std::string problem;
  if (result.outcome != HttpExchangeResult::Outcome::Complete)
    problem = "POST " + request.url + ": " + pullOutcome(result);
  else if (result.status != 204)
    problem = "POST " + request.url + " answered " + std::to_string(result.status) + ": " + answer;
  if (!problem.empty()) {
    std::lock_guard<std::mutex> lock(mutex_);
    lastProblem_ = "the relay was not told the answer programmed for route " + route + ": " + problem;
    return lastProblem_;
  }
  return "";
}

void RelayPuller::pullUntilStopped() {
  while (!stop_->cancelled()) {
    if (!pullOnce()) stop_->waitUntil(PullerClock::now() + kPullRetryPause);
  }
}

bool RelayPuller::pullOnce() {
  auto fail = [this](const std::string& why) {
    std::lock_guard<std::mutex> lock(mutex_);
    lastProblem_ = why;
    return false;
  };
  HttpExchangeRequest request;
  request.method = "GET";
  request.url = pullBase(options_.relayUrl) + kRelayPullPath + "?route_prefix=" +
                capture_.routePrefix() + "&after=" + std::to_string(after_) +
                "&wait_ms=" + std::to_string(options_.wait.count());
  request.headers = {{"Authorization", "Bearer " + options_.token}};
  request.deadline = PullerClock::now() + options_.wait + kPullSlack;
  request.readTimeout = options_.wait + kPullSlack;
  request.caFile = options_.caFile;
  request.cancellation = stop_;
  std::string answer;
  request.onBody = [&answer](std::string_view chunk) -> std::string {
    if (answer.size() + chunk.size() > kPullAnswerMaxBytes)
      return "the relay's answer is over " + std::to_string(kPullAnswerMaxBytes) + " bytes";
    answer.append(chunk);
    return "";
  };
  const auto result = performHttpExchange(request);
  if (stop_->cancelled()) return true;
  const std::string pull = "GET " + pullBase(options_.relayUrl) + kRelayPullPath;
  if (result.outcome != HttpExchangeResult::Outcome::Complete)
    return fail(pull + ": " + pullOutcome(result));
  if (result.status == 401)
    return fail(pull + " answered 401: the relay does not accept this run's token "
                       "(WEBHOOK_CONFORMANCE_RELAY_TOKEN or --relay-token-file must match the relay's)");
  if (result.status != 200)
    return fail(pull + " answered " + std::to_string(result.status) + ": " +
                answer.substr(0, 200));
  std::vector<CapturedRequest> requests;
  uint64_t next = after_;
  size_t dropped = 0;
  std::string why;
  if (!parseRelayAnswer(answer, PullerClock::now(), &requests, &next, &dropped, &why))
    return fail(pull + ": " + why);
  after_ = next;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    lastProblem_.clear();
    pulled_ += requests.size();
    dropped_ += dropped;
  }
  for (auto& r : requests) {
    // Only this run's routes: a relay that answered others' would break the isolation.
    if (r.target.rfind("/hook/" + capture_.routePrefix(), 0) != 0) continue;
    r.arrivedSteady = lastArrived_ = std::max(lastArrived_, r.arrivedSteady);
    capture_.inject(std::move(r));
  }
  return true;
}

}  // namespace wc
