#include "cli/load/load_verdict.h"

#include <cstdio>

#include "cli/exit_codes.h"
#include "report/text_safety.h"

namespace wc::load {
namespace {

constexpr int kRunsPrinted = 5;  // per failed check, on stdout

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
  auto safe = [&](const std::string& text) {
    return escapeControl(report.redactor.redact(text), true);
  };
  // The first runs of each failed check; the reports name more (load.json all of them).
  for (const auto& c : s.checks) {
    if (!c.failed) continue;
    std::string shown = safe(c.message);
    size_t at = 0;
    for (int line = 0; line <= kRunsPrinted && at != std::string::npos; ++line)
      at = shown.find('\n', at == 0 ? 0 : at + 1);
    if (at != std::string::npos) shown = shown.substr(0, at) + "\n  ... (" + std::to_string(c.failures) + " in all: see load.json)";
    out << "fail " << c.id << ": " << shown << "\n";
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
