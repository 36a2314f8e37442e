#include "cli/progress.h"

namespace wc {

void ProgressPrinter::update(const Progress& p) {
  const auto* r = p.finished;
  if (!terminal_) {
    if (!r) return;
    out_ << "[" << p.done << "/" << p.total << "] " << toString(r->verdict) << " " << r->info.id
         << " (" << r->duration.count() << " ms)";
    if (r->verdict == Verdict::Fail || r->verdict == Verdict::Error || r->verdict == Verdict::Warn)
      out_ << ": " << redactor_.redact(r->message);
    out_ << "\n" << std::flush;
    return;
  }
  out_ << "\r\033[K";  // back to column 0, clear the line
  if (r && (r->verdict == Verdict::Fail || r->verdict == Verdict::Error))
    out_ << toString(r->verdict) << " " << r->info.id << ": " << redactor_.redact(r->message)
         << "\n";
  out_ << "[" << p.done << "/" << p.total << "] failures: " << p.failures;
  if (!p.slowestRunning.empty()) out_ << "  waiting on: " << p.slowestRunning;
  if (p.done == p.total) out_ << "\n";
  out_ << std::flush;
}

}  // namespace wc
