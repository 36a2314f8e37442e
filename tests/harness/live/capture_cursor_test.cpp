// `capture`'s incremental views: /webhooks.json?after=SEQ and /live.json return only
// what was stored after SEQ, from text rendered once at arrival; the cursor is untrusted client
// input, so anything but `after=` and a seq the store has reached is a 400 that says why.
#include <gtest/gtest.h>
#include <httplib.h>

#include <sstream>

#include "live/live_capture.h"
#include "live/capture_store.h"

namespace wc {
namespace {

TEST(CaptureCursor, AcceptsNothingOrAfterWithASeqTheStoreHasReached) {
  std::string error;
  EXPECT_EQ(0u, parseAfterCursor("", 3, &error).value_or(99));
  EXPECT_EQ(0u, parseAfterCursor("after=0", 3, &error).value_or(99));
  EXPECT_EQ(3u, parseAfterCursor("after=3", 3, &error).value_or(99));
  EXPECT_EQ(2u, parseAfterCursor("after=0002", 3, &error).value_or(99));
}

TEST(CaptureCursor, RefusesGarbageSayingWhy) {
  const struct {
    const char* query;
    const char* says;
  } bad[] = {
      {"after=", "decimal digits"},        {"after=-1", "decimal digits"},
      {"after=+1", "decimal digits"},      {"after=1x", "decimal digits"},
      {"after=%31", "decimal digits"},     {"after=%201", "decimal digits"},
      {"after=1&after=2", "decimal digits"}, {"after=1&x=2", "decimal digits"},
      {"x=1", "the only query parameter"}, {"AFTER=1", "the only query parameter"},
      {"after", "the only query parameter"}, {"after=4", "past the newest webhook (seq 3)"},
      {"after=99999999999999999999", "decimal digits"},  // 20 digits: refused before stoull
      {"after=18446744073709551615", "decimal digits"},  // 2^64-1 has 20 digits too
  };
  for (const auto& b : bad) {
    std::string error;
    EXPECT_FALSE(parseAfterCursor(b.query, 3, &error)) << b.query;
    EXPECT_NE(error.find(b.says), std::string::npos) << b.query << " -> " << error;
  }
  // A long hostile query is echoed cut and with its control bytes escaped.
  std::string error;
  EXPECT_FALSE(parseAfterCursor("after=" + std::string(10000, '\x1b'), 3, &error));
  EXPECT_LT(error.size(), 400u) << error;
  EXPECT_EQ(error.find('\x1b'), std::string::npos);
  EXPECT_NE(error.find("\\x1b"), std::string::npos) << error;
}

TEST(CaptureCursor, TheStoreReturnsOnlyWhatCameAfterAndCountsDrops) {
  CaptureStore store(3, SIZE_MAX);
  for (int i = 0; i < 5; ++i) {
    auto w = std::make_shared<InspectedWebhook>();
    w->request.method = "POST";
    w->request.target = "/hook/" + std::to_string(i);
    EXPECT_EQ(static_cast<uint64_t>(i + 1), store.add(w));
    EXPECT_FALSE(w->json.empty()) << "rendered when stored";
    EXPECT_EQ(0u, w->json.rfind("{\"seq\":" + std::to_string(i + 1) + ",", 0)) << w->json;
    EXPECT_NE(w->rowHtml.find("/hook/" + std::to_string(i)), std::string::npos);
  }
  auto slice = store.after(3);
  ASSERT_EQ(2u, slice.webhooks.size());
  EXPECT_EQ(4u, slice.webhooks[0]->seq);
  EXPECT_EQ(5u, slice.lastSeq);
  EXPECT_EQ(3u, slice.kept);
  EXPECT_EQ(2u, slice.dropped);
  EXPECT_EQ(3u, store.after(0).webhooks.size()) << "seqs 1 and 2 were dropped";
  EXPECT_EQ(3u, store.after(0).webhooks.front()->seq);
  EXPECT_TRUE(store.after(5).webhooks.empty());
  auto newest = store.after(1, 2);
  ASSERT_EQ(2u, newest.webhooks.size()) << "a limit keeps the newest";
  EXPECT_EQ(4u, newest.webhooks[0]->seq);
}

// Bodies of NUL bytes are the worst case for the renderings (\u0000 in the JSON, six times the
// byte): the store holds at most its byte budget, and each webhook a stated multiple of its body.
TEST(CaptureCursor, TheStoreHoldsItsByteBudgetWhateverTheBodies) {
  const size_t body = 1024 * 1024;
  const size_t budget = 16 * 1024 * 1024;
  CaptureStore store(10000, budget);
  for (int i = 0; i < 40; ++i) {
    auto w = std::make_shared<InspectedWebhook>();
    w->request.method = "POST";
    w->request.target = "/hook/nul";
    w->request.body = std::string(body, '\0');
    store.add(w);
    EXPECT_LE(CaptureStore::costOf(*w), 7 * body + 400 * 1024);
  }
  EXPECT_LE(store.bytesKept(), budget);
  const auto kept = store.after(0);
  EXPECT_GE(kept.webhooks.size(), 1u);
  EXPECT_EQ(40u, kept.kept + kept.dropped);
  EXPECT_GT(kept.dropped, 0u);
}

class CaptureCursorHttp : public testing::Test {
 protected:
  void SetUp() override {
    LiveCaptureOptions options;
    options.bind = "127.0.0.1";
    options.port = 0;
    options.maxWebhooks = 4;
    options.maxShown = 2;
    capture_ = std::make_unique<LiveCapture>(options, console_);
    std::string error;
    ASSERT_TRUE(capture_->start(&error)) << error;
    client_ = std::make_unique<httplib::Client>("127.0.0.1", capture_->port());
  }
  void TearDown() override { capture_->stop(); }
  void post(int n) {
    for (int i = 0; i < n; ++i, ++posted_) {
      auto res = client_->Post("/hook/n" + std::to_string(posted_), "{}", "application/json");
      ASSERT_TRUE(res) << httplib::to_string(res.error());
    }
  }
  // The parsed body; *headers gets the response's headers.
  nlohmann::json getJson(const std::string& path, httplib::Headers* headers = nullptr) {
    auto res = client_->Get(path);
    EXPECT_TRUE(res) << path << ": " << httplib::to_string(res.error());
    if (!res) return nullptr;
    EXPECT_EQ(200, res->status) << path << ": " << res->body;
    if (headers) *headers = res->headers;
    return nlohmann::json::parse(res->body, nullptr, false);
  }
  static std::string header(const httplib::Headers& headers, const char* name) {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }

