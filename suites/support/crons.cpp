#include "util/bounded_json.h"
#include "support/crons.h"

#include <cctype>
#include <sstream>
#include <vector>

#include "runner/case_context.h"

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

CreatedCron createCron(CaseContext& ctx, Endpoint endpoint, const std::string& webhook,
                       const nlohmann::json& extra) {
  RunRequest request;
  request.webhook = webhook;
  request.input = caseInput(ctx);
  request.metadata = {{"conformance_case", ctx.info().id}};
  request.extra = extra;
  request.extra["schedule"] = fastestCronSchedule(ctx.profile());
  CreatedCron cron;
  auto created = tryStartRun(ctx, endpoint, request, &cron.threadId);
  if (!created.ok()) {
    auto diagnosis = diagnoseWebhookRefusal(created, request.webhook);
    ctx.error(diagnosis.empty() ? "creating the cron: " + created.error : diagnosis);
  }
  cron.cronId = textField(created.json, "cron_id");
  if (cron.cronId.empty())
    ctx.error("the cron creation answered without a string cron_id: " + created.body.substr(0, 300));
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
  return client_.del("/runs/crons/" + cronId_);
}

}  // namespace wc
