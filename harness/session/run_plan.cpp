#include "session/run_plan.h"


namespace wc {
namespace {

// A deployment's crons tick once a minute at most; a cron case stops its cron by its budget.
size_t firingsWithin(std::chrono::seconds budget, double timeoutScale) {
  const auto seconds = static_cast<size_t>(budget.count() * timeoutScale);
  return seconds / 60 + 1;
}

std::string plural(size_t n, const char* what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

}  // namespace

RunPlan planRun(const std::vector<const CaseDef*>& selected,
                const std::function<const TargetProfile&(const CaseDef&)>& profileOf,
                std::chrono::milliseconds bound, double timeoutScale,
                std::chrono::milliseconds healthInterval) {
  RunPlan plan;
  plan.bound = bound;
  // One before the first case, one after the last, one per interval in between (runner/target_health.h).
  plan.healthRuns = healthInterval.count() > 0 ? bound / healthInterval + 2 : 2;
  for (const auto* c : selected) {
    if (auto why = c->unmetNeed ? c->unmetNeed(profileOf(*c)) : std::nullopt) {
      plan.toSkip.emplace_back(c->info.id, *why);
      continue;
    }
    plan.toRun.push_back(c->info.id);
    const auto cost = plannedCreations(c->info);
    plan.runs += cost.runs;
    plan.threads += cost.threads;
    plan.crons += cost.crons;
    plan.cronFirings += cost.crons * firingsWithin(c->info.budget, timeoutScale);
  }
  return plan;
}

std::string describePlan(const RunPlan& p) {
  const auto minutes = std::chrono::duration_cast<std::chrono::seconds>(p.bound).count() / 60.0;
  char bound[32];
  std::snprintf(bound, sizeof bound, "%.1f", minutes);
  std::string out = "plan: " + plural(p.toRun.size(), "case") + " to run, " +
                    std::to_string(p.toSkip.size()) + " to skip, against " + p.target + "\n";
  out += "plan: creates at most " + plural(p.runs, "run") + ", " + plural(p.threads, "thread") +
         " and " + plural(p.crons, "cron") + " (whose firings start at most " +
         plural(p.cronFirings, "more run") + "), plus at most " +
         plural(p.healthRuns, "health-check run") + " (one every few seconds while cases run, "
         "on a thread or two); all tagged created_by: webhook-conformance, conformance_run: " +
         p.conformanceRun + "\n";
  out += "plan: ends within " + std::string(bound) + " min (the run's bound)";
  // Only a target the user named keeps what the run leaves: the others stop with the run.
  if (p.target.rfind("http", 0) == 0)
    out += "; `webhook-conformance cleanup --target " + p.target + " --run " + p.conformanceRun +
           "` deletes what it leaves (or run with --cleanup)";
  out += "\n";
  return out;
}

nlohmann::json planJson(const RunPlan& p) {
  nlohmann::json skipped = nlohmann::json::array();
  for (const auto& [id, why] : p.toSkip) skipped.push_back({{"id", id}, {"why", why}});
  return {{"cases_to_run", p.toRun.size()},
          {"cases_to_skip", skipped},
          {"runs", p.runs},
          {"threads", p.threads},
          {"crons", p.crons},
          {"cron_firings", p.cronFirings},
          {"health_runs", p.healthRuns},
          {"bound_ms", p.bound.count()}};
}

}  // namespace wc
