#include "load/load_options.h"

#include <cmath>
#include <cstdlib>

namespace wc::load {
namespace {

bool fail(std::string* error, const std::string& message) {
  *error = message;
  return false;
}

// A whole decimal number in [min, max], nothing else ("12", not "12x", "1e3" or " 12").
bool parseBoundedInt(const std::string& text, long min, long max, long* out) {
  if (text.empty() || text.size() > 9) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  long v = std::strtol(text.c_str(), nullptr, 10);
  if (v < min || v > max) return false;
  *out = v;
  return true;
}

// "50", "50/s", "2.5/s" -> runs per second in (0, kMaxRatePerSecond].
bool parseRate(const std::string& text, double* out) {
  std::string number = text;
  if (number.size() > 2 && number.compare(number.size() - 2, 2, "/s") == 0)
    number.resize(number.size() - 2);
  if (number.empty() || number.size() > 16) return false;
  for (char c : number)
    if (!(c >= '0' && c <= '9') && c != '.') return false;
  char* end = nullptr;
  double v = std::strtod(number.c_str(), &end);
  if (!end || *end != '\0' || !std::isfinite(v) || v <= 0 || v > kMaxRatePerSecond) return false;
  *out = v;
  return true;
}

}  // namespace

std::string loadEndpointList() {
  std::string out;
  for (const auto& e : allEndpoints())
    if (!e.cron) out += (out.empty() ? "" : ", ") + e.slug;
  return out;
}

bool parseShard(const std::string& text, int* index, int* count) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return false;
  long i = 0, n = 0;
  if (!parseBoundedInt(text.substr(0, slash), 1, kMaxShards, &i) ||
      !parseBoundedInt(text.substr(slash + 1), 1, kMaxShards, &n) || i > n)
    return false;
  *index = static_cast<int>(i - 1);
  *count = static_cast<int>(n);
  return true;
}

bool planLoad(const LoadOptions& o, LoadPlan* plan, std::string* error) {
  if (o.runs < 1 || o.runs > kMaxRuns)
    return fail(error, "--runs must be between 1 and " + std::to_string(kMaxRuns) + ", got " +
                           std::to_string(o.runs));
  if (o.concurrency < 1 || o.concurrency > kMaxConcurrency)
    return fail(error, "--concurrency must be between 1 and " + std::to_string(kMaxConcurrency) +
                           ", got " + std::to_string(o.concurrency));
  plan->ratePerSecond = 0;
  if (!o.rate.empty() && !parseRate(o.rate, &plan->ratePerSecond))
    return fail(error, "--rate must be runs per second, like 50 or 50/s, above 0 and at most " +
                           std::to_string(static_cast<long>(kMaxRatePerSecond)) + "/s");
  if (!std::isfinite(o.durationSeconds) || o.durationSeconds < 0 ||
      o.durationSeconds > kMaxDurationSeconds)
    return fail(error, "--duration must be 0 (no limit) to " +
                           std::to_string(static_cast<long>(kMaxDurationSeconds)) + " seconds");
  if (!std::isfinite(o.maxP99Ms) || o.maxP99Ms < 0 || o.maxP99Ms > kMaxP99BudgetMs)
    return fail(error, "--max-p99-ms must be 0 (no budget) to " +
                           std::to_string(static_cast<long>(kMaxP99BudgetMs)));
  // The endpoint list comes from allEndpoints(): endpoints added there appear here unasked.
  const EndpointInfo* chosen = nullptr;
  for (const auto& e : allEndpoints())
    if (e.slug == o.endpoint) chosen = &e;
  if (!chosen)
    return fail(error, "--endpoint: unknown endpoint '" + o.endpoint.substr(0, 64) +
                           "'; valid: " + loadEndpointList());
  if (chosen->cron)
    return fail(error, "--endpoint " + chosen->slug +
                           ": cron endpoints are not load-tested (a cron fires on its schedule, "
                           "not per request); valid: " + loadEndpointList());
  plan->endpoint = chosen->endpoint;
  plan->endpointSlug = chosen->slug;
  plan->stateful = chosen->stateful;
  plan->shardIndex = 0;
  plan->shardCount = 1;
  if (!o.shard.empty() && !parseShard(o.shard, &plan->shardIndex, &plan->shardCount))
    return fail(error, "--shard must be i/n with 1 <= i <= n <= " + std::to_string(kMaxShards) +
                           ", got '" + o.shard.substr(0, 32) + "'");
  if (plan->shardCount > o.runs)
    return fail(error, "--shard " + o.shard + ": more shards than --runs (" +
                           std::to_string(o.runs) + ")");
  if (o.threads < 0 || o.threads > kMaxRuns)
    return fail(error, "--threads must be 0 (one thread per run) to " + std::to_string(kMaxRuns));
  if (o.threads > 0 && !plan->stateful)
    return fail(error, "--threads applies to thread endpoints; " + plan->endpointSlug +
                           " creates stateless runs");
  plan->totalRuns = o.runs;
  plan->runIndices.clear();
  for (long i = plan->shardIndex; i < o.runs; i += plan->shardCount) plan->runIndices.push_back(i);
  const long mine = static_cast<long>(plan->runIndices.size());
  plan->threads = plan->stateful ? (o.threads == 0 ? mine : std::min(o.threads, mine)) : 0;
  return true;
}

}  // namespace wc::load
