// report.html at a glance: the attention list first, the area x endpoint
// matrix, a duration bar per case, dark and print styles, and the curl reproducer of a failing
// case's run, shell-quoted, redacted and escaped. The layout itself is measured in Chromium
// (html_report_chromium_test.cmake).
#include <gtest/gtest.h>

#include "report/html_parts.h"
#include "report/html_report.h"
#include "report_fixture.h"

namespace wc {
namespace {

using namespace testing_support;

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string between(const std::string& text, const std::string& from, const std::string& to) {
  auto a = text.find(from);
  if (a == std::string::npos) return "";
  auto b = text.find(to, a);
  return text.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

TEST(HtmlAtAGlance, AttentionListComesFirstAndLinksEachCard) {
  auto report = sampleReport();
  auto html = renderHtmlReport(report);
  auto attention = html.find("id=\"attention\"");
  auto summary = html.find("id=\"summary\"");
  auto matrix = html.find("id=\"matrix\"");
  auto firstCard = html.find("<section class=\"case");
  ASSERT_NE(attention, std::string::npos);
  EXPECT_LT(attention, summary);
  EXPECT_LT(attention, matrix);
  EXPECT_LT(matrix, firstCard);
  auto list = between(html, "id=\"attention\"", "</section>");
  // fail, warn, error and stale are listed; pass, skip and the expected failure are not.
  for (const char* id : {"payload.broken", "token.should", "delivery.erred", "token.fixed"}) {
    EXPECT_NE(list.find("href=\"#case-" + std::string(id) + "\""), std::string::npos) << id;
    EXPECT_NE(html.find("id=\"case-" + std::string(id) + "\""), std::string::npos) << id;
  }
  for (const char* id : {"delivery.ok", "token.skipped", "payload.known"})
    EXPECT_EQ(list.find(id), std::string::npos) << id;
  EXPECT_NE(list.find("Needs attention (4)"), std::string::npos) << list;
}

TEST(HtmlAtAGlance, NothingToAttendToSaysSo) {
  auto report = sampleReport();
  report.results.resize(1);  // delivery.ok only
  report.expectedFailures.clear();
  auto html = renderHtmlReport(report);
  EXPECT_NE(html.find("Needs attention (0)"), std::string::npos);
}

TEST(HtmlAtAGlance, MatrixHasAreasAsRowsAndEveryCase) {
  auto report = sampleReport();
  auto html = renderHtmlReport(report);
  auto matrix = between(html, "id=\"matrix\"", "</table>");
  for (const char* area : {"delivery", "payload", "token"})
    EXPECT_EQ(count(matrix, "<th scope=\"row\">" + std::string(area) + "</th>"), 1u) << area;
  for (const auto& r : report.results)
    EXPECT_EQ(count(matrix, "href=\"#case-" + r.info.id + "\""), 1u) << r.info.id;
  // Endpoints are the columns, the cases without one last.
  EXPECT_EQ(count(matrix, "<th scope=\"col\">"), 4u) << matrix;
  EXPECT_LT(matrix.find("/runs/wait"), matrix.find("(any endpoint)"));
}

TEST(HtmlAtAGlance, EveryCardHasADurationBarAndThePageHasDarkAndPrintStyles) {
  auto report = sampleReport();
  report.results[1].duration = std::chrono::milliseconds(345);  // the whole run
  auto html = renderHtmlReport(report);
  EXPECT_EQ(count(html, "<span class=\"dur\""), report.results.size());
  EXPECT_NE(html.find("width:100.00%"), std::string::npos);
  EXPECT_NE(html.find("@media (prefers-color-scheme:dark)"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'; "
                      "style-src 'unsafe-inline'\""),
            std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(CurlReproducer, QuotesForTheShellAndHidesCredentials) {
  Redactor redactor;
  redactor.addSecret("s3cr3t-key");
  RecordedCall call{"POST", "/threads/t'1/runs",
                    R"({"assistant_id":"it's","webhook":"http://h/x?token=s3cr3t-key"})", false};
  auto curl = curlReproducer(call, "https://user:pw@api.example:8123/prefix/", true,
                             {"X-Tenant"}, redactor);
  EXPECT_EQ(curl,
            "curl -sS -X 'POST' 'https://api.example:8123/prefix/threads/t'\\''1/runs' \\\n"
            "  --user \"$WC_TARGET_USERINFO\" \\\n"
            "  -H 'content-type: application/json' \\\n"
            "  -H \"x-api-key:$LANGSMITH_API_KEY\" \\\n"
            "  -H 'X-Tenant:'\"$WC_HEADER_1\" \\\n"
            "  --data-raw '{\"assistant_id\":\"it'\\''s\",\"webhook\":\"http://h/x?token=[redacted]\"}'\n");
}

TEST(CurlReproducer, ShownOnAFailingCardRedactedAndEscaped) {
  auto report = sampleReport();
  report.redactor.addSecret("s3cr3t-key");
  report.configuration["api_key"] = "[redacted]";
  auto& broken = report.results[1];  // payload.broken, fails
  broken.evidence.creation = RecordedCall{
      "POST", "/threads/abc/runs",
      R"({"input":"<b>'s3cr3t-key'</b>","webhook":"http://127.0.0.1:9/hook?token=a&b=1"})", false};
  report.results[0].evidence.creation = RecordedCall{"POST", "/runs/wait", "{}", false};
  auto html = renderHtmlReport(report);
  auto card = between(html, "id=\"case-payload.broken\"", "</section>");
  auto pre = between(card, "<pre class=\"curl\">", "</pre>");
  ASSERT_FALSE(pre.empty()) << card;
  EXPECT_NE(pre.find("&#39;http://127.0.0.1:1234/threads/abc/runs&#39;"), std::string::npos) << pre;
  EXPECT_NE(pre.find("&quot;input&quot;:&quot;&lt;b&gt;&#39;\\&#39;&#39;[redacted]&#39;\\&#39;&#39;"
                     "&lt;/b&gt;&quot;"),
            std::string::npos)
      << pre;
  EXPECT_NE(pre.find("token=a&amp;b=1"), std::string::npos) << pre;
  EXPECT_NE(pre.find("x-api-key:$LANGSMITH_API_KEY"), std::string::npos) << pre;
  EXPECT_EQ(html.find("s3cr3t-key"), std::string::npos);
  // A passing case's card has none.
  EXPECT_EQ(between(html, "id=\"case-delivery.ok\"", "</section>").find("class=\"curl\""),
            std::string::npos);
}

TEST(CurlReproducer, ACutBodySaysSo) {
  Redactor redactor;
  RecordedCall call{"PATCH", "/runs/crons/c1", std::string(RecordedCall::kMaxBody, 'x'), true};
  auto curl = curlReproducer(call, "http://h", false, {}, redactor);
  EXPECT_NE(curl.find("-X 'PATCH' 'http://h/runs/crons/c1'"), std::string::npos) << curl;
  EXPECT_NE(curl.find("longer than 8 KB"), std::string::npos);
  EXPECT_EQ(curl.find("x-api-key"), std::string::npos);
}

TEST(CurlReproducer, RecordsOnlyRunCreatingCalls) {
  EXPECT_TRUE(createsRun("POST", "/threads/t/runs"));
  EXPECT_TRUE(createsRun("POST", "/runs/wait"));
  EXPECT_TRUE(createsRun("POST", "/threads/t/runs/stream"));
  EXPECT_TRUE(createsRun("POST", "/runs/crons"));
  EXPECT_TRUE(createsRun("PATCH", "/runs/crons/c1"));
  EXPECT_FALSE(createsRun("POST", "/threads"));
  EXPECT_FALSE(createsRun("POST", "/runs/crons/search"));
  EXPECT_FALSE(createsRun("POST", "/threads/t/runs/r/cancel"));
  EXPECT_FALSE(createsRun("GET", "/threads/t/runs"));
  CallRecorder recorder;
  recorder.record("POST", "/runs", std::string(RecordedCall::kMaxBody + 10, 'x'));
  auto last = recorder.last();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->body.size(), RecordedCall::kMaxBody);
  EXPECT_TRUE(last->bodyCut);
}

// The run's capture server is gone when the page is read: the reproducer sends the webhook to
// $WEBHOOK_ORIGIN (a `capture` the reader starts), keeping the route and the query byte for byte.
TEST(CurlReproducer, SendsTheWebhookToACaptureTheReaderStarts) {
  Redactor redactor;
  RecordedCall call{"POST", "/runs/wait",
                    R"({"webhook":"https://gw.example/hooks/hook/r-1/x?token=a%20b+c","kwargs":{"webhook":"http://127.0.0.1:9/hook/r-2"}})",
                    false};
  auto curl = curlReproducer(call, "http://h", false, {}, redactor);
  EXPECT_NE(curl.find("webhook-conformance capture --port 8765"), std::string::npos) << curl;
  EXPECT_NE(curl.find(R"("webhook":"'"$WEBHOOK_ORIGIN"'/hook/r-1/x?token=a%20b+c")"), std::string::npos)
      << curl;
  EXPECT_NE(curl.find(R"("webhook":"'"$WEBHOOK_ORIGIN"'/hook/r-2")"), std::string::npos) << curl;
  EXPECT_EQ(curl.find("gw.example"), std::string::npos) << curl;
  // Not a capture URL: left as it was, and no comment.
  RecordedCall other{"POST", "/runs", R"({"webhook":"http://h/x?token=1"})", false};
  auto plain = curlReproducer(other, "http://h", false, {}, redactor);
  EXPECT_NE(plain.find("http://h/x?token=1"), std::string::npos) << plain;
  EXPECT_EQ(plain.find("WEBHOOK_ORIGIN"), std::string::npos) << plain;
}

}  // namespace
}  // namespace wc
