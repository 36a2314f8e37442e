// Cron schedules of the reference (reference/crons/cron_schedule.h): 5 standard fields, the
// 6-field seconds extension, invalid schedules, and next firing times (UTC).
#include <gtest/gtest.h>

#include "reference/crons/cron_schedule.h"
#include "util/ids.h"

namespace wc::reference {
namespace {

CronSchedule::TimePoint at(const std::string& iso) {
  CronSchedule::TimePoint t;
  EXPECT_TRUE(parseIsoTimestamp(iso, &t)) << iso;
  return t;
}

std::string next(const std::string& schedule, const std::string& after) {
  std::string error;
  auto s = CronSchedule::parse(schedule, &error);
  EXPECT_TRUE(s) << schedule << ": " << error;
  if (!s) return "";
  auto n = s->nextAfter(at(after));
  return n ? isoTimestamp(*n) : "never";
}

TEST(CronSchedule, FiveFieldsFireOnWholeMinutesNeverAtTheStart) {
  EXPECT_EQ("2026-03-01T10:01:00.000000+00:00", next("* * * * *", "2026-03-01T10:00:00+00:00"));
  EXPECT_EQ("2026-03-01T10:01:00.000000+00:00",
            next("* * * * *", "2026-03-01T10:00:59.900000+00:00"));
  EXPECT_EQ("2026-03-01T10:15:00.000000+00:00", next("*/15 * * * *", "2026-03-01T10:00:00+00:00"));
  EXPECT_EQ("2026-03-02T00:00:00.000000+00:00", next("0 0 * * *", "2026-03-01T10:00:00+00:00"));
  EXPECT_EQ("2026-03-01T12:30:00.000000+00:00",
            next("30 9-17/3 * * *", "2026-03-01T10:00:00+00:00"));
}

TEST(CronSchedule, SixFieldsAddLeadingSeconds) {
  EXPECT_EQ("2026-03-01T10:00:01.000000+00:00",
            next("*/1 * * * * *", "2026-03-01T10:00:00.500000+00:00"));
  EXPECT_EQ("2026-03-01T10:00:10.000000+00:00",
            next("*/5 * * * * *", "2026-03-01T10:00:05+00:00"));
  std::string error;
  EXPECT_TRUE(CronSchedule::parse("* * * * * *", &error)->hasSeconds());
  EXPECT_FALSE(CronSchedule::parse("* * * * *", &error)->hasSeconds());
}

TEST(CronSchedule, DaysNamesAndTheDomDowRule) {
  // 2026-03-01 is a Sunday.
  EXPECT_EQ("2026-03-02T09:00:00.000000+00:00", next("0 9 * * mon", "2026-03-01T10:00:00+00:00"));
  EXPECT_EQ("2026-04-01T00:00:00.000000+00:00", next("0 0 1 apr *", "2026-03-01T10:00:00+00:00"));
  EXPECT_EQ("2026-03-08T00:00:00.000000+00:00", next("0 0 * * 7", "2026-03-01T10:00:00+00:00"));
  // Both restricted: either matches (the 15th or a Monday, whichever comes first).
  EXPECT_EQ("2026-03-02T00:00:00.000000+00:00", next("0 0 15 * 1", "2026-03-01T10:00:00+00:00"));
  EXPECT_EQ("never", next("0 0 30 2 *", "2026-03-01T10:00:00+00:00"));
}

TEST(CronSchedule, InvalidSchedulesAreRefusedWithAReason) {
  for (const char* bad : {"", "* * * *", "* * * * * * *", "60 * * * *", "* 24 * * *",
                          "* * 0 * *", "* * * 13 *", "* * * * 8", "*/0 * * * *", "a * * * *",
                          "5-1 * * * *", "1,,2 * * * *", "every minute"}) {
    std::string error;
    EXPECT_FALSE(CronSchedule::parse(bad, &error)) << "'" << bad << "' was accepted";
    EXPECT_FALSE(error.empty()) << bad;
  }
}

}  // namespace
}  // namespace wc::reference
