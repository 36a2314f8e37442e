#include "reference/crons/cron_scheduler.h"

#include <algorithm>
#include <cctype>

#include "reference/http/request_fields.h"
#include "reference/runs/graphs.h"
#include "util/ids.h"

namespace wc::reference {
namespace {

// parseIsoTimestamp for a client's end_time: the year is checked first, because a
// system_clock time_point (int64 nanoseconds) overflows after 2262 (UB in the conversion).
bool parseEndTime(const std::string& text, CronSchedule::TimePoint* out) {
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  if (text.size() < 4 || !std::all_of(text.begin(), text.begin() + 4, digit)) return false;
  int year = std::stoi(text.substr(0, 4));
  return year >= 1970 && year <= 2261 && parseIsoTimestamp(text, out);
}

}  // namespace

CronScheduler::CronScheduler(RunEngine& engine, const ReferenceOptions& options,
                             const Fault& fault)
    : engine_(engine), options_(options), fault_(fault) {}

CronScheduler::~CronScheduler() { stop(); }

void CronScheduler::start() { thread_ = std::thread([this] { loop(); }); }

void CronScheduler::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::variant<nlohmann::json, ApiRefusal> CronScheduler::create(const std::string& threadId,
                                                               const nlohmann::json& body) {
  if (!body.is_object()) return ApiRefusal{422, "request body must be a JSON object"};
  if (!body.contains("schedule") || !body["schedule"].is_string())
    return ApiRefusal{422, "schedule is required (a cron expression)"};
  std::string why;
  auto schedule = CronSchedule::parse(body["schedule"].get<std::string>(), &why);
  if (!schedule) return ApiRefusal{422, "Invalid cron schedule: " + why};
  if (!body.contains("assistant_id") || !body["assistant_id"].is_string())
    return ApiRefusal{422, "assistant_id is required"};
  if (auto problem = fieldShapeProblem(body, {{"metadata", FieldShape::Object},
                                              {"config", FieldShape::Object},
                                              {"context", FieldShape::Object},
                                              {"interrupt_before", FieldShape::StringOrStringArray},
                                              {"interrupt_after", FieldShape::StringOrStringArray},
                                              {"multitask_strategy", FieldShape::String}}))
    return *problem;
  const GraphInfo* graph = findGraph(body["assistant_id"].get<std::string>());
  if (!graph) return ApiRefusal{404, "Assistant not found"};
  if (!threadId.empty() && !engine_.getThread(threadId))
    return ApiRefusal{404, "Thread not found"};
  if (body.contains("webhook") && !body["webhook"].is_null())
    if (auto refusal = engine_.admitWebhook(body["webhook"])) return *refusal;
  std::optional<TimePoint> endTime;
  if (body.contains("end_time") && !body["end_time"].is_null()) {
    TimePoint t;
    if (!body["end_time"].is_string() || !parseEndTime(body["end_time"].get<std::string>(), &t))
      return ApiRefusal{422, "end_time must be an ISO 8601 date-time (years 1970..2261)"};
    endTime = t;
  }
  std::string onRunCompleted = "keep";
  if (body.contains("on_run_completed") && !body["on_run_completed"].is_null()) {
    const auto& v = body["on_run_completed"];
    if (!v.is_string() || (v != "keep" && v != "delete"))
      return ApiRefusal{422, "on_run_completed must be \"keep\" or \"delete\""};
    onRunCompleted = v.get<std::string>();
  }
  bool enabled = true;
  if (body.contains("enabled") && !body["enabled"].is_null()) {
    if (!body["enabled"].is_boolean()) return ApiRefusal{422, "enabled must be true or false"};
    enabled = body["enabled"].get<bool>();
  }
  auto now = std::chrono::system_clock::now();
  auto next = schedule->nextAfter(now);
  if (!next) return ApiRefusal{422, "Invalid cron schedule: it never fires"};

  nlohmann::json runBody = nlohmann::json::object();
  for (const char* key : {"assistant_id", "input", "metadata", "config", "context", "webhook",
                          "interrupt_before", "interrupt_after", "multitask_strategy"})
    if (body.contains(key) && !body[key].is_null()) runBody[key] = body[key];
  auto id = newUuid4();
  auto created = isoTimestamp(now);
  Cron cron{{{"cron_id", id},
             {"assistant_id", graph->assistantId},
             // The spec types these as strings; like the Python server we send null when unset.
             {"thread_id", threadId.empty() ? nlohmann::json() : nlohmann::json(threadId)},
             {"end_time", body.value("end_time", nlohmann::json())},
             {"schedule", body["schedule"]},
             {"created_at", created},
             {"updated_at", created},
             {"user_id", nullptr},
             {"payload", runBody},
             {"next_run_date", isoTimestamp(*next)},
             {"metadata", body.value("metadata", nlohmann::json::object())},
             {"on_run_completed", onRunCompleted},
             {"enabled", enabled}},
            *schedule, *next, endTime, threadId, runBody, enabled, onRunCompleted == "delete"};
  nlohmann::json resource = cron.resource;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    crons_.emplace(id, std::move(cron));
    ++generation_;
  }
  wake_.notify_all();
  return resource;
}

