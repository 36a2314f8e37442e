#include "cli/load_command.h"

#include <iostream>
#include <new>

#include "cli/annotations.h"
#include "cli/merge_command.h"
#include "cli/usage_error.h"
#include "client/http_exchange.h"
#include "launch/langgraph_js_launcher.h"
#include "load/load_merge.h"
#include "load/load_mode.h"
#include "load/load_verdict.h"
#include "util/cancellation.h"
#include "util/stop_signals.h"

namespace wc {

int loadCommand(const load::LoadOptions& o) {
  load::LoadPlan plan;
  std::string error;
  if (!load::planLoad(o, &plan, &error)) return usageError(error);
  if (auto why = load::captureProblem(o); !why.empty()) return usageError(why);
  const bool embedded = o.session.target.empty() && o.session.launch.empty();
  std::cout << "load: " << o.runs << " runs planned"
            << (plan.shardCount > 1 ? " (this shard " + std::to_string(plan.shardIndex + 1) + "/" +
                                          std::to_string(plan.shardCount) + ": " +
                                          std::to_string(plan.runIndices.size()) + ")" : "")
            << " on " << plan.endpointSlug << ", concurrency " << o.concurrency
            << (plan.ratePerSecond > 0 ? ", at most " + o.rate + " creations/s" : "") << "\n"
            << std::flush;
  if (!embedded && o.runs > load::kConfirmRunsAbove && !o.yes)
    return usageError("load creates " + std::to_string(o.runs) + " real runs on the target (more than " +
                      std::to_string(load::kConfirmRunsAbove) + "): add --yes to confirm the cost");

  auto cancellation = std::make_shared<Cancellation>();
  cancellation->onCancel(wakeTargetCalls);  // calls in flight end at once
  watchStopSignals([cancellation](int sig) {
    std::cerr << "\nwebhook-conformance: " << (sig == SIGINT ? "SIGINT" : "SIGTERM")
              << " received: stopping the load test and writing the reports (a second signal "
                 "exits at once)" << std::endl;
    cancellation->cancel(std::string(sig == SIGINT ? "SIGINT" : "SIGTERM") + " received");
  }, killLaunchedServerNow);
  return load::runLoad(o, plan, cancellation, std::cout, std::cerr);
}

namespace {

int mergeFiles(const MergeCommandOptions& o) {
  MergeInputs inputs;
  std::string error;
  if (!classifyMergeInputs(o.files, &inputs, &error)) return usageError(error);
  if (inputs.kind == MergeKind::Reports) {  // conformance runs
    if (o.maxP99Ms >= 0) return usageError("merge: --max-p99-ms is for load.json shards, not report.json runs");
    AnnotationStyle style = AnnotationStyle::None;
    if (auto why = annotationStyleFromFlag(o.annotations, &style); !why.empty())
      return usageError(why);
    return mergeReportsCommand(inputs, o.reportDir, o.strict,
                               {style == AnnotationStyle::Github, !o.noStepSummary});
  }
  if (o.strict) return usageError("merge: --strict is for report.json runs, not load.json shards");
  load::LoadReport merged;
  if (!load::mergeLoadFiles(inputs.files, o.maxP99Ms, &merged, &error)) return usageError(error);
  if (!load::writeLoadReports(merged, o.reportDir, &error)) return usageError(error);
  std::cout << "merge: " << o.files.size() << " shard(s), " << merged.runs.size() << " runs\n";
  return load::printLoadVerdict(merged, o.reportDir, std::cout);
}

}  // namespace

int mergeCommand(const MergeCommandOptions& o) {
  // The inputs are bounded, but their sum can still outgrow a small machine: that is too much
  // input, exit 2 like any other (main's last resort would say 3, "target unreachable"). The
  // report set is renamed into place only at its end, so nothing half-written is left.
  const auto outOfMemory = "merge: out of memory while merging " + std::to_string(o.files.size()) +
                           " file(s): merge fewer at a time (nothing written)";
  setOutOfMemoryExit(kExitUsage, outOfMemory);  // for where no catch can help (main.cpp)
  try {
    return mergeFiles(o);
  } catch (const std::bad_alloc&) {
    return usageError(outOfMemory);
  }
}

}  // namespace wc
