#include "cli/merge_command.h"

#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "cli/annotations.h"
#include "cli/exit_codes.h"
#include "cli/load/load_reports.h"
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

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// A file named neither *report.json nor *load.json: a load.json says so at its top level (its
// writer always writes "kind"); anything else is read as a report.json and checked there.
bool sniffKind(const std::string& path, MergeKind* kind, std::string* error) {
  std::string text;
  if (!readBoundedFile(path, load::kMaxLoadJsonBytes, &text, error)) return false;
  auto doc = parseBoundedJsonOrDiscarded(text, {kMaxReportDepth, load::kMaxLoadJsonBytes});
  *kind = textField(doc, "kind") == "webhook-conformance load" ? MergeKind::Loads : MergeKind::Reports;
  return true;
}

// One argument: the file to read and its kind; false with a message naming the argument.
bool classifyOne(const std::string& arg, std::string* file, MergeKind* kind, std::string* error) {
  std::error_code ec;
  if (fs::is_directory(arg, ec)) {
    bool report = fs::is_regular_file(fs::path(arg) / "report.json", ec);
    bool load = fs::is_regular_file(fs::path(arg) / "load.json", ec);
    if (report && load) {
      *error = arg + " holds both report.json and load.json: give the file you mean";
      return false;
    }
    if (!report && !load) {
      *error = arg + " holds neither report.json (a run's report dir) nor load.json (a load shard's)";
      return false;
    }
    *file = (fs::path(arg) / (report ? "report.json" : "load.json")).string();
    *kind = report ? MergeKind::Reports : MergeKind::Loads;
    return true;
  }
  if (!fs::is_regular_file(arg, ec)) {
    *error = arg + ": no such report dir or file";
    return false;
  }
  *file = arg;
  if (endsWith(arg, "report.json")) *kind = MergeKind::Reports;
  else if (endsWith(arg, "load.json")) *kind = MergeKind::Loads;
  else return sniffKind(arg, kind, error);
  return true;
}

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

bool classifyMergeInputs(const std::vector<std::string>& args, MergeInputs* out, std::string* error) {
  if (args.empty()) {
    *error = "merge needs the report dirs (report.json) of the runs, or the load.json of load shards";
    return false;
  }
  if (args.size() > kMaxMergedReports) {
    *error = "merge takes at most " + std::to_string(kMaxMergedReports) + " runs, got " + std::to_string(args.size());
    return false;
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string file;
    MergeKind kind;
    if (!classifyOne(args[i], &file, &kind, error)) return false;
    if (i == 0) out->kind = kind;
    if (kind != out->kind) {
      *error = "merge: " + args[0] + " is a " + (out->kind == MergeKind::Reports ? "report.json" : "load.json") +
               " but " + args[i] + " is a " + (kind == MergeKind::Reports ? "report.json" : "load.json") +
               ": merge conformance runs or load shards, not both";
      return false;
    }
    std::error_code ec;
    auto canonical = fs::weakly_canonical(file, ec).string();
    if (!seen.insert(ec ? file : canonical).second) {
      *error = "merge: " + file + " is given twice";
      return false;
    }
    out->files.push_back(file);
    // A run is named by its report dir, however it was given ("b/report.json" -> "b").
    auto label = args[i];
    if (label != "report.json" && endsWith(label, "/report.json")) label.erase(label.size() - 12);
    out->labels.push_back(label);
  }
  return true;
}

int mergeReportsCommand(const MergeInputs& inputs, const std::string& reportDir, bool strict,
                        MergeGithubOutput github) {
  std::vector<ReadReport> reads;
  size_t bytes = 0;
  for (const auto& file : inputs.files) {
    std::error_code ec;
    bytes += static_cast<size_t>(fs::file_size(file, ec));
    if (bytes > kMaxMergedBytes) {
      std::cerr << "webhook-conformance: merge: the report.json files exceed "
                << kMaxMergedBytes / (1024 * 1024) << " MiB together (at " << file << ")\n";
      return kExitUsage;
    }
    ReadReport read;
    std::string error;
    if (!readReportJson(file, &read, &error)) {
      std::cerr << "webhook-conformance: " << mergedText(error) << "\n";
      return kExitUsage;
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
      !writeReportFile(mergedJsonReport(judged, merged).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
                       (fs::path(reportDir) / "report.json").string(), &error) ||
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
