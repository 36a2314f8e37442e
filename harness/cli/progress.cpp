#include "cli/progress.h"

#include "report/text_safety.h"

namespace wc {
namespace {

bool worthItsMessage(Verdict v) {
  return v == Verdict::Fail || v == Verdict::Error || v == Verdict::Warn ||
         v == Verdict::Interrupted;
}

}  // namespace

// Case ids and messages can carry the target's text: redacted, then control characters (ESC,
// CR, OSC ...) made visible, so the target cannot rewrite the terminal.
std::string ProgressPrinter::safe(const std::string& text) const {
  return terminalSafe(redactor_.redact(text));
}

void ProgressPrinter::update(const Progress& p) {
  const auto* r = p.finished;
  if (!terminal_) {
    if (!r) return;
    out_ << "[" << p.done << "/" << p.total << "] " << toString(r->verdict) << " "
         << safe(r->info.id) << " (" << r->duration.count() << " ms)";
    if (worthItsMessage(r->verdict)) out_ << ": " << safe(r->message);
    out_ << "\n" << std::flush;
    return;
  }
  out_ << "\r\033[K";  // back to column 0, clear the line
  if (r && worthItsMessage(r->verdict) && r->verdict != Verdict::Warn)
    out_ << toString(r->verdict) << " " << safe(r->info.id) << ": " << safe(r->message) << "\n";
  out_ << "[" << p.done << "/" << p.total << "] failures: " << p.failures;
  if (!p.slowestRunning.empty()) out_ << "  waiting on: " << safe(p.slowestRunning);
  if (p.done == p.total) out_ << "\n";
  out_ << std::flush;
}

}  // namespace wc
