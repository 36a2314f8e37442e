#include "cli/progress.h"

#include "report/text_safety.h"

namespace wc {
namespace {

// A progress line shows a message's start; the summary and report.html show more.
constexpr size_t kProgressMessageBytes = 2000;

bool worthItsMessage(Verdict v) {
  return v == Verdict::Fail || v == Verdict::Error || v == Verdict::Warn ||
         v == Verdict::Interrupted;
}

}  // namespace

// Case ids and messages can carry the target's text: redacted, then made one inert line, so the
// target can neither rewrite the terminal nor write a CI workflow command.
std::string ProgressPrinter::safe(const std::string& text) const {
  return inertLine(redactor_.redact(text), kProgressMessageBytes);
}

std::string ProgressPrinter::verdict(Verdict v) const {
  const std::string text = toString(v);
  if (v == Verdict::Pass) return palette_.good(text);
  if (v == Verdict::Warn) return palette_.warn(text);
  return worthItsMessage(v) ? palette_.bad(text) : text;
}

void ProgressPrinter::update(const Progress& p) {
  const auto* r = p.finished;
  if (r && r->verdict == Verdict::Warn) ++warnings_;
  if (!terminal_) {
    if (!r) return;
    out_ << "[" << p.done << "/" << p.total << "] " << verdict(r->verdict) << " "
         << safe(r->info.id) << " (" << r->duration.count() << " ms)";
    if (worthItsMessage(r->verdict)) out_ << ": " << safe(r->message);
    out_ << "\n" << std::flush;
    return;
  }
  const auto failures = "failures: " + std::to_string(p.failures);
  const auto warnings = "warnings: " + std::to_string(warnings_);
  out_ << "\r\033[K"  // back to column 0, clear the line
       << "[" << p.done << "/" << p.total << "] "
       << (p.failures ? palette_.bad(failures) : failures) << "  "
       << (warnings_ ? palette_.warn(warnings) : warnings);
  if (!p.slowestRunning.empty()) out_ << "  waiting on: " << palette_.dim(safe(p.slowestRunning));
  if (p.done == p.total) out_ << "\n";
  out_ << std::flush;
}

}  // namespace wc
