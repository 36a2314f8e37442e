#include "util/bounded_json.h"
#include "support/run_waits.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <optional>

#include "runner/case_context.h"
#include "util/ids.h"

namespace wc {

bool isFinalRunStatus(const std::string& status) {
  return status == "success" || status == "error" || status == "timeout" ||
         status == "interrupted";
}

namespace {

// Reads GET /threads/{tid}/runs/{rid} until `done` accepts an answer (it sets *last to what the
// answer said either way). The API offers no push for a run's status: the reads are a short,
// growing pause apart, cut short when the run is stopped.
testing::AssertionResult pollRun(CaseContext& ctx, const std::string& threadId,
                                 const std::string& runId,
                                 const std::function<bool(const ApiResponse&, std::string*)>& done,
                                 const std::string& wantedText, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::chrono::milliseconds backoff(10);
  std::string last = "(never read)";
  for (;;) {
    if (done(ctx.target().getRun(threadId, runId), &last))
      return testing::AssertionSuccess() << last;
    if (std::chrono::steady_clock::now() + backoff > deadline) break;
    if (!ctx.pause(backoff)) break;
    backoff = std::min(backoff * 2, std::chrono::milliseconds(250));
  }
  return testing::AssertionFailure() << "run " << runId << " did not reach " << wantedText
                                     << " within " << timeout.count() << " ms; last read: "
                                     << last;
}

// The status of a Run read (also when absent: ""), with *last saying what the read said; nullopt
// when the read failed or is not an object.
std::optional<std::string> runStatusRead(const ApiResponse& r, std::string* last) {
  if (!r.ok() || !r.json.is_object()) {
    *last = r.error;
    return std::nullopt;
  }
  *last = "run status " + textField(r.json, "status", "(no status or not a string)");
  return textField(r.json, "status", "");
}

}  // namespace

testing::AssertionResult awaitRunStatus(CaseContext& ctx, const std::string& threadId,
                                        const std::string& runId,
                                        const std::function<bool(const std::string&)>& wanted,
                                        const std::string& wantedText,
                                        std::chrono::milliseconds timeout, nlohmann::json* run) {
  auto reached = [&](const ApiResponse& r, std::string* last) {
    auto status = runStatusRead(r, last);
    if (status && run) *run = r.json;
    return status && wanted(*status);
  };
  return pollRun(ctx, threadId, runId, reached, wantedText, timeout);
}

testing::AssertionResult awaitRunEndedOrGone(CaseContext& ctx, const std::string& threadId,
                                             const std::string& runId,
                                             std::chrono::milliseconds timeout) {
  auto ended = [](const ApiResponse& r, std::string* last) {
    if (r.status == 404) {
      *last = "the run is gone (404): its temporary thread was deleted when it completed";
      return true;
    }
    auto status = runStatusRead(r, last);
    return status && isFinalRunStatus(*status);
  };
  return pollRun(ctx, threadId, runId, ended,
                 "a final status, or 404 once its temporary thread is deleted", timeout);
}

testing::AssertionResult awaitRunFinal(CaseContext& ctx, const std::string& threadId,
                                       const std::string& runId,
                                       std::chrono::milliseconds timeout, nlohmann::json* run) {
  return awaitRunStatus(ctx, threadId, runId, isFinalRunStatus,
                        "a final status (success, error, timeout, interrupted)", timeout, run);
}

std::vector<CapturedRequest> settleAttempts(CaseContext& ctx, const std::string& route,
                                            std::chrono::milliseconds quiet,
                                            std::chrono::milliseconds cap) {
  auto capEnd = std::chrono::steady_clock::now() + cap;
  size_t seen = ctx.capture().received(route).size();
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        capEnd - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    if (!ctx.capture().awaitWebhooks(route, seen + 1, std::min(quiet, left))) break;
    seen = ctx.capture().received(route).size();
  }
  return ctx.capture().received(route);
}

int closedLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = 1;  // tcpmux: nothing listens there on any machine this runs on
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

void recordDeliveryLatency(CaseContext& ctx, const nlohmann::json& payload,
                           const CapturedRequest& webhook) {
  if (!payload.is_object() || !payload.contains("run_ended_at") ||
      !payload["run_ended_at"].is_string())
    return;
  std::chrono::system_clock::time_point ended;
  if (!parseIsoTimestamp(payload["run_ended_at"].get<std::string>(), &ended)) return;
  auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(webhook.arrivedAt - ended);
  // A remote target's clock may run ahead of ours: a negative latency says nothing.
  ctx.latencies().record(std::max(latency, std::chrono::milliseconds(0)));
}

std::chrono::milliseconds noWebhookWindow(CaseContext& ctx, std::chrono::milliseconds runDuration,
                                          std::string* how) {
  using std::chrono::milliseconds;
  // The embedded reference sends at the run's end (its timing is the harness's own); elsewhere,
  // with no latency measured, the floor is longer: a deployment's worker may send a moment after
  // the run ended, and a webhook that comes late must not pass as none.
  const auto slowest = ctx.latencies().slowest();
  const milliseconds floor(slowest || ctx.profile().knownDelivery ? 1000 : 3000);
  milliseconds base;
  std::string derivation;
  if (slowest) {
    base = *slowest * 10;
    derivation = "10 x the slowest run-end->webhook latency measured in this session (" +
                 std::to_string(slowest->count()) + " ms over " +
                 std::to_string(ctx.latencies().count()) + " webhooks)";
  } else {
    base = runDuration * 5;
    derivation = "no webhook latency measured in this session (webhooks are disabled); 5 x "
                 "this run's duration (" + std::to_string(runDuration.count()) + " ms)";
  }
  auto window = ctx.scaled(std::max(floor, base));
  if (how)
    *how = std::to_string(window.count()) + " ms = max(" + std::to_string(floor.count()) +
           " ms, " + derivation +
           ") x timeout-scale " + std::to_string(ctx.profile().timeoutScale).substr(0, 4);
  return window;
}

}  // namespace wc
