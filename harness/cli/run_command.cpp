#include "cli/run_command.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/exit_codes.h"
#include "cli/session.h"
#include "report/junit_report.h"
#include "runner/runner.h"

namespace wc {
namespace {

int usageError(const std::string& message) {
  std::cerr << "webhook-conformance: " << message << "\n";
  return kExitUsage;
}

void printProgress(const Progress& p, bool tty) {
  const auto* r = p.finished;
  if (tty) {
    std::cerr << "\r\033[K[" << p.done << "/" << p.total << "] failures: " << p.failures;
    if (!p.slowestRunning.empty()) std::cerr << "  waiting on: " << p.slowestRunning;
    if (p.done == p.total) std::cerr << "\n";
    std::cerr << std::flush;
  } else if (r) {
    std::cerr << "[" << p.done << "/" << p.total << "] " << toString(r->verdict) << " "
              << r->info.id << " (" << r->duration.count() << " ms)\n";
  }
}

}  // namespace

bool parseHeader(const std::string& text, std::string* name, std::string* value) {
  auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  *name = text.substr(0, colon);
  auto v = text.substr(colon + 1);
  auto first = v.find_first_not_of(" \t");
  *value = first == std::string::npos ? "" : v.substr(first);
  return true;
}

int runCommand(const RunCommandOptions& o) {
  RunReport report;
  report.toolVersion = WC_VERSION;
  report.strict = o.strict;
  report.startedAt = std::chrono::system_clock::now();
  auto started = std::chrono::steady_clock::now();

  int exitCode = kExitConformant;
  std::string error;
  auto session = openSession(o, &exitCode, &error);
  if (!session) {
    std::cerr << "webhook-conformance: " << error << "\n";
    return exitCode;
  }
  report.profile = session->profile();
  report.redactor = session->redactor();

  auto selected = selectCases(allCases(), o.filters);
  if (selected.empty()) return usageError("--filter matched no case (see `webhook-conformance list`)");
  if (o.dryRun) {
    for (const auto* c : selected) {
      auto why = skipReason(c->info, report.profile);
      std::cout << (why ? "skip " : "run  ") << c->info.id << (why ? "  -- " + *why : "") << "\n";
    }
    return kExitConformant;
  }

  RunOptions ro;
  ro.jobs = o.jobs;
  bool tty = isatty(STDERR_FILENO);
  if (!o.quiet) ro.onProgress = [tty](const Progress& p) { printProgress(p, tty); };
  report.results = runCases(selected, session->environment(), ro);
  report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  session->close();

  std::error_code ec;
  std::filesystem::create_directories(o.reportDir, ec);
  if (ec) return usageError("--report-dir: cannot create " + o.reportDir + ": " + ec.message());
  auto junit = o.junitPath.empty() ? o.reportDir + "/junit.xml" : o.junitPath;
  if (!writeJunitReport(report, junit, &error)) return usageError(error);

  auto counts = countVerdicts(report.results);
  bool gateBroken = false;
  for (const auto& r : report.results) {
    if (!breaksGate(r.verdict, o.strict)) continue;
    gateBroken = true;
    std::cout << toString(r.verdict) << " " << r.info.id << ": "
              << report.redactor.redact(r.message) << "\n";
  }
  std::cout << counts.total << " cases: " << counts.pass << " pass, " << counts.fail << " fail, "
            << counts.warn << " warn, " << counts.info << " info, " << counts.skip << " skip, "
            << counts.error << " error in " << report.duration.count() << " ms; reports in "
            << o.reportDir << "\n";
  return gateBroken ? kExitFailures : kExitConformant;
}

}  // namespace wc