  std::ostringstream console_;
  std::unique_ptr<LiveCapture> capture_;
  std::unique_ptr<httplib::Client> client_;
  int posted_ = 0;
};

TEST_F(CaptureCursorHttp, WebhooksJsonAfterReturnsOnlyTheNewOnes) {
  post(3);
  httplib::Headers headers;
  auto all = getJson("/webhooks.json", &headers);
  ASSERT_EQ(3u, all.size()) << all.dump();
  EXPECT_EQ(1, all[0]["seq"]);
  EXPECT_EQ("3", header(headers, "X-Capture-Last-Seq"));
  auto tail = getJson("/webhooks.json?after=2");
  ASSERT_EQ(1u, tail.size()) << tail.dump();
  EXPECT_EQ(3, tail[0]["seq"]);
  EXPECT_EQ("/hook/n2", tail[0]["target"]);
  EXPECT_EQ(nlohmann::json::array(), getJson("/webhooks.json?after=3"));
  post(3);  // 6 stored in all, the newest 4 kept
  auto next = getJson("/webhooks.json?after=3", &headers);
  ASSERT_EQ(3u, next.size()) << next.dump();
  EXPECT_EQ(4, next[0]["seq"]);
  EXPECT_EQ("2", header(headers, "X-Capture-Dropped"));
  EXPECT_EQ(4u, getJson("/webhooks.json?after=0").size()) << "a cursor older than the store: all kept";
}

TEST_F(CaptureCursorHttp, ABadCursorIs400WithAReasonOnBothViews) {
  post(2);
  for (const char* path : {"/webhooks.json", "/live.json"})
    for (const char* query : {"?after=abc", "?after=-1", "?after=", "?after=3", "?limit=5",
                              "?after=1&after=2", "?after=123456789012345678901234567890"}) {
      auto res = client_->Get(std::string(path) + query);
      ASSERT_TRUE(res) << httplib::to_string(res.error());
      EXPECT_EQ(400, res->status) << path << query << ": " << res->body;
      EXPECT_EQ(0u, res->body.rfind("capture: ", 0)) << res->body;
      EXPECT_NE(res->body.find("after"), std::string::npos) << res->body;
    }
  EXPECT_EQ(2u, capture_->received()) << "refused polls are not webhooks";
}

TEST_F(CaptureCursorHttp, LiveJsonGivesTheNewRowsTheCursorAndTheSummary) {
  post(3);
  auto live = getJson("/live.json?after=0");
  EXPECT_EQ(3, live["last_seq"]);
  ASSERT_EQ(2u, live["rows"].size()) << "at most --max-shown rows: the newest";
  EXPECT_NE(live["rows"][1].get<std::string>().find("/hook/n2"), std::string::npos);
  EXPECT_NE(live["summary"].get<std::string>().find("3 received"), std::string::npos);
  EXPECT_EQ("webhook-conformance capture (3)", live["title"]);
  EXPECT_TRUE(getJson("/live.json?after=3")["rows"].empty());
  post(1);
  auto one = getJson("/live.json?after=3");
  ASSERT_EQ(1u, one["rows"].size());
  EXPECT_NE(one["rows"][0].get<std::string>().find("/hook/n3"), std::string::npos);
}

TEST_F(CaptureCursorHttp, ThePageLoadsOnlyItsOwnScriptAndRefreshesWithoutIt) {
  post(3);
  auto page = client_->Get("/");
  ASSERT_TRUE(page) << httplib::to_string(page.error());
  const auto& body = page->body;
  EXPECT_NE(body.find("data-after=\"3\""), std::string::npos) << body.substr(0, 1500);
  EXPECT_NE(body.find("script-src 'self'; connect-src 'self'"), std::string::npos);
  EXPECT_NE(body.find("<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>"),
            std::string::npos);
  size_t scripts = 0;
  for (auto at = body.find("<script"); at != std::string::npos; at = body.find("<script", at + 1)) {
    EXPECT_EQ(0, body.compare(at, 31, "<script src=\"/live.js\" defer></")) << "no inline script";
    ++scripts;
  }
  EXPECT_EQ(1u, scripts);
  auto script = client_->Get("/live.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(200, script->status);
  EXPECT_EQ(0u, script->get_header_value("Content-Type").rfind("text/javascript", 0));
  EXPECT_NE(script->body.find("/live.json?after="), std::string::npos);
  EXPECT_EQ(3u, capture_->received()) << "/live.js is a page, not a webhook";
}

}  // namespace
}  // namespace wc
