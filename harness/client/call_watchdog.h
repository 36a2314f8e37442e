#pragma once
// Ends an HTTP exchange with the target at its overall deadline, or when the run is cancelled.
// A per-read timeout is not a deadline: a target that writes a heartbeat newline every few
// seconds, or drips one byte a second, never trips it. One thread watches every call in flight
// and shuts its socket down (httplib's Client::stop(), safe from another thread) when its time
// is up; the call then fails and says why.
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace httplib {
class Client;
}

namespace wc {

class Cancellation;

class CallWatchdog {
 public:
  static CallWatchdog& instance();
  ~CallWatchdog();

  // Starts watching a call; returns a ticket for finish()/cutReason().
  uint64_t watch(httplib::Client& client, std::chrono::steady_clock::time_point deadline,
                 std::shared_ptr<const Cancellation> cancellation);
  // The call has returned: stop watching it (the client may be destroyed after this).
  void finish(uint64_t ticket);
  // Wakes the watchdog to look at cancellations again (registered with Cancellation::onCancel).
  void wake();

 private:
  CallWatchdog();
  void loop();

  struct Watched {
    httplib::Client* client;
    std::chrono::steady_clock::time_point deadline;
    std::shared_ptr<const Cancellation> cancellation;
    bool cut = false;
  };
  std::mutex mutex_;  // guards everything below
  std::condition_variable changed_;
  std::map<uint64_t, Watched> calls_;
  uint64_t nextTicket_ = 1;
  bool quitting_ = false;
  std::thread thread_;
};

// RAII: watches one call for its lifetime.
class WatchedCall {
 public:
  WatchedCall(httplib::Client& client, std::chrono::steady_clock::time_point deadline,
              std::shared_ptr<const Cancellation> cancellation)
      : ticket_(CallWatchdog::instance().watch(client, deadline, std::move(cancellation))) {}
  ~WatchedCall() { CallWatchdog::instance().finish(ticket_); }
  WatchedCall(const WatchedCall&) = delete;
  WatchedCall& operator=(const WatchedCall&) = delete;

 private:
  uint64_t ticket_;
};

}  // namespace wc
