#include "util/url.h"

#include <gtest/gtest.h>

#include "util/ids.h"

namespace wc {
namespace {

TEST(UrlTest, KeepsPathAndQueryRaw) {
  auto url = parseUrl("http://127.0.0.1:8080/hook/x?token=a%20b+c%2F%25&k=1&k=2&e=");
  ASSERT_TRUE(url);
  EXPECT_EQ("http", url->scheme);
  EXPECT_EQ("127.0.0.1", url->host);
  EXPECT_EQ(8080, url->port);
  EXPECT_EQ("/hook/x?token=a%20b+c%2F%25&k=1&k=2&e=", url->pathAndQuery);
  EXPECT_EQ("http://127.0.0.1:8080", url->schemeHostPort());
}

TEST(UrlTest, DefaultsPortsAndEmptyPath) {
  auto url = parseUrl("https://hooks.example.com?token=t");
  ASSERT_TRUE(url);
  EXPECT_EQ(443, url->port);
  EXPECT_FALSE(url->explicitPort);
  EXPECT_EQ("/?token=t", url->pathAndQuery);
}

TEST(UrlTest, RejectsWhatIsNotAUrl) {
  EXPECT_FALSE(parseUrl("not a url"));
  EXPECT_FALSE(parseUrl(""));
  EXPECT_FALSE(parseUrl("http://host:99999/"));
  auto ftp = parseUrl("ftp://files.example.com/x");
  ASSERT_TRUE(ftp);  // a URL, but not one the platform can POST to: callers check the scheme
  EXPECT_EQ("ftp", ftp->scheme);
}

TEST(UrlTest, IPv6Host) {
  auto url = parseUrl("http://[::1]:9000/h?q=1");
  ASSERT_TRUE(url);
  EXPECT_EQ("::1", url->host);
  EXPECT_EQ("http://[::1]:9000", url->schemeHostPort());
}

TEST(TimestampTest, ParsesPlatformFormatsAndRejectsOthers) {
  std::chrono::system_clock::time_point a, b;
  ASSERT_TRUE(parseIsoTimestamp("2025-11-24T10:15:03.512345+00:00", &a));
  ASSERT_TRUE(parseIsoTimestamp("2025-11-24T11:15:03.512345+01:00", &b));
  EXPECT_EQ(a, b);
  EXPECT_TRUE(parseIsoTimestamp("2025-11-24T10:15:03Z", nullptr));
  EXPECT_FALSE(parseIsoTimestamp("yesterday", nullptr));
  EXPECT_FALSE(parseIsoTimestamp("2025-13-24T10:15:03Z", nullptr));
  EXPECT_FALSE(parseIsoTimestamp("2025-00-24T10:15:03Z", nullptr));  // month 0 (found by fuzzing)
  EXPECT_FALSE(parseIsoTimestamp("9999-01-01T00:00:00Z", nullptr));  // past system_clock's range
  auto now = std::chrono::system_clock::now();
  std::chrono::system_clock::time_point back;
  ASSERT_TRUE(parseIsoTimestamp(isoTimestamp(now), &back));
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()),
            std::chrono::duration_cast<std::chrono::microseconds>(back.time_since_epoch()));
}

}  // namespace
}  // namespace wc

namespace wc {
namespace {

TEST(PathSegment, AnIdFromTheTargetStaysInsideItsSegment) {
  EXPECT_EQ("0a11ce00-0000-4000-8000-000000000001", pathSegment("0a11ce00-0000-4000-8000-000000000001"));
  EXPECT_EQ("..%2F..%2Fassistants%2Fsearch%3Fx%3D1%23", pathSegment("../../assistants/search?x=1#"));
  EXPECT_EQ("%2E%2E", pathSegment(".."));
  EXPECT_EQ("a%00b%20c%25", pathSegment(std::string("a\0b c%", 6)));
}

}  // namespace
}  // namespace wc
