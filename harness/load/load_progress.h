#pragma once
// While a load test runs, one thread prints its progress on stderr (sent, finished, received,
// missing; rewritten in place on a terminal, a line every 5 s otherwise; none with --quiet) and
// watches for a stall: no run created, finished or heard from for `stallLimit` stops the test,
// naming what it waited for, so an unresponsive target never keeps it running.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <thread>

#include "load/run_ledger.h"
#include "util/cancellation.h"

namespace wc::load {

class LoadProgress {
 public:
  LoadProgress(const RunLedger& ledger, Cancellation& cancellation, std::ostream* out,
               std::chrono::milliseconds stallLimit);
  ~LoadProgress();
  void finish();  // stops the thread, ends the in-place line; idempotent

 private:
  void loop();
  void print(bool last);

  const RunLedger& ledger_;
  Cancellation& cancellation_;
  std::ostream* out_;  // null: quiet
  const bool terminal_;
  const std::chrono::milliseconds stallLimit_;
  std::mutex mutex_;  // guards done_
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

// "sent 120/1000, finished 100, received 99, missing 1"
std::string progressLine(const LedgerCounts& counts);

}  // namespace wc::load
