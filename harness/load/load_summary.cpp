#include "load/load_summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace wc::load {
namespace {

// The checks, one row each, with their literal ids (grep the id, land here).
struct CheckRow {
  Problem problem;
  const char* id;
  const char* title;
  const char* what;  // "N runs <what>"
};
constexpr CheckRow kCheckRows[] = {
    {Problem::NotCreated, "load.created", "every run the harness sent was accepted by the target",
     "were refused or failed at creation"},
    {Problem::Lost, "load.lost", "every run sends its webhook (none is lost)",
     "never sent a webhook"},
    {Problem::Duplicated, "load.duplicates", "every run sends its webhook exactly once",
     "sent more than one webhook"},
    {Problem::PayloadInvalid, "load.payload",
     "every webhook body is a valid payload of its run (JSON, schema, run_id)",
     "sent a body that is not a valid payload of the run"},
    {Problem::TokenMangled, "load.token",
     "every webhook arrives on its URL byte-exact, the ?token= query included",
     "had their webhook URL or token changed"},
    {Problem::StatusMismatch, "load.status",
     "the webhook's status is the run's final status as the API reports it",
     "sent a status other than the run's final status (or never reached one)"},
};

std::string fixed(double v, int digits = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size(), std::max<size_t>(rank, 1)) - 1];
}

LatencyStats latencyStats(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  LatencyStats s;
  s.count = values.size();
  s.p50 = percentile(values, 50);
  s.p90 = percentile(values, 90);
  s.p99 = percentile(values, 99);
  s.max = values.empty() ? 0 : values.back();
  return s;
}

size_t LoadSummary::count(Problem p) const {
  for (const auto& [problem, n] : problems)
    if (problem == p) return n;
  return 0;
}

LoadSummary summarize(const std::vector<LoadRun>& runs, double maxP99Ms, size_t strays) {
  LoadSummary s;
  s.planned = runs.size();
  s.strays = strays;
  s.maxP99Ms = maxP99Ms;
  for (Problem p : kAllProblems) s.problems.emplace_back(p, 0);
  std::vector<double> fromCreation, fromRunEnd;
  for (const auto& r : runs) {
    if (!r.sent) {
      ++s.notSent;
      continue;
    }
    ++s.sent;
    s.created += r.creationError.empty();
    s.finished += r.finished;
    s.webhooks += r.webhooks;
    if (r.interrupted && r.webhooks == 0) {
      ++s.interrupted;
      continue;
    }
    s.statusUnknown += r.creationError.empty() && r.apiStatus.empty();
    auto problems = problemsOf(r);
    s.exactlyOnce += problems.empty();
    for (Problem p : problems)
      for (auto& [problem, n] : s.problems) n += problem == p;
    double ms = 0;
    if (creationLatencyMs(r, &ms)) fromCreation.push_back(ms);
    if (runEndLatencyMs(r, &ms)) fromRunEnd.push_back(ms);
    if (s.startMs == 0 || r.createStartMs < s.startMs) s.startMs = r.createStartMs;
    s.endMs = std::max({s.endMs, r.createEndMs, r.firstArrivalMs});
    for (double later : r.laterArrivalsMs) s.endMs = std::max(s.endMs, later);
  }
  s.creationToWebhook = latencyStats(std::move(fromCreation));
  s.runEndToWebhook = latencyStats(std::move(fromRunEnd));
  s.wallSeconds = s.sent ? std::max(0.0, (s.endMs - s.startMs) / 1000.0) : 0;
  if (s.wallSeconds > 0) {
    s.runsPerSecond = static_cast<double>(s.created) / s.wallSeconds;
    s.webhooksPerSecond = static_cast<double>(s.webhooks) / s.wallSeconds;
  }

  for (const auto& row : kCheckRows) {
    LoadCheck c{row.id, row.title};
    for (const auto& r : runs) {
      auto problems = problemsOf(r);
      if (std::find(problems.begin(), problems.end(), row.problem) == problems.end()) continue;
      if (c.failures++ < kMaxNamedRuns) c.runIndices.push_back(r.index);
    }
    c.failed = c.failures > 0;
    if (c.failed) {
      c.message = std::to_string(c.failures) + " of " + std::to_string(s.sent) + " runs " + row.what + ":";
      size_t named = 0;
      for (const auto& r : runs) {
        if (named == c.runIndices.size()) break;
        if (r.index != c.runIndices[named]) continue;
        ++named;
        c.message += "\n  run " + std::to_string(r.index) +
                     (r.runId.empty() ? "" : " (run_id " + r.runId + ")") + ": " + problemText(r, row.problem);
      }
      if (c.failures > named) c.message += "\n  ... and " + std::to_string(c.failures - named) + " more (load.json lists every run)";
    } else {
      c.message = s.sent ? "all " + std::to_string(s.sent) + " runs sent pass" : "no run was sent";
    }
    s.checks.push_back(std::move(c));
  }
  LoadCheck budget{"load.latency-budget", "p99 of run creation -> webhook is within --max-p99-ms"};
  if (maxP99Ms <= 0) {
    budget.skipped = true;
    budget.message = "no --max-p99-ms given";
  } else {
    budget.failed = s.creationToWebhook.count == 0 || s.creationToWebhook.p99 > maxP99Ms;
    budget.message = "p99 " + fixed(s.creationToWebhook.p99) + " ms over " +
                     std::to_string(s.creationToWebhook.count) + " webhooks, budget " +
                     fixed(maxP99Ms) + " ms";
  }
  s.checks.push_back(budget);
  for (const auto& c : s.checks) s.gateFailed = s.gateFailed || c.failed;
  return s;
}

}  // namespace wc::load
