#include "util/ids.h"

#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>

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

namespace {

// `count` ASCII digits at text[*at] as a number; advances *at.
bool digitsAt(const std::string& text, size_t* at, size_t count, int* value) {
  if (text.size() - *at < count) return false;
  int v = 0;
  for (size_t k = 0; k < count; ++k) {
    char c = text[*at + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *at += count;
  *value = v;
  return true;
}

bool charAt(const std::string& text, size_t* at, const char* allowed) {
  if (*at >= text.size() || text[*at] == '\0' || !std::strchr(allowed, text[*at])) return false;
  ++*at;
  return true;
}

}  // namespace

// YYYY-MM-DD[T ]hh:mm:ss[.f{1,9}](Z|z|±hh[:]mm), read left to right at fixed places: no regex,
// whose libstdc++ matcher recurses per character and overflowed the stack on long input.
bool parseIsoTimestamp(const std::string& text, std::chrono::system_clock::time_point* out) {
  std::tm tm{};
  int year = 0, month = 0, day = 0;
  size_t at = 0;
  if (!digitsAt(text, &at, 4, &year) || !charAt(text, &at, "-") ||
      !digitsAt(text, &at, 2, &month) || !charAt(text, &at, "-") ||
      !digitsAt(text, &at, 2, &day) || !charAt(text, &at, "T ") ||
      !digitsAt(text, &at, 2, &tm.tm_hour) || !charAt(text, &at, ":") ||
      !digitsAt(text, &at, 2, &tm.tm_min) || !charAt(text, &at, ":") ||
      !digitsAt(text, &at, 2, &tm.tm_sec))
    return false;
  std::string frac;
  if (at < text.size() && text[at] == '.') {
    ++at;
    while (at < text.size() && frac.size() <= 9 && text[at] >= '0' && text[at] <= '9')
      frac += text[at++];
    if (frac.empty() || frac.size() > 9) return false;
  }
  long long offset = 0;
  if (charAt(text, &at, "Zz")) {
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    const bool ahead = text[at++] == '+';
    int hours = 0, minutes = 0;
    if (!digitsAt(text, &at, 2, &hours)) return false;
    if (at < text.size() && text[at] == ':') ++at;
    if (!digitsAt(text, &at, 2, &minutes)) return false;
    offset = (ahead ? -1 : 1) * (hours * 3600LL + minutes * 60LL);
  } else {
    return false;
  }
  if (at != text.size()) return false;
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  // system_clock counts nanoseconds: years outside 1678-2261 would overflow the time_point.
  if (tm.tm_year < 1678 - 1900 || tm.tm_year > 2261 - 1900) return false;
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60)
    return false;
  long long secs = timegm(&tm) + offset;
  frac.resize(6, '0');
  long long micros = std::stoll(frac.substr(0, 6));
  if (out)
    *out = std::chrono::system_clock::time_point(std::chrono::microseconds(secs * 1000000 + micros));
  return true;
}

}  // namespace wc