nlohmann::json CronScheduler::search(const nlohmann::json& filter) const {
  nlohmann::json out = nlohmann::json::array();
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [id, cron] : crons_) {
    bool match = true;
    for (const char* key : {"assistant_id", "thread_id"}) {
      if (!filter.is_object() || !filter.contains(key) || filter[key].is_null()) continue;
      const auto* graph = filter[key].is_string() && std::string(key) == "assistant_id"
                              ? findGraph(filter[key].get<std::string>())
                              : nullptr;
      auto wanted = graph ? nlohmann::json(graph->assistantId) : filter[key];
      match = match && cron.resource[key] == wanted;
    }
    if (match) out.push_back(cron.resource);
  }
  return out;
}

bool CronScheduler::remove(const std::string& cronId) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!crons_.erase(cronId)) return false;
    ++generation_;
  }
  wake_.notify_all();
  return true;
}

std::variant<nlohmann::json, ApiRefusal> CronScheduler::patch(const std::string& cronId,
                                                              const nlohmann::json& body) {
  if (!body.is_object()) return ApiRefusal{422, "request body must be a JSON object"};
  // Everything is checked before anything changes: a refused patch leaves the cron as it was.
  if (body.contains("webhook") && !body["webhook"].is_null())
    if (auto refusal = engine_.admitWebhook(body["webhook"])) return *refusal;
  if (body.contains("enabled") && !body["enabled"].is_null() && !body["enabled"].is_boolean())
    return ApiRefusal{422, "enabled must be true or false"};
  std::optional<CronSchedule> schedule;
  if (body.contains("schedule") && !body["schedule"].is_null()) {
    std::string why;
    if (body["schedule"].is_string()) schedule = CronSchedule::parse(body["schedule"].get<std::string>(), &why);
    if (!schedule) return ApiRefusal{422, "Invalid cron schedule: " + why};
  }
  nlohmann::json resource;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = crons_.find(cronId);
    if (it == crons_.end()) return ApiRefusal{404, "Cron not found"};
    auto& cron = it->second;
    auto now = std::chrono::system_clock::now();
    // The fault cron-patch-ignored: the PATCH answers as if applied, later firings keep the old URL.
    if (body.contains("webhook") && !fault_.is(FaultMode::CronPatchIgnored)) {
      if (body["webhook"].is_null()) cron.runBody.erase("webhook");
      else cron.runBody["webhook"] = body["webhook"];
      cron.webhookPatched = true;
      cron.resource["payload"] = cron.runBody;
    }
    if (body.contains("enabled") && body["enabled"].is_boolean()) {
      cron.enabled = body["enabled"].get<bool>();
      cron.resource["enabled"] = cron.enabled;
    }
    if (schedule) {
      auto next = schedule->nextAfter(now);
      if (!next) return ApiRefusal{422, "Invalid cron schedule: it never fires"};
      cron.schedule = *schedule;
      cron.next = *next;
      cron.resource["schedule"] = body["schedule"];
      cron.resource["next_run_date"] = isoTimestamp(*next);
    }
    cron.resource["updated_at"] = isoTimestamp(now);
    resource = cron.resource;
    ++generation_;
  }
  wake_.notify_all();
  return resource;
}

void CronScheduler::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    auto seen = generation_;
    auto changed = [&] { return stopping_ || generation_ != seen; };
    std::optional<TimePoint> earliest;
    // The fault cron-disabled-fires: enabled: false is stored but not honoured.
    const bool honourEnabled = !fault_.is(FaultMode::CronDisabledFires);
    for (const auto& [id, cron] : crons_)
      if ((cron.enabled || !honourEnabled) && (!earliest || cron.next < *earliest)) earliest = cron.next;
    if (!earliest) {
      wake_.wait(lock, changed);
      continue;
    }
    if (wake_.wait_until(lock, *earliest, changed)) continue;

    // Due now. The runs are created under the lock (createRun never blocks), so a DELETE that
    // returned cannot race a firing of the cron it deleted.
    auto now = std::chrono::system_clock::now();
    for (auto it = crons_.begin(); it != crons_.end();) {
      auto& cron = it->second;
      if ((!cron.enabled && honourEnabled) || cron.next > now) {
        ++it;
        continue;
      }
      // The fault cron-delete-drops-webhook: a firing whose thread is deleted on completion loses
      // its webhook (as if it were read back from the deleted thread).
      auto runBody = cron.runBody;
      if (cron.deleteOnCompletion && fault_.is(FaultMode::CronDeleteDropsWebhook))
        runBody.erase("webhook");
      const std::string endpoint = cron.webhookPatched     ? "crons-patch"
                                   : cron.threadId.empty() ? "runs-crons"
                                                           : "threads-runs-crons";
      auto created = engine_.createRun(cron.threadId, runBody, /*fromCron=*/true,
                                       /*viaWait=*/false, endpoint);
      // The fault cron-double-fire: like the scheduler fixed in langgraph-api 0.7.55.
      if (fault_.is(FaultMode::CronDoubleFire))
        (void)engine_.createRun(cron.threadId, cron.runBody, /*fromCron=*/true, /*viaWait=*/false,
                                endpoint);
      if (auto* refusal = std::get_if<ApiRefusal>(&created))
        logLine(options_, "cron " + it->first + " could not start a run: " +
                              std::to_string(refusal->status) + " " + refusal->detail);
      auto next = cron.schedule.nextAfter(now);
      if (!next || (cron.endTime && *next > *cron.endTime)) {
        it = crons_.erase(it);  // that was its last firing
        continue;
      }
      cron.next = *next;
      cron.resource["next_run_date"] = isoTimestamp(*next);
      ++it;
    }
  }
}

}  // namespace wc::reference
