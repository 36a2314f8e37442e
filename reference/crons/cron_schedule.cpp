#include "reference/crons/cron_schedule.h"

#include <algorithm>
#include <ctime>
#include <sstream>
#include <vector>

namespace wc::reference {
namespace {

struct FieldSpec {
  const char* name;
  int min, max;
  const char* const* names;  // textual aliases starting at `min`, or null
};

const char* const kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                   "jul", "aug", "sep", "oct", "nov", "dec", nullptr};
const char* const kDayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat", nullptr};

bool parseNumber(const std::string& text, const FieldSpec& spec, int* out) {
  if (text.empty()) return false;
  if (spec.names) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    for (int i = 0; spec.names[i]; ++i)
      if (lower == spec.names[i]) return (*out = spec.min + i), true;
  }
  if (!std::all_of(text.begin(), text.end(), ::isdigit) || text.size() > 3) return false;
  *out = std::stoi(text);
  return true;
}

// One comma-separated field into a set of allowed values; false with a reason when invalid.
template <size_t N>
bool parseField(const std::string& text, const FieldSpec& spec, std::bitset<N>* out,
                std::string* error) {
  int max = spec.max;
  std::stringstream items(text);
  std::string item;
  bool any = false;
  auto fail = [&](const std::string& why) {
    *error = std::string(spec.name) + " field '" + text + "': " + why;
    return false;
  };
  while (std::getline(items, item, ',')) {
    int step = 1;
    auto slash = item.find('/');
    if (slash != std::string::npos) {
      auto s = item.substr(slash + 1);
      if (s.empty() || !std::all_of(s.begin(), s.end(), ::isdigit) || s.size() > 3 ||
          std::stoi(s) == 0)
        return fail("invalid step '" + s + "'");
      step = std::stoi(s);
      item = item.substr(0, slash);
    }
    int lo = spec.min, hi = max;
    if (item == "*") {
      // the whole range
    } else if (auto dash = item.find('-'); dash != std::string::npos) {
      if (!parseNumber(item.substr(0, dash), spec, &lo) ||
          !parseNumber(item.substr(dash + 1), spec, &hi))
        return fail("invalid range '" + item + "'");
    } else {
      if (!parseNumber(item, spec, &lo)) return fail("invalid value '" + item + "'");
      hi = slash != std::string::npos ? max : lo;
    }
    if (lo < spec.min || hi > max || lo > hi)
      return fail("values must be within " + std::to_string(spec.min) + "-" +
                  std::to_string(max));
    for (int v = lo; v <= hi; v += step) out->set(static_cast<size_t>(v));
    any = true;
  }
  if (!any) return fail("empty");
  return true;
}

}  // namespace

std::optional<CronSchedule> CronSchedule::parse(const std::string& text, std::string* error) {
  std::istringstream in(text);
  std::vector<std::string> fields;
  for (std::string f; in >> f;) fields.push_back(f);
  if (fields.size() != 5 && fields.size() != 6) {
    *error = "schedule '" + text + "' must have 5 fields (minute hour day month weekday) or 6 "
             "with leading seconds, got " + std::to_string(fields.size());
    return std::nullopt;
  }
  CronSchedule s;
  s.hasSeconds_ = fields.size() == 6;
  size_t i = 0;
  if (s.hasSeconds_) {
    if (!parseField(fields[i++], {"seconds", 0, 59, nullptr}, &s.seconds_, error)) return std::nullopt;
  } else {
    s.seconds_.set(0);
  }
  std::bitset<8> dow;
  if (!parseField(fields[i++], {"minute", 0, 59, nullptr}, &s.minutes_, error) ||
      !parseField(fields[i++], {"hour", 0, 23, nullptr}, &s.hours_, error) ||
      !parseField(fields[i++], {"day-of-month", 1, 31, nullptr}, &s.daysOfMonth_, error) ||
      !parseField(fields[i++], {"month", 1, 12, kMonthNames}, &s.months_, error) ||
      !parseField(fields[i++], {"day-of-week", 0, 7, kDayNames}, &dow, error))
    return std::nullopt;
  for (int d = 0; d < 7; ++d) s.daysOfWeek_[d] = dow[d];
  if (dow[7]) s.daysOfWeek_.set(0);
  s.dayOfMonthAny_ = fields[i - 3][0] == '*';
  s.dayOfWeekAny_ = fields[i - 1][0] == '*';
  return s;
}

bool CronSchedule::dayMatches(int dayOfMonth, int month, int dayOfWeek) const {
  if (!months_[month]) return false;
  bool dom = daysOfMonth_[dayOfMonth], dow = daysOfWeek_[dayOfWeek];
  if (dayOfMonthAny_ && dayOfWeekAny_) return true;
  if (dayOfMonthAny_) return dow;
  if (dayOfWeekAny_) return dom;
  return dom || dow;
}

std::optional<CronSchedule::TimePoint> CronSchedule::nextAfter(TimePoint after) const {
  std::time_t t = std::chrono::system_clock::to_time_t(after);
  if (std::chrono::system_clock::from_time_t(t) > after) --t;  // to_time_t may round up
  ++t;
  std::tm tm{};
  gmtime_r(&t, &tm);
  const int lastYear = tm.tm_year + 5;
  auto normalize = [&] {
    std::time_t n = timegm(&tm);
    gmtime_r(&n, &tm);
  };
  while (tm.tm_year <= lastYear) {
    if (!dayMatches(tm.tm_mday, tm.tm_mon + 1, tm.tm_wday)) {
      ++tm.tm_mday, tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    } else if (!hours_[tm.tm_hour]) {
      ++tm.tm_hour, tm.tm_min = tm.tm_sec = 0;
    } else if (!minutes_[tm.tm_min]) {
      ++tm.tm_min, tm.tm_sec = 0;
    } else if (!seconds_[tm.tm_sec]) {
      ++tm.tm_sec;
    } else {
      return std::chrono::system_clock::from_time_t(timegm(&tm));
    }
    normalize();
  }
  return std::nullopt;
}

}  // namespace wc::reference
