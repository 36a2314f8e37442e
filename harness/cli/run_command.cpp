#include "cli/run_command.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "cli/exit_codes.h"
#include "cli/progress.h"
#include "cli/run_configuration.h"
#include "cli/session.h"
#include "report/expected_failures.h"
#include "report/write_reports.h"
#include "runner/runner.h"

namespace wc {
namespace {

int usageError(const std::string& message) {
  std::cerr << "webhook-conformance: " << message << "\n";
  return kExitUsage;
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
  // The expected-failures file is checked before anything starts: a typo is a usage error.
  std::vector<ExpectedFailure> expected;
  if (!o.expectedFailures.empty()) {
    if (!loadExpectedFailures(o.expectedFailures, &expected, &error)) return usageError(error);
    if (auto unknown = unknownExpectedFailureIds(expected, allCases()); !unknown.empty()) {
      std::string ids;
      for (const auto& id : unknown) ids += (ids.empty() ? "" : ", ") + id;
      return usageError("--expected-failures: " + o.expectedFailures +
                        " lists unknown case id(s): " + ids + " (see `webhook-conformance list`)");
    }
  }
  auto session = openSession(o, &exitCode, &error);
  if (!session) {
    std::cerr << "webhook-conformance: " << error << "\n";
    return exitCode;
  }
  report.profile = session->profile();
  report.redactor = session->redactor();
  report.configuration = describeConfiguration(o);
  if (!o.expectedFailures.empty()) {
    report.expectedFailuresFile = o.expectedFailures;
    std::vector<ExpectedFailure> active;
    applyTargetVersion(expected, report.profile.version(), &active,
                       &report.ignoredExpectedFailures);
    for (auto& e : active) report.expectedFailures[e.id] = e;
    for (const auto& i : report.ignoredExpectedFailures)
      std::cerr << "webhook-conformance: expected failure " << i.entry.id << " ignored: " << i.why
                << "\n";
  }

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
  ProgressPrinter printer(std::cerr, isatty(STDERR_FILENO), report.redactor);
  if (!o.quiet) ro.onProgress = [&printer](const Progress& p) { printer.update(p); };
  report.results = runCases(selected, session->environment(), ro);
  report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  session->close();

  if (!writeAllReports(report, {o.reportDir, o.junitPath}, &error)) return usageError(error);

  auto gate = summarize(report);
  const auto& counts = gate.verdicts;
  bool gateBroken = false;
  // Cases that ended with the same message (a target refusing our loopback webhook URL ends
  // every case with one diagnosis) print it once, followed by the other ids.
  std::map<std::string, std::vector<std::string>> othersByMessage;
  for (const auto& r : report.results) {
    auto outcome = outcomeOf(report, r);  // expected failures pass the gate; stale ones break it
    if (!outcome.breaksGate) continue;
    gateBroken = true;
    auto key = std::string(toString(outcome.outcome)) + "\n" + outcome.message;
    auto [it, first] = othersByMessage.try_emplace(key);
    if (!first) {
      it->second.push_back(r.info.id);
      continue;
    }
    std::cout << toString(outcome.outcome) << " " << r.info.id << ": "
              << report.redactor.redact(outcome.message) << "\n";
  }
  for (const auto& [key, ids] : othersByMessage) {
    if (ids.empty()) continue;
    std::cout << "  (the same " << key.substr(0, key.find('\n')) << " for " << ids.size()
              << " more case" << (ids.size() == 1 ? "" : "s") << ": ";
    for (size_t i = 0; i < ids.size(); ++i) std::cout << (i ? ", " : "") << ids[i];
    std::cout << ")\n";
  }
  std::cout << counts.total << " cases: " << counts.pass << " pass, " << counts.fail << " fail, "
            << counts.warn << " warn, " << counts.info << " info, " << counts.skip << " skip, "
            << counts.error << " error"
            << (report.expectedFailuresFile.empty()
                    ? ""
                    : ", " + std::to_string(gate.expectedFailures) + " expected failure, " +
                          std::to_string(gate.stale) + " stale")
            << " in " << report.duration.count() << " ms; reports in "
            << o.reportDir << "\n";
  return gateBroken ? kExitFailures : kExitConformant;
}

}  // namespace wc
