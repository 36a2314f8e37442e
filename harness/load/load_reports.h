#pragma once
// The three files of a load test: load.json (every run, the summary, the checks; `merge` reads
// it back), load.html (self-contained: SVG histogram and arrival timeline, no scripts, no
// network) and load-junit.xml (one testcase per check). Every text passes the redactor.
#include <string>
#include <vector>

#include "load/load_run.h"
#include "load/load_summary.h"
#include "report/redactor.h"

namespace wc::load {

// What a load test was, beside its rows: enough to merge shards and to title the reports.
struct LoadHeader {
  std::string toolVersion;
  std::string target;  // display URL ("embedded reference" for the default target)
  std::string targetVersion;  // GET /info's version, "" when unknown
  std::string endpoint;
  long totalRuns = 0;  // over all shards
  int shardIndex = 0, shardCount = 1;
  std::vector<int> shardsMerged;  // merge: the 0-based shards it combined (empty otherwise)
  int concurrency = 0;
  double ratePerSecond = 0, durationSeconds = 0;
  long threads = 0;
  double maxP99Ms = 0;  // --max-p99-ms (0: none)
  std::string referenceFault;
  std::string interrupted;  // the reason, "" when the test ran to its end
};

struct LoadReport {
  LoadHeader header;
  std::vector<LoadRun> runs;
  LoadSummary summary;
  Redactor redactor;
};

// Failed runs listed in load.html, at most (load.json has them all).
constexpr size_t kMaxHtmlRuns = 200;

std::string renderLoadJson(const LoadReport& report);
std::string renderLoadHtml(const LoadReport& report);
std::string renderLoadJunit(const LoadReport& report);

// Writes load.json, load.html and load-junit.xml into `dir`; false with the failing path.
bool writeLoadReports(const LoadReport& report, const std::string& dir, std::string* error);

// Reads one load.json (at most kMaxLoadJsonBytes) back into its header and rows (the summary is
// recomputed by the caller). false with a message naming the file and what is wrong.
constexpr size_t kMaxLoadJsonBytes = 512ull * 1024 * 1024;
bool readLoadJson(const std::string& path, LoadHeader* header, std::vector<LoadRun>* runs,
                  size_t* strays, std::string* error);

}  // namespace wc::load
