#include "util/ids.h"

#include <cstdio>
#include <ctime>
#include <random>
#include <regex>

namespace wc {

std::string newUuid4() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  unsigned char b[16];
  for (int i = 0; i < 16; i += 8) {
    auto v = rng();
    for (int j = 0; j < 8; ++j) b[i + j] = static_cast<unsigned char>(v >> (8 * j));
  }
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

std::string isoTimestamp(std::chrono::system_clock::time_point t) {
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(micros / 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lld+00:00", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(micros % 1000000));
  return buf;
}

bool parseIsoTimestamp(const std::string& text, std::chrono::system_clock::time_point* out) {
  static const std::regex re(
      R"(^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.(\d{1,9}))?(Z|z|([+-])(\d{2}):?(\d{2}))$)");
  std::smatch m;
  if (!std::regex_match(text, m, re)) return false;
  std::tm tm{};
  tm.tm_year = std::stoi(m[1]) - 1900;
  tm.tm_mon = std::stoi(m[2]) - 1;
  tm.tm_mday = std::stoi(m[3]);
  tm.tm_hour = std::stoi(m[4]);
  tm.tm_min = std::stoi(m[5]);
  tm.tm_sec = std::stoi(m[6]);
  // system_clock counts nanoseconds: years outside 1678-2261 would overflow the time_point.
  if (tm.tm_year < 1678 - 1900 || tm.tm_year > 2261 - 1900) return false;
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60)
    return false;
  long long secs = timegm(&tm);
  if (m[10].matched) {
    long long offset = std::stoi(m[11]) * 3600 + std::stoi(m[12]) * 60;
    secs += (m[10] == "+") ? -offset : offset;
  }
  long long micros = 0;
  if (m[8].matched) {
    std::string frac = m[8].str();
    frac.resize(6, '0');
    micros = std::stoll(frac.substr(0, 6));
  }
  if (out)
    *out = std::chrono::system_clock::time_point(std::chrono::microseconds(secs * 1000000 + micros));
  return true;
}

}  // namespace wc
