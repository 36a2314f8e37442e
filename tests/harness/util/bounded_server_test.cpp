// HeaderSectionWatch ends a header section where httplib 0.11.4 does (a line that is exactly
// CRLF, never a bare-LF blank line, which httplib skips) and counts bytes and lines from the
// request line on; past either limit it says TooLarge.
#include <gtest/gtest.h>

#include "util/bounded_server.h"

namespace wc {
namespace {

using State = HeaderSectionWatch::State;

State watchAll(HeaderSectionWatch& watch, const std::string& bytes) {
  return watch.see(bytes.data(), bytes.size());
}

TEST(HeaderSectionWatch, EndsAtTheCrlfBlankLineEvenWhenFedOneByteAtATime) {
  HeaderSectionWatch watch({});
  std::string section = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  for (char c : section) watch.see(&c, 1);
  EXPECT_EQ(State::Ended, watch.state());
  EXPECT_EQ(section.size(), watch.bytes());
  EXPECT_EQ(State::Ended, watchAll(watch, std::string(1 << 20, 'b')));
  EXPECT_EQ(section.size(), watch.bytes()) << "body bytes are not counted";
}

TEST(HeaderSectionWatch, ABareLfBlankLineDoesNotEndIt) {
  HeaderSectionWatch watch({});
  EXPECT_EQ(State::Reading, watchAll(watch, "GET / HTTP/1.1\nHost: x\n\nX: y\r\n"));
  EXPECT_EQ(State::Ended, watchAll(watch, "\r\n")) << "a CRLF line after a bare-LF line ends it";
}

TEST(HeaderSectionWatch, TooLargePastTheByteLimit) {
  HeaderSectionWatch watch({/*maxBytes=*/100, /*maxLines=*/200});
  EXPECT_EQ(State::Reading, watchAll(watch, std::string(100, 'a')));
  EXPECT_EQ(State::TooLarge, watchAll(watch, "a"));
}

TEST(HeaderSectionWatch, TooLargePastTheLineLimit) {
  HeaderSectionWatch watch({/*maxBytes=*/1 << 20, /*maxLines=*/3});
  EXPECT_EQ(State::Reading, watchAll(watch, "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n"));
  EXPECT_EQ(State::TooLarge, watchAll(watch, "C: 3\r\n"));
}

TEST(HeaderSectionWatch, RestartCountsTheNextRequestAfresh) {
  HeaderSectionWatch watch({/*maxBytes=*/40, /*maxLines=*/200});
  EXPECT_EQ(State::Ended, watchAll(watch, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));
  watch.restart();
  EXPECT_EQ(0u, watch.bytes());
  EXPECT_EQ(State::Ended, watchAll(watch, "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"));
}

}  // namespace
}  // namespace wc
