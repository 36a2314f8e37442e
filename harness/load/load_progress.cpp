#include "load/load_progress.h"

#include <unistd.h>

#include <string>

namespace wc::load {

std::string progressLine(const LedgerCounts& c) {
  return "sent " + std::to_string(c.sent) + "/" + std::to_string(c.planned) + ", finished " +
         std::to_string(c.finished) + ", received " + std::to_string(c.received) + ", missing " +
         std::to_string(c.missing) +
         (c.webhooks > c.received + c.strays ? ", repeated " + std::to_string(c.webhooks - c.received - c.strays) : "");
}

LoadProgress::LoadProgress(const RunLedger& ledger, Cancellation& cancellation, std::ostream* out,
                           std::chrono::milliseconds stallLimit)
    : ledger_(ledger),
      cancellation_(cancellation),
      out_(out),
      terminal_(out && ::isatty(STDERR_FILENO)),
      stallLimit_(stallLimit),
      thread_([this] { loop(); }) {}

LoadProgress::~LoadProgress() { finish(); }

void LoadProgress::finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (done_) return;
    done_ = true;
  }
  wake_.notify_all();
  thread_.join();
  print(true);
}

void LoadProgress::print(bool last) {
  if (!out_) return;
  auto line = "load: " + progressLine(ledger_.counts());
  if (terminal_) *out_ << "\r\x1b[K" << line << (last ? "\n" : "") << std::flush;
  else *out_ << line << "\n" << std::flush;
}

void LoadProgress::loop() {
  const auto every = std::chrono::milliseconds(terminal_ ? 500 : 5000);
  auto nextPrint = std::chrono::steady_clock::now() + every;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    // A timed wait on a condition variable: the tick of the progress line, cut short by finish().
    if (wake_.wait_for(lock, std::chrono::milliseconds(250), [&] { return done_; })) return;
    const auto now = std::chrono::steady_clock::now();
    if (now >= nextPrint) {
      print(false);
      nextPrint = now + every;
    }
    const auto quiet = now - ledger_.lastActivity();
    if (quiet > stallLimit_ && !cancellation_.cancelled()) {
      auto c = ledger_.counts();
      cancellation_.cancel(
          "stalled: no run created, finished or heard from for " +
          std::to_string(std::chrono::duration_cast<std::chrono::seconds>(stallLimit_).count()) +
          " s (" + progressLine(c) + ")");
    }
  }
}

}  // namespace wc::load
