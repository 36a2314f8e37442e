// A relay that drops a run's webhooks over its limits says so in its pull answers, counted per
// route prefix and per cursor range, so the run can end with a diagnosis naming the count.
#include <gtest/gtest.h>

#include "live/capture_store.h"
#include "live/relay_protocol.h"

namespace wc {
namespace {

void store(CaptureStore* s, const std::string& route) {
  auto w = std::make_shared<InspectedWebhook>();
  w->request.method = "POST";
  w->request.route = route;
  w->request.target = "/hook/" + route;
  s->add(w);
}

TEST(RelayDropped, TheStoreCountsDropsByPrefixAndCursorRange) {
  CaptureStore s(2, SIZE_MAX);
  for (const char* route : {"relay-aaaaaaaa-1", "relay-bbbbbbbb-1", "relay-aaaaaaaa-2", "relay-aaaaaaaa-3"})
    store(&s, route);  // capacity 2: seqs 1 (run a) and 2 (run b) are dropped
  EXPECT_EQ(1u, s.droppedBetween(0, 4, "relay-aaaaaaaa-"));
  EXPECT_EQ(1u, s.droppedBetween(0, 4, "relay-bbbbbbbb-"));
  EXPECT_EQ(0u, s.droppedBetween(1, 4, "relay-aaaaaaaa-")) << "already behind the run's cursor";
  EXPECT_EQ(0u, s.droppedBetween(0, 0, "relay-aaaaaaaa-")) << "beyond this answer's last_seq";
  EXPECT_EQ(0u, s.droppedBetween(0, 4, "relay-cccccccc-"));
}

TEST(RelayDropped, TheAnswerCarriesTheCountAndAParserTakesOnlyASaneOne) {
  const auto now = std::chrono::steady_clock::now();
  std::vector<CapturedRequest> requests;
  uint64_t last = 0;
  size_t dropped = 99;
  std::string error;
  ASSERT_TRUE(parseRelayAnswer(relayAnswerJson({}, 7, 3, now), now, &requests, &last, &dropped, &error))
      << error;
  EXPECT_EQ(7u, last);
  EXPECT_EQ(3u, dropped);
  // An older relay says nothing; a hostile one says something that is not a count.
  for (const char* answer : {R"({"last_seq": 7, "requests": []})",
                             R"({"last_seq": 7, "requests": [], "dropped": -5})",
                             R"({"last_seq": 7, "requests": [], "dropped": "many"})"}) {
    dropped = 99;
    ASSERT_TRUE(parseRelayAnswer(answer, now, &requests, &last, &dropped, &error)) << answer;
    EXPECT_EQ(0u, dropped) << answer;
  }
  ASSERT_TRUE(parseRelayAnswer(R"({"last_seq": 7, "requests": [], "dropped": 18446744073709551615})",
                               now, &requests, &last, &dropped, &error));
  EXPECT_EQ(size_t{1} << 30, dropped) << "bounded";
}

}  // namespace
}  // namespace wc
