#include "util/excerpt.h"

#include <gtest/gtest.h>

namespace wc {
namespace {

TEST(Excerpt, ShortTextIsUnchanged) {
  EXPECT_EQ(excerpt("abc", 3), "abc");
  EXPECT_EQ(excerpt("", 0), "");
}

TEST(Excerpt, LongTextIsCutAndSaysItsLength) {
  EXPECT_EQ(excerpt("abcdef", 3), "abc…(6 bytes)");
}

TEST(Excerpt, NeverCutsInsideAUtf8Sequence) {
  // "é" is C3 A9 and "€" E2 82 AC: a cut at byte 2 or 4 falls inside them.
  EXPECT_EQ(excerpt("aé€b", 2), "a…(7 bytes)");
  EXPECT_EQ(excerpt("aé€b", 4), "aé…(7 bytes)");
  EXPECT_EQ(excerpt("aé€b", 6), "aé€…(7 bytes)");
}

TEST(Excerpt, ContinuationBytesAloneGiveAnEmptyCut) {
  EXPECT_EQ(excerpt(std::string(5, '\x80'), 3), "…(5 bytes)");
}

}  // namespace
}  // namespace wc
