#include "load/load_verdict.h"

#include <cstdio>

#include "session/exit_codes.h"
#include "report/text_safety.h"

namespace wc::load {
namespace {

constexpr int kRunsPrinted = 5;  // per failed check, on stdout
constexpr size_t kMaxLineBytes = 2000;

std::string ms(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string stats(const LatencyStats& s) {
  if (!s.count) return "no measurement";
  return "p50 " + ms(s.p50) + " ms, p90 " + ms(s.p90) + " ms, p99 " + ms(s.p99) + " ms, max " +
         ms(s.max) + " ms (" + std::to_string(s.count) + ")";
}

}  // namespace

int printLoadVerdict(const LoadReport& report, const std::string& reportDir, std::ostream& out) {
  const auto& s = report.summary;
  // Messages quote the target: each of their lines printed as an inert line of its own.
  auto safe = [&](const std::string& text) {
    return inertLine(report.redactor.redact(text), kMaxLineBytes);
  };
  // The first runs of each failed check; the reports name more (load.json all of them).
  for (const auto& c : s.checks) {
    if (!c.failed) continue;
    const auto message = report.redactor.redact(c.message);
    size_t start = 0;
    for (int line = 0; line <= kRunsPrinted; ++line) {
      const auto end = message.find('\n', start);
      out << (line == 0 ? "fail " + c.id + ": " : "\n")
          << inertLine(message.substr(start, end - start), kMaxLineBytes);
      if (end == std::string::npos) break;
      start = end + 1;
      if (line == kRunsPrinted) out << "\n  ... (" << c.failures << " in all: see load.json)";
    }
    out << "\n";
  }
  out << s.sent << " runs sent: " << s.exactlyOnce << " exactly once and valid";
  for (const auto& [p, n] : s.problems)
    if (n) out << ", " << n << " " << toString(p);
  if (s.interrupted) out << ", " << s.interrupted << " interrupted in flight";
  if (s.notSent) out << ", " << s.notSent << " not sent";
  if (s.statusUnknown) out << "; " << s.statusUnknown << " final status not served by the API";
  if (s.strays) out << "; " << s.strays << " requests on unknown routes";
  out << "\n";
  out << "creation -> webhook: " << stats(s.creationToWebhook) << "\n"
      << "run end -> webhook:  " << stats(s.runEndToWebhook) << "\n";
  char line[160];
  std::snprintf(line, sizeof line, "%zu webhooks in %.2f s: %.1f runs/s, %.1f webhooks/s",
                s.webhooks, s.wallSeconds, s.runsPerSecond, s.webhooksPerSecond);
  out << line << "; reports in " << reportDir << " (load.json, load.html, load-junit.xml)\n";
  if (!report.header.interrupted.empty())
    out << "load interrupted: " << safe(report.header.interrupted) << "\n";
  out << (s.gateFailed || !report.header.interrupted.empty() ? "gate: FAIL" : "gate: PASS") << "\n";
  return s.gateFailed || !report.header.interrupted.empty() ? kExitFailures : kExitConformant;
}

}  // namespace wc::load
