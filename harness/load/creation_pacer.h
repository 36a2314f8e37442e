#pragma once
// Paces the creations of a load test: at most --rate per second (slot k at start + k/rate),
// none after --duration. Waiting for a slot is a timed wait on the run's cancellation, so a
// stop ends it at once.
#include <atomic>
#include <chrono>
#include <string>

#include "util/cancellation.h"

namespace wc::load {

// Hands out creation slots: at most --rate per second, none after --duration.
class CreationPacer {
 public:
  using Clock = std::chrono::steady_clock;
  CreationPacer(double rate, double durationSeconds)
      : start_(Clock::now()), rate_(rate),
        end_(durationSeconds > 0 ? start_ + std::chrono::duration_cast<Clock::duration>(
                                                std::chrono::duration<double>(durationSeconds))
                                 : Clock::time_point::max()) {}
  // false when the run is stopped or the creation phase is over; *why says which.
  bool awaitTurn(const Cancellation& cancellation, std::string* why) {
    auto at = Clock::now();
    if (rate_ > 0) {
      const long k = issued_++;
      at = start_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(k / rate_));
      // A timed wait on the cancellation (a condition variable): pacing, not polling.
      if (at < end_ && cancellation.waitUntil(at)) return stopped(cancellation, why);
    }
    if (cancellation.cancelled()) return stopped(cancellation, why);
    if (at >= end_ || Clock::now() >= end_) {
      *why = "--duration ended before this run was created";
      return false;
    }
    return true;
  }

 private:
  static bool stopped(const Cancellation& c, std::string* why) {
    *why = "interrupted before creation: " + c.reason();
    return false;
  }
  Clock::time_point start_;
  double rate_;
  Clock::time_point end_;
  std::atomic<long> issued_{0};
};

}  // namespace wc::load
