#pragma once
// A run-wide stop flag with a reason: set by the first SIGINT/SIGTERM or by the run's own time
// bound. Waits that must end when the run is stopped wait on it (a condition variable, never a
// polling loop); callbacks let owners of blocking I/O (the capture server) end it.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace wc {

class Cancellation {
 public:
  // The first call wins; later calls are ignored. Runs the registered callbacks once.
  void cancel(const std::string& reason);
  bool cancelled() const;
  std::string reason() const;  // "" until cancelled
  // Waits until cancelled or `deadline`; true when cancelled.
  bool waitUntil(std::chrono::steady_clock::time_point deadline) const;
  // Called (on the cancelling thread) when cancel() first runs; at once if already cancelled.
  void onCancel(std::function<void()> callback);

 private:
  mutable std::mutex mutex_;  // guards everything below
  mutable std::condition_variable changed_;
  bool cancelled_ = false;
  std::string reason_;
  std::vector<std::function<void()>> callbacks_;
};

}  // namespace wc
