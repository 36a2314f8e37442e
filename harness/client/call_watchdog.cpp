#include "client/call_watchdog.h"

#include <httplib.h>

#include "util/cancellation.h"

namespace wc {

CallWatchdog& CallWatchdog::instance() {
  static CallWatchdog watchdog;
  return watchdog;
}

CallWatchdog::CallWatchdog() : thread_([this] { loop(); }) {}

CallWatchdog::~CallWatchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quitting_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

uint64_t CallWatchdog::watch(httplib::Client& client,
                             std::chrono::steady_clock::time_point deadline,
                             std::shared_ptr<const Cancellation> cancellation) {
  uint64_t ticket;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ticket = nextTicket_++;
    calls_.emplace(ticket, Watched{&client, deadline, std::move(cancellation)});
  }
  changed_.notify_all();
  return ticket;
}

void CallWatchdog::finish(uint64_t ticket) {
  std::lock_guard<std::mutex> lock(mutex_);
  calls_.erase(ticket);  // under the lock: the loop never touches a finished call's client
}

void CallWatchdog::wake() { changed_.notify_all(); }

void CallWatchdog::loop() {
  // After a cut, the socket may not be in use yet (still connecting, under httplib's own
  // connect timeout): cut again at this interval until the call returns.
  const std::chrono::milliseconds recut(20);
  std::unique_lock<std::mutex> lock(mutex_);
  while (!quitting_) {
    auto now = std::chrono::steady_clock::now();
    auto next = now + std::chrono::hours(1);
    for (auto& [ticket, call] : calls_) {
      bool due = now >= call.deadline || (call.cancellation && call.cancellation->cancelled());
      if (due) {
        call.client->stop();  // thread-safe in httplib: shuts the socket of an in-flight request
        call.cut = true;
        next = std::min(next, now + recut);
      } else {
        next = std::min(next, call.deadline);
      }
    }
    changed_.wait_until(lock, next);
  }
}

}  // namespace wc
