#include "util/bounded_json.h"
#include "support/crons.h"
#include "support/target_ids.h"

#include <cctype>
#include <map>
#include <sstream>
#include <vector>

#include "runner/case_context.h"
#include "schema/payload_validator.h"
#include "support/payload_checks.h"
#include "support/webhook_checks.h"
#include "util/ids.h"

namespace wc {
namespace {

// "*" -> 1, "*/N" -> N, anything else -> nullopt.
std::optional<long> stepOf(const std::string& field) {
  if (field == "*") return 1;
  if (field.rfind("*/", 0) != 0 || field.size() < 3) return std::nullopt;
  for (size_t i = 2; i < field.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(field[i]))) return std::nullopt;
  long n = std::stol(field.substr(2));
  return n > 0 ? std::optional<long>(n) : std::nullopt;
}

}  // namespace

std::optional<std::chrono::seconds> cronPeriod(const std::string& schedule) {
  std::istringstream in(schedule);
  std::vector<std::string> fields;
  for (std::string f; in >> f;) fields.push_back(f);
  if (fields.size() != 5 && fields.size() != 6) return std::nullopt;
  for (size_t i = 1; i < fields.size(); ++i)
    if (fields[i] != "*") return std::nullopt;
  auto step = stepOf(fields[0]);
  if (!step) return std::nullopt;
  // A step must divide the field's range evenly, or the interval is not regular (*/7 minutes
  // fires at :56 and then :00).
  if (60 % *step != 0) return std::nullopt;
  return std::chrono::seconds(fields.size() == 6 ? *step : *step * 60);
}

std::string fastestCronSchedule(const TargetProfile& profile) {
  const auto& info = profile.info;
  if (info.is_object() && info.contains("x_reference") && info["x_reference"].is_object() &&
      flagField(info["x_reference"], "cron_seconds"))
    return "*/1 * * * * *";
  return "* * * * *";
}

std::optional<std::chrono::seconds> fastestCronPeriod(CaseContext& ctx) {
  auto period = cronPeriod(fastestCronSchedule(ctx.profile()));
  if (!period) ctx.error("internal: cannot size the wait for the cron schedule");
  return period;
}

std::chrono::milliseconds cronWaitFor(const CaseContext& ctx, std::chrono::seconds period,
                                      int firings) {
  return ctx.scaled(std::chrono::milliseconds(period * firings + kCronSchedulerCheck +
                                              kCronDeliverySlack));
}

testing::AssertionResult firingsWithinTicks(size_t firings, std::chrono::seconds period,
                                            std::chrono::system_clock::time_point created,
                                            std::chrono::system_clock::time_point deleted) {
  using namespace std::chrono;
  if (period.count() <= 0) return testing::AssertionFailure() << "a cron period must be positive";
  const auto skew = std::min<milliseconds>(seconds(1), duration_cast<milliseconds>(period) / 4);
  auto ticksUpTo = [&](system_clock::time_point t) {
    return duration_cast<milliseconds>(t.time_since_epoch()).count() /
           duration_cast<milliseconds>(period).count();
  };
  const long long ticks = ticksUpTo(deleted + skew) - ticksUpTo(created - skew);
  const auto span = duration_cast<milliseconds>(deleted - created).count();
  if (static_cast<long long>(firings) > ticks)
    return testing::AssertionFailure()
           << firings << " firings for " << ticks << " schedule tick(s) of " << period.count()
           << " s in the cron's " << span << " ms of life: more than one run per tick";
  return testing::AssertionSuccess() << firings << " firing(s) for " << ticks << " tick(s) in "
                                     << span << " ms";
}

namespace {

// A payload's created_at, parsed; nullopt when absent or not ISO 8601. `text` gets the string.
std::optional<std::chrono::system_clock::time_point> createdAtOf(const nlohmann::json& payload,
                                                                 std::string* text) {
  text->clear();
  if (!payload.is_object() || !payload.contains("created_at") || !payload["created_at"].is_string())
    return std::nullopt;
  *text = payload["created_at"].get<std::string>();
  std::chrono::system_clock::time_point t;
  if (!parseIsoTimestamp(*text, &t)) return std::nullopt;
  return t;
}

}  // namespace

