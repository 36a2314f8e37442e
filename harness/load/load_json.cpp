// load.json: written one run per line (100,000 runs stay a readable, diffable file) and read
// back by `merge` with every field shape-checked: a shard's file is input like any other.
#include <algorithm>
#include <sstream>

#include "load/load_options.h"
#include "load/load_reports.h"
#include "report/text_safety.h"
#include "util/bounded_json.h"

namespace wc::load {
namespace {

constexpr int kFormat = 1;

nlohmann::json statsJson(const LatencyStats& s) {
  return {{"count", s.count}, {"p50_ms", s.p50}, {"p90_ms", s.p90}, {"p99_ms", s.p99}, {"max_ms", s.max}};
}

nlohmann::json runJson(const LoadRun& r, const Redactor& red) {
  auto text = [&](const std::string& t) { return validUtf8(red.redact(t)); };
  nlohmann::json problems = nlohmann::json::array();
  for (Problem p : problemsOf(r)) problems.push_back(toString(p));
  nlohmann::json j = {
      {"index", r.index}, {"shard", r.shard + 1}, {"endpoint", r.endpoint},
      {"thread_id", text(r.threadId)}, {"run_id", text(r.runId)}, {"route", r.route},
      {"expected_target", r.expectedTarget}, {"outcome", outcomeOf(r)}, {"problems", problems},
      {"sent", r.sent}, {"not_sent_reason", r.notSentReason},
      {"create_start_ms", r.createStartMs}, {"create_end_ms", r.createEndMs},
      {"creation_error", text(r.creationError)}, {"finished", r.finished}, {"interrupted", r.interrupted},
      {"webhooks", r.webhooks}, {"first_arrival_ms", r.firstArrivalMs},
      {"later_arrivals_ms", r.laterArrivalsMs}, {"run_ended_ms", r.runEndedMs},
      {"run_end_source", r.runEndSource}, {"payload_problem", text(r.payloadProblem)},
      {"token_problem", text(r.tokenProblem)}, {"payload_status", text(r.payloadStatus)},
      {"api_status", text(r.apiStatus)}, {"status_problem", text(r.statusProblem)}};
  double ms = 0;
  j["creation_to_webhook_ms"] = creationLatencyMs(r, &ms) ? nlohmann::json(ms) : nlohmann::json();
  j["run_end_to_webhook_ms"] = runEndLatencyMs(r, &ms) ? nlohmann::json(ms) : nlohmann::json();
  return j;
}

}  // namespace

std::string renderLoadJson(const LoadReport& report) {
  const auto& h = report.header;
  const auto& s = report.summary;
  const auto& red = report.redactor;
  nlohmann::json shards = nlohmann::json::array();
  for (int i : h.shardsMerged) shards.push_back(i + 1);
  nlohmann::json counts = {{"planned", s.planned}, {"sent", s.sent}, {"not_sent", s.notSent},
                           {"created", s.created}, {"finished", s.finished},
                           {"webhooks", s.webhooks}, {"exactly_once_ok", s.exactlyOnce},
                           {"interrupted", s.interrupted}, {"status_unknown", s.statusUnknown}, {"strays", s.strays}};
  for (const auto& [p, n] : s.problems) counts[toString(p)] = n;
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& c : s.checks)
    checks.push_back({{"id", c.id}, {"title", c.title},
                      {"outcome", c.skipped ? "skip" : c.failed ? "fail" : "pass"},
                      {"failures", c.failures}, {"runs", c.runIndices},
                      {"message", validUtf8(red.redact(c.message))}});
  nlohmann::json top = {
      {"format", kFormat}, {"kind", "webhook-conformance load"}, {"tool_version", h.toolVersion},
      {"target", validUtf8(red.redact(h.target))},
      {"target_version", validUtf8(red.redact(h.targetVersion))}, {"endpoint", h.endpoint},
      {"total_runs", h.totalRuns}, {"shard", {{"index", h.shardIndex + 1}, {"count", h.shardCount}}},
      {"merged_shards", shards},
      {"options", {{"concurrency", h.concurrency}, {"rate_per_s", h.ratePerSecond},
                   {"duration_s", h.durationSeconds}, {"threads", h.threads},
                   {"max_p99_ms", h.maxP99Ms}, {"reference_fault", h.referenceFault}}},
      {"interrupted", h.interrupted.empty() ? nlohmann::json() : nlohmann::json(validUtf8(red.redact(h.interrupted)))},
      {"gate", s.gateFailed || !h.interrupted.empty() ? "fail" : "pass"},
      {"summary", {{"counts", counts},
                   {"latency", {{"creation_to_webhook", statsJson(s.creationToWebhook)},
                                {"run_end_to_webhook", statsJson(s.runEndToWebhook)}}},
                   {"wall_s", s.wallSeconds}, {"runs_per_s", s.runsPerSecond},
                   {"webhooks_per_s", s.webhooksPerSecond}}},
      {"checks", checks}};
  std::string head = top.dump(2);
  head.resize(head.size() - 2);  // reopen the object: "\n}" -> add "runs"
  std::ostringstream out;
  out << head << ",\n  \"runs\": [";
  for (size_t i = 0; i < report.runs.size(); ++i)
    out << (i ? ",\n    " : "\n    ") << runJson(report.runs[i], red).dump();
  out << "\n  ]\n}\n";
  return out.str();
}

