// The report writers at load-mode sizes: junit.xml, report.json, report.html and
// summary.md for 1,000 and 10,000 synthetic case results. Google Benchmark fits each writer's
// time to O(N) (the `_BigO` and `_RMS` rows); time per case that stays flat from 1,000 to 10,000
// cases is the claim (bench/run_benchmarks.py prints it), a quadratic path shows as 10x per case.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "payload_sample.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/junit_report.h"
#include "report/markdown_summary.h"
#include "report/run_report.h"

namespace {

using namespace wc;

// One result per case, cycling through what a real run holds: the nine areas, every verdict,
// and on a failure the evidence a writer renders (a 2 KB webhook, schema errors, lines).
RunReport syntheticReport(size_t cases) {
  static const char* kAreas[] = {"delivery", "payload",     "token",   "headers",   "disable",
                                 "url-policy", "failure", "concurrency", "resilience"};
  static const Verdict kVerdicts[] = {Verdict::Pass, Verdict::Pass, Verdict::Pass, Verdict::Fail,
                                      Verdict::Warn, Verdict::Info, Verdict::Skip, Verdict::Error};
  RunReport report;
  report.toolVersion = "bench";
  report.profile.baseUrl = "http://127.0.0.1:1";
  report.profile.info = {{"version", "0.16.0"}};
  report.startedAt = std::chrono::system_clock::now();
  report.duration = std::chrono::milliseconds(1000);
  const auto body = bench::samplePayload();
  report.results.reserve(cases);
  for (size_t i = 0; i < cases; ++i) {
    CaseResult r;
    const char* area = kAreas[i % 9];
    r.info.id = std::string(area) + ".case-" + std::to_string(i);
    r.info.area = area;
    r.info.endpoint = "POST /threads/{thread_id}/runs";
    r.info.level = i % 5 == 0 ? Level::Should : Level::Must;
    r.info.title = "synthetic case " + std::to_string(i);
    r.info.source = "docs: webhooks";
    r.verdict = kVerdicts[i % 8];
    r.message = r.verdict == Verdict::Pass ? "" : "what went wrong in case " + std::to_string(i);
    r.duration = std::chrono::milliseconds(10 + i % 50);
    r.startedAt = report.startedAt + std::chrono::milliseconds(i % 900);
    r.instance = "default";
    if (r.verdict == Verdict::Fail || r.verdict == Verdict::Error) {
      CapturedRequest w;
      w.method = "POST";
      w.target = "/hook/" + r.info.id + "?token=t";
      w.headers = {{"Content-Type", "application/json"}};
      w.body = body;
      w.arrivedAt = report.startedAt;
      w.peer = "127.0.0.1:5000";
      r.evidence.requests.push_back(w);
      r.evidence.schemaErrors.push_back({"/status", "value not in enum"});
      r.evidence.failures.push_back("expected status success, got running");
    }
    report.results.push_back(std::move(r));
  }
  return report;
}

std::string scratchFile(const char* name) {
  return (std::filesystem::temp_directory_path() /
          ("wc-report-bench-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

template <typename Write>
void writeReport(benchmark::State& state, const char* file, Write write) {
  const auto report = syntheticReport(static_cast<size_t>(state.range(0)));
  const JudgedRun judged(report);
  const auto path = scratchFile(file);
  std::string error;
  for (auto _ : state)
    if (!write(judged, path, &error)) state.SkipWithError(error.c_str());
  state.SetComplexityN(state.range(0));
  std::filesystem::remove(path);
}

void BM_JunitReport(benchmark::State& state) { writeReport(state, "junit.xml", writeJunitReport); }
void BM_JsonReport(benchmark::State& state) { writeReport(state, "report.json", writeJsonReport); }
void BM_HtmlReport(benchmark::State& state) { writeReport(state, "report.html", writeHtmlReport); }
void BM_MarkdownSummary(benchmark::State& state) {
  writeReport(state, "summary.md", [](const JudgedRun& j, const std::string& p, std::string* e) {
    return writeMarkdownSummary(j, p, e);
  });
}

#define WC_REPORT_BENCH(fn) \
  BENCHMARK(fn)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->Complexity(benchmark::oN)
WC_REPORT_BENCH(BM_JunitReport);
WC_REPORT_BENCH(BM_JsonReport);
WC_REPORT_BENCH(BM_HtmlReport);
WC_REPORT_BENCH(BM_MarkdownSummary);

}  // namespace

BENCHMARK_MAIN();