testing::AssertionResult runsInDistinctTicks(const std::vector<nlohmann::json>& payloads,
                                             std::chrono::seconds period) {
  using namespace std::chrono;
  if (period.count() <= 0) return testing::AssertionFailure() << "a cron period must be positive";
  std::map<long long, std::string> tickOf;  // tick number -> the created_at first seen in it
  size_t dated = 0;
  std::string text;
  for (const auto& p : payloads) {
    const auto created = createdAtOf(p, &text);
    if (!created) continue;
    ++dated;
    const long long tick = duration_cast<milliseconds>(created->time_since_epoch()).count() /
                           duration_cast<milliseconds>(period).count();
    auto [it, fresh] = tickOf.emplace(tick, text);
    if (!fresh)
      return testing::AssertionFailure()
             << "two firings' runs were created in one schedule tick of " << period.count()
             << " s (created_at " << it->second << " and " << text << "): more than one run per tick";
  }
  return testing::AssertionSuccess() << dated << " dated firing(s), each in a tick of its own";
}

testing::AssertionResult noFiringAfterPause(const std::vector<nlohmann::json>& payloads,
                                            std::chrono::system_clock::time_point paused,
                                            std::chrono::milliseconds skew) {
  using namespace std::chrono;
  std::string text;
  for (size_t i = 0; i < payloads.size(); ++i) {
    const auto created = createdAtOf(payloads[i], &text);
    if (!created)
      return testing::AssertionFailure()
             << "webhook " << i + 1 << " after the PATCH has no parsable created_at ('"
             << text.substr(0, 64) << "'), so it cannot be shown to be a firing already on its way";
    if (*created > paused + skew)
      return testing::AssertionFailure()
             << "webhook " << i + 1 << " reports a run created at " << text << ", "
             << duration_cast<milliseconds>(*created - paused).count()
             << " ms after the PATCH to enabled: false answered: the cron kept firing";
  }
  if (payloads.size() > 1)
    return testing::AssertionFailure()
           << payloads.size() << " webhooks after the PATCH answered; at most one firing can "
                                 "have been on its way";
  return testing::AssertionSuccess()
         << (payloads.empty() ? "no webhook after the PATCH answered"
                              : "one webhook after the PATCH, for a run created before it answered");
}

WebhookExpectation firingExpectation(const CaseContext& ctx, const std::string& operation,
                                     const std::string& target, const RunRequest& cron,
                                     const std::string& threadId) {
  WebhookExpectation e;
  e.operation = "a firing of " + operation;
  e.target = target;
  e.threadId = threadId;
  e.assistantId = cron.assistantId.empty() ? ctx.profile().assistantId : cron.assistantId;
  e.input = cron.input;
  e.metadata = cron.metadata;
  return e;
}

nlohmann::json judgeFiring(CaseContext& ctx, const WebhookExpectation& expected,
                           const CapturedRequest& webhook) {
  auto payload = judgeWebhook(ctx, expected, webhook);
  const auto runId = textField(payload, "run_id");
  if (expected.threadId.empty() || runId.empty()) return payload;
  auto run = ctx.target().getRun(expected.threadId, runId);
  if (run.status == 404)
    ctx.must(testing::AssertionFailure()
              << "the body agrees with its run (webhook of " << expected.operation << "): run_id "
              << runId.substr(0, 128) << " names no run on the cron's thread (GET "
              "/threads/{thread_id}/runs/{run_id} answered 404)");
  else if (run.ok())
    ctx.must(statusIsFinal(run.json, "the firing's run read back from the cron's thread"));
  else
    ctx.observe("the firing's run could not be read back from the cron's thread: " + run.error);
  return payload;
}

CreatedCron createCron(CaseContext& ctx, Endpoint endpoint, const std::string& webhook,
                       const nlohmann::json& extra) {
  RunRequest request;
  request.webhook = webhook;
  request.input = caseInput(ctx);
  request.metadata = {{"conformance_case", ctx.info().id}};
  request.extra = extra;
  request.extra["schedule"] = fastestCronSchedule(ctx.profile());
  CreatedCron cron;
  cron.request = request;
  auto created = tryStartRun(ctx, endpoint, request, &cron.threadId);
  if (!created.ok()) errorOnRefusedRun(ctx, created, request.webhook, "creating the cron");
  cron.cronId = requireTargetId(ctx, created, "cron_id", "the cron creation");
  return cron;
}

std::chrono::milliseconds atLeastPeriods(const CaseContext& ctx, std::chrono::seconds period,
                                         int periods) {
  const auto plain = std::chrono::milliseconds(period * periods);
  return std::max(plain, ctx.scaled(plain));
}

CronGuard::~CronGuard() {
  if (!released_) (void)release();
}

ApiResponse CronGuard::release() {
  released_ = true;
  return client_.del("/runs/crons/" + pathSegment(cronId_));
}

}  // namespace wc