bool readLoadJson(const std::string& path, LoadHeader* header, std::vector<LoadRun>* runs,
                  size_t* strays, std::string* error) {
  std::string text;
  if (!readBoundedFile(path, kMaxLoadJsonBytes, &text, error)) return false;
  std::string why;
  JsonLimits limits;
  limits.maxBytes = kMaxLoadJsonBytes;
  auto doc = parseBoundedJson(text, limits, &why);
  auto bad = [&](const std::string& what) {
    *error = path + ": " + what;
    return false;
  };
  if (!doc || !doc->is_object()) return bad("not a JSON object: " + why);
  if (textField(*doc, "kind") != "webhook-conformance load") return bad("not a load.json (kind)");
  if (!doc->contains("format") || (*doc)["format"] != kFormat)
    return bad("format must be " + std::to_string(kFormat));
  const auto& d = *doc;
  // A member that must be an object; an empty one when absent or of another type.
  auto objectAt = [](const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_object() ? *it : nlohmann::json::object();
  };
  auto num = [](const nlohmann::json& j, const char* key, double fallback = 0) {
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : fallback;
  };
  // Numbers from the file are clamped before they become integers (a cast of 1e300 is UB).
  auto whole = [&](const nlohmann::json& j, const char* key, double fallback = 0) {
    return static_cast<long>(std::clamp(num(j, key, fallback), -1.0, 1e12));
  };
  header->toolVersion = textField(d, "tool_version");
  header->target = textField(d, "target");
  header->targetVersion = textField(d, "target_version");
  header->endpoint = textField(d, "endpoint");
  header->totalRuns = whole(d, "total_runs");
  const auto shard = objectAt(d, "shard");
  header->shardIndex = static_cast<int>(whole(shard, "index")) - 1;
  header->shardCount = static_cast<int>(whole(shard, "count"));
  if (header->totalRuns < 1 || header->totalRuns > kMaxRuns)
    return bad("total_runs must be 1.." + std::to_string(kMaxRuns));
  if (header->shardCount < 1 || header->shardCount > kMaxShards || header->shardIndex < 0 || header->shardIndex >= header->shardCount)
    return bad("shard must be {index, count} with 1 <= index <= count");
  const auto options = objectAt(d, "options");
  header->concurrency = static_cast<int>(whole(options, "concurrency"));
  header->ratePerSecond = num(options, "rate_per_s");
  header->durationSeconds = num(options, "duration_s");
  header->threads = whole(options, "threads");
  header->maxP99Ms = num(options, "max_p99_ms");
  header->referenceFault = textField(options, "reference_fault");
  header->interrupted = textField(d, "interrupted");
  *strays = static_cast<size_t>(std::max(0L, whole(objectAt(objectAt(d, "summary"), "counts"), "strays")));
  auto it = d.find("runs");
  if (it == d.end() || !it->is_array()) return bad("no runs array");
  for (const auto& j : *it) {
    if (!j.is_object()) return bad("a run is not an object");
    LoadRun r;
    r.index = whole(j, "index", -1);
    r.shard = static_cast<int>(whole(j, "shard")) - 1;
    if (r.index < 0 || r.index >= header->totalRuns) return bad("run index out of 0..total_runs-1");
    r.endpoint = textField(j, "endpoint");
    r.threadId = textField(j, "thread_id");
    r.runId = textField(j, "run_id");
    r.route = textField(j, "route");
    r.expectedTarget = textField(j, "expected_target");
    r.sent = flagField(j, "sent");
    r.notSentReason = textField(j, "not_sent_reason");
    r.createStartMs = num(j, "create_start_ms");
    r.createEndMs = num(j, "create_end_ms");
    r.creationError = textField(j, "creation_error");
    r.finished = flagField(j, "finished");
    r.interrupted = flagField(j, "interrupted");
    r.webhooks = static_cast<size_t>(std::max(0L, whole(j, "webhooks")));
    r.firstArrivalMs = num(j, "first_arrival_ms");
    if (auto later = j.find("later_arrivals_ms"); later != j.end() && later->is_array())
      for (const auto& t : *later)
        if (t.is_number() && r.laterArrivalsMs.size() < kMaxArrivalsKept) r.laterArrivalsMs.push_back(t.get<double>());
    r.runEndedMs = num(j, "run_ended_ms");
    r.runEndSource = textField(j, "run_end_source");
    r.payloadProblem = textField(j, "payload_problem");
    r.tokenProblem = textField(j, "token_problem");
    r.payloadStatus = textField(j, "payload_status");
    r.apiStatus = textField(j, "api_status");
    r.statusProblem = textField(j, "status_problem");
    runs->push_back(std::move(r));
  }
  return true;
}

}  // namespace wc::load
