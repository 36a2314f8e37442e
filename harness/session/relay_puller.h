#pragma once
// `run --relay URL`: the deployment posts to a relay (`capture --relay`) this machine cannot be
// reached behind, and this thread brings what arrived under the run's route prefix back into the
// run's own capture server, over outbound long polls only. The cases keep waiting on the local
// capture server as they always do; they never know a relay is between.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace wc {

class CaptureServer;
class Cancellation;
struct RouteResponse;

struct RelayPullerOptions {
  std::string relayUrl;  // the relay's base URL (what the deployment is given)
  std::string token;     // the shared secret, sent as Authorization: Bearer
  std::string caFile;    // verifies an https relay ("" -> the system's CAs)
  std::chrono::milliseconds wait{20000};  // each long poll's wait at the relay
};

class RelayPuller {
 public:
  // Pulls the routes of `capture.routePrefix()`; the run's cancellation stops it too.
  RelayPuller(RelayPullerOptions options, CaptureServer& capture,
              std::shared_ptr<Cancellation> runCancellation);
  ~RelayPuller();  // stop()
  RelayPuller(const RelayPuller&) = delete;
  RelayPuller& operator=(const RelayPuller&) = delete;

  void start();
  // Ends the poll in flight at once and joins the thread.
  void stop();
  // Tells the relay what to answer on a route (a case's programmed answer); waits for it, at most
  // 10 s. Returns "" or why it failed (also kept as lastProblem()).
  std::string programRoute(const std::string& route, const RouteResponse& response);
  // Why the last pull failed ("" after a pull that worked): for the callback probe's message.
  std::string lastProblem() const;
  // Requests brought back so far.
  size_t pulled() const;
  // This run's webhooks the relay says it dropped (over its limits) before they were pulled.
  size_t droppedByRelay() const;

 private:
  void pullUntilStopped();
  // One long poll; false (with lastProblem_ set) when it failed.
  bool pullOnce();

  RelayPullerOptions options_;
  CaptureServer& capture_;
  std::shared_ptr<Cancellation> runCancellation_;
  std::shared_ptr<Cancellation> stop_;  // cancelled by stop() or the run's cancellation
  std::thread thread_;
  uint64_t after_ = 0;  // the relay's cursor; only the puller thread touches it
  // The latest arrival time given to an injected request (puller thread only): the relay's
  // sequence is the true arrival order, which ages rebuilt across two answers could invert.
  std::chrono::steady_clock::time_point lastArrived_{};

  mutable std::mutex mutex_;  // guards lastProblem_, pulled_ and dropped_
  std::string lastProblem_;
  size_t pulled_ = 0;
  size_t dropped_ = 0;
};

}  // namespace wc
