#include "cli/merge_command.h"

#include <filesystem>
#include <iostream>
#include <map>

#include "cli/annotations.h"
#include "cli/usage_error.h"
#include "report/json_report.h"
#include "report/report_file.h"
#include "report/report_merge.h"
#include "report/text_safety.h"
#include "report/write_reports.h"
#include "runner/case.h"
#include "util/bounded_json.h"

namespace wc {
namespace {

namespace fs = std::filesystem;

// Reports are files from elsewhere: what they say is shown as one inert line each, bounded.
std::string mergedText(const std::string& text) { return inertLine(text, 2000); }

void printVerdict(const JudgedRun& judged, const MergedRuns& merged, const std::string& reportDir) {
  const auto& report = judged.report;
  for (const auto& d : report.diagnoses) std::cout << "diagnosis: " << mergedText(d) << "\n";
  for (size_t i = 0; i < report.results.size(); ++i) {
    const auto& r = report.results[i];
    const auto& o = judged.outcomes[i];
    if (!o.breaksGate) continue;
    std::cout << toString(o.outcome) << " " << mergedText(r.info.id) << " ("
              << mergedText(r.instance) << "): " << mergedText(o.message) << "\n";
  }
  const auto& c = judged.gate.verdicts;
  std::cout << "merge: " << merged.inputs.size() << " run(s), " << c.total << " cases: " << c.pass
            << " pass, " << c.fail << " fail, " << c.warn << " warn, " << c.info << " info, " << c.skip
            << " skip, " << c.error << " error"
            << (c.interrupted ? ", " + std::to_string(c.interrupted) + " interrupted" : "")
            << (report.expectedFailuresFile.empty()
                    ? ""
                    : ", " + std::to_string(judged.gate.expectedFailures) + " expected failure, " +
                          std::to_string(judged.gate.stale) + " stale")
            << "; reports in " << reportDir << "\n";
  if (!report.interruption.empty())
    std::cout << "run interrupted: " << mergedText(report.interruption) << "\n";
}

// report.json of the merge, refused beyond what merge and --rerun-failed read back: a merged
// report that no later merge or rerun could open is no use.
bool writeMergedJson(const JudgedRun& judged, const MergedRuns& merged, const std::string& path,
                     std::string* error) {
  auto doc = mergedJsonReport(judged, merged);
  const size_t values = jsonValueCount(doc);
  auto text = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  doc = nullptr;
  if (text.size() > kMaxReportJsonBytes || values > kMaxReportValues) {
    *error = "merge: the merged report.json would hold " + std::to_string(text.size()) + " bytes and " +
             std::to_string(values) + " JSON values, over the " + std::to_string(kMaxReportJsonBytes) +
             " bytes or " + std::to_string(kMaxReportValues) +
             " values merge and --rerun-failed read back: merge fewer runs (nothing written)";
    return false;
  }
  return writeReportFile(text, path, error);
}

// Every run ended before its first case: the reports a CI publish step expects, saying why.
int writeNothingRan(const MergedRuns& merged, const std::string& reportDir) {
  UnreachableReport u;
  u.toolVersion = merged.report.toolVersion;
  u.startedAt = merged.report.startedAt;
  u.duration = merged.report.duration;
  u.profile = merged.report.profile;
  u.configuration = merged.report.configuration;
  for (const auto& d : merged.report.diagnoses) u.message += (u.message.empty() ? "" : "; ") + d;
  u.exitCode = merged.unreachable ? kExitUnreachable : kExitFailures;
  std::string error;
  if (!writeUnreachableReports(u, {reportDir, ""}, &error)) {
    std::cerr << "webhook-conformance: " << error << "\n";
    return kExitUsage;
  }
  std::cout << "merge: no run judged any case: " << mergedText(u.message) << "\n";
  return u.exitCode;
}

}  // namespace

int mergeReportsCommand(const MergeInputs& inputs, const std::string& reportDir, bool strict,
                        MergeGithubOutput github) {
  std::vector<ReadReport> reads;
  size_t bytes = 0, values = 0;
  for (const auto& file : inputs.files) {
    std::error_code ec;
    const auto size = static_cast<size_t>(fs::file_size(file, ec));
    bytes += size;
    if (bytes > kMaxMergedBytes) {
      std::cerr << "webhook-conformance: merge: "
                << (size > kMaxReportJsonBytes
                        ? mergedText(file) + " is " + std::to_string(size) + " bytes, over the " +
                              std::to_string(kMaxReportJsonBytes / (1024 * 1024)) + " MiB a report.json may have"
                        : "the report.json files exceed " + std::to_string(kMaxMergedBytes / (1024 * 1024)) +
                              " MiB together (at " + mergedText(file) + ")")
                << "\n";
      return kExitUsage;
    }
    ReadReport read;
    std::string error;
    if (!readReportJson(file, &read, &error)) {
      std::cerr << "webhook-conformance: " << mergedText(error) << "\n";
      return kExitUsage;
    }
    values += read.values;
    if (values > kMaxMergedValues) {
      std::cerr << "webhook-conformance: merge: the report.json files hold more than " << kMaxMergedValues
                << " JSON values together (at " << mergedText(file) << ")\n";
      return kExitUsage;
    }
    // Only the first run's target details title the merge: the others' would only be held.
    if (!reads.empty()) {
      read.run.profile.info = nullptr;
      read.run.profile.targetConfig.reset();
    }
    reads.push_back(std::move(read));
  }
  std::map<std::string, size_t> catalogue;
  for (const auto& c : allCases().all()) catalogue.emplace(c.info.id, catalogue.size());
  auto rank = [&catalogue](const std::string& id) {
    auto it = catalogue.find(id);
    return it == catalogue.end() ? SIZE_MAX : it->second;
  };
  auto merged = mergeRuns(std::move(reads), inputs.labels, strict, WC_VERSION, rank);
  if (merged.report.results.empty()) return writeNothingRan(merged, reportDir);
  const JudgedRun judged(merged.report);
  std::string error;
  // The four reports as `run` writes them, then report.json again with each case's origin; one
  // set, renamed together.
  ReportSetWrite set;
  if (!writeAllReports(judged, {reportDir, ""}, &error) ||
      !writeMergedJson(judged, merged, (fs::path(reportDir) / "report.json").string(), &error) ||
      !set.commit(&error)) {
    std::cerr << "webhook-conformance: " << error << "\n";
    return kExitUsage;
  }
  if (github.stepSummary) appendGithubStepSummary(reportDir);
  printVerdict(judged, merged, reportDir);
  if (github.annotations) printAnnotations(judged, reportDir, std::cout);
  if (merged.unreachable) return kExitUnreachable;
  return judged.gate.passed() ? kExitConformant : kExitFailures;
}

}  // namespace wc
