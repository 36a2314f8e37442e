#include "cli/run_summary.h"

#include <map>
#include <vector>

namespace wc {

bool printRunSummary(const JudgedRun& judged, const SummaryOptions& options, std::ostream& out) {
  const auto& report = judged.report;
  const auto& gate = judged.gate;
  const auto& counts = gate.verdicts;
  bool gateBroken = false;
  for (const auto& d : report.diagnoses) out << "diagnosis: " << report.redactor.redact(d) << "\n";
  // Cases that ended with the same message (a target refusing our loopback webhook URL ends
  // every case with one diagnosis) print it once, followed by the other ids.
  std::map<std::string, std::vector<std::string>> othersByMessage;
  for (const auto& r : report.results) {
    const auto& outcome = judged.outcome(r);  // expected failures pass; stale ones break the gate
    if (!outcome.breaksGate) continue;
    gateBroken = true;
    auto key = std::string(toString(outcome.outcome)) + "\n" + outcome.message;
    auto [it, first] = othersByMessage.try_emplace(key);
    if (!first) {
      it->second.push_back(r.info.id);
      continue;
    }
    out << toString(outcome.outcome) << " " << r.info.id << ": "
              << report.redactor.redact(outcome.message) << "\n";
  }
  for (const auto& [key, ids] : othersByMessage) {
    if (ids.empty()) continue;
    out << "  (the same " << key.substr(0, key.find('\n')) << " for " << ids.size()
              << " more case" << (ids.size() == 1 ? "" : "s") << ": ";
    for (size_t i = 0; i < ids.size(); ++i) out << (i ? ", " : "") << ids[i];
    out << ")\n";
  }
  out << counts.total << " cases: " << counts.pass << " pass, " << counts.fail << " fail, "
            << counts.warn << " warn, " << counts.info << " info, " << counts.skip << " skip, "
            << counts.error << " error"
            << (counts.interrupted ? ", " + std::to_string(counts.interrupted) + " interrupted" : "")
            << (report.expectedFailuresFile.empty()
                    ? ""
                    : ", " + std::to_string(gate.expectedFailures) + " expected failure, " +
                          std::to_string(gate.stale) + " stale")
            << " in " << report.duration.count() << " ms; reports in "
            << options.reportDir << "\n";
  if (!report.interruption.empty())
    out << "run interrupted: " << report.redactor.redact(report.interruption) << "\n";
  return gateBroken;
}

}  // namespace wc
