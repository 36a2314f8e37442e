#include "client/sse_reader.h"

#include <gtest/gtest.h>

namespace wc {
namespace {

TEST(SseReaderTest, ParsesEventsAndData) {
  SseReader r;
  r.feed("event: metadata\ndata: {\"run_id\":\"x\"}\n\nevent: values\ndata: {}\n\n");
  auto events = r.takeEvents();
  ASSERT_EQ(2u, events.size());
  EXPECT_EQ("metadata", events[0].event);
  EXPECT_EQ("{\"run_id\":\"x\"}", events[0].data);
  EXPECT_EQ("values", events[1].event);
  EXPECT_FALSE(r.endedMidEvent());
}

TEST(SseReaderTest, HandlesArbitrarySplitsAndCrlf) {
  const std::string stream = "event: a\r\ndata: 1\r\ndata: 2\r\n\r\n: keep-alive\r\n\r\ndata: x\r\r";
  for (size_t split = 0; split <= stream.size(); ++split) {
    SseReader r;
    r.feed(stream.substr(0, split));
    r.feed(stream.substr(split));
    auto events = r.takeEvents();
    ASSERT_EQ(2u, events.size()) << "split at " << split;
    EXPECT_EQ("a", events[0].event);
    EXPECT_EQ("1\n2", events[0].data);
    EXPECT_EQ("message", events[1].event);
    EXPECT_EQ("x", events[1].data);
  }
}

TEST(SseReaderTest, ReportsAStreamCutMidEvent) {
  SseReader r;
  r.feed("event: values\ndata: {\"messages\": [");
  EXPECT_TRUE(r.takeEvents().empty());
  EXPECT_TRUE(r.endedMidEvent());
}

TEST(SseReaderTest, IgnoresEventsWithoutData) {
  SseReader r;
  r.feed("event: ping\n\nid: 7\n\n");
  EXPECT_TRUE(r.takeEvents().empty());
}

}  // namespace
}  // namespace wc
