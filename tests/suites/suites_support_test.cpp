// The suites' own machinery: cron periods, env templates in webhooks.headers, URL-policy vectors,
// run ids read from Content-Location and SSE metadata, the disable cases' silence window.
#include <gtest/gtest.h>

#include <map>
#include <optional>

#include "capture/capture_server.h"
#include "runner/case_context.h"
#include "runner/environment.h"
#include "support/crons.h"
#include "support/endpoints.h"
#include "support/needs.h"
#include "support/run_waits.h"
#include "support/target_config.h"
#include "support/url_policy.h"

namespace wc {
namespace {

TEST(CronPeriod, FixedIntervalSchedulesHaveAPeriod) {
  EXPECT_EQ(std::chrono::seconds(1), cronPeriod("*/1 * * * * *"));
  EXPECT_EQ(std::chrono::seconds(1), cronPeriod("* * * * * *"));
  EXPECT_EQ(std::chrono::seconds(5), cronPeriod("*/5 * * * * *"));
  EXPECT_EQ(std::chrono::seconds(60), cronPeriod("* * * * *"));
  EXPECT_EQ(std::chrono::seconds(120), cronPeriod("*/2 * * * *"));
}

TEST(CronPeriod, IrregularOrInvalidSchedulesHaveNone) {
  EXPECT_FALSE(cronPeriod("0 * * * *"));     // hourly at :00, not every minute
  EXPECT_FALSE(cronPeriod("*/7 * * * *"));   // :56 then :00
  EXPECT_FALSE(cronPeriod("* * * *"));       // 4 fields
  EXPECT_FALSE(cronPeriod("*/0 * * * *"));
  EXPECT_FALSE(cronPeriod("* 1 * * *"));
  EXPECT_FALSE(cronPeriod(""));
}

TEST(FastestCronSchedule, SecondsOnlyWhenTheTargetSaysSo) {
  TargetProfile profile;
  EXPECT_EQ("* * * * *", fastestCronSchedule(profile));
  profile.info = {{"x_reference", {{"cron_seconds", true}}}};
  EXPECT_EQ("*/1 * * * * *", fastestCronSchedule(profile));
}

EnvLookup fakeEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (name == "LG_WEBHOOK_TOKEN") return std::string("t0k3n");
    return std::nullopt;
  };
}

TEST(EnvTemplates, ResolveFromTheGivenEnvironment) {
  std::string missing;
  EXPECT_EQ("Bearer t0k3n", resolveEnvTemplates("Bearer ${{ env.LG_WEBHOOK_TOKEN }}", fakeEnv(), &missing));
  EXPECT_EQ("t0k3n/t0k3n", resolveEnvTemplates("${{env.LG_WEBHOOK_TOKEN}}/${{ env.LG_WEBHOOK_TOKEN }}",
                                               fakeEnv(), &missing));
  EXPECT_EQ("literal", resolveEnvTemplates("literal", fakeEnv(), &missing));
  EXPECT_FALSE(resolveEnvTemplates("${{ env.LG_WEBHOOK_UNSET }}", fakeEnv(), &missing));
  EXPECT_EQ("LG_WEBHOOK_UNSET", missing);
}

TEST(EnvTemplates, ConfiguredHeadersNameTheMissingVariable) {
  nlohmann::json config = {{"webhooks",
                            {{"headers",
                              {{"Authorization", "Bearer ${{ env.LG_WEBHOOK_TOKEN }}"},
                               {"X-Static", "literal-value"},
                               {"X-Missing", "${{ env.LG_WEBHOOK_UNSET }}"}}}}}};
  auto headers = configuredWebhookHeaders(config, fakeEnv());
  ASSERT_EQ(3u, headers.size());
  std::map<std::string, ConfiguredHeader> byName;
  for (const auto& h : headers) byName[h.name] = h;
  EXPECT_EQ("Bearer t0k3n", byName["Authorization"].value);
  EXPECT_TRUE(byName["Authorization"].templated);
  EXPECT_EQ("literal-value", byName["X-Static"].value);
  EXPECT_FALSE(byName["X-Missing"].value);
  EXPECT_EQ("LG_WEBHOOK_UNSET", byName["X-Missing"].missingVar);
  EXPECT_TRUE(configuredWebhookHeaders(nlohmann::json::object(), fakeEnv()).empty());
}

TEST(UrlPolicyVectors, EveryRestrictingKeyGetsAForbiddenUrl) {
  UrlPolicy p;
  p.allowedDomains = {"127.0.0.1", "*.hooks.example.com"};
  p.maxUrlLength = 4096;
  const std::string allowed = "http://127.0.0.1:4321/hook/r?token=policy";
  EXPECT_EQ("", policyForbids(p, allowed));
  auto vectors = forbiddenUrls(p, allowed);
  ASSERT_EQ(3u, vectors.size());  // foreign host, wildcard apex, over-long
  for (const auto& v : vectors) EXPECT_NE("", policyForbids(p, v.url)) << v.url;
  EXPECT_NE(std::string::npos, vectors[1].url.find("://hooks.example.com:"));
  EXPECT_EQ(4097u, vectors[2].url.size());
  EXPECT_EQ("", policyForbids(p, "http://a.hooks.example.com:80/x"));

  UrlPolicy strict;
  strict.requireHttps = true;
  strict.allowedPorts = {443, 8443};
  auto more = forbiddenUrls(strict, "https://hooks.example.com:8443/x");
  ASSERT_EQ(2u, more.size());
  EXPECT_EQ(0u, more[0].url.rfind("http://", 0));
  EXPECT_NE(std::string::npos, more[1].url.find(":9/"));
  EXPECT_TRUE(forbiddenUrls(UrlPolicy{}, allowed).empty());
}

// A target on this machine sends what it wrongly accepts from here: every vector stays on
// loopback (localhost, IP literals), never a name looked up in DNS.
TEST(UrlPolicyVectors, ForbiddenUrlsForATargetOnThisMachineStayOnLoopback) {
  UrlPolicy p;
  p.allowedDomains = {"127.0.0.1", "*.hooks.example.com"};
  p.maxUrlLength = 4096;
  p.allowedPorts = {4321};
  const std::string allowed = "http://127.0.0.1:4321/hook/r?token=policy";
  auto vectors = forbiddenUrls(p, allowed, true);
  ASSERT_EQ(3u, vectors.size());  // localhost, another port, over-long; no wildcard apex
  EXPECT_EQ(0u, vectors[0].url.rfind("http://localhost:4321/", 0)) << vectors[0].url;
  for (const auto& v : vectors) {
    EXPECT_NE("", policyForbids(p, v.url)) << v.url;
    EXPECT_EQ(std::string::npos, v.url.find("example.com")) << v.url;
    EXPECT_EQ(std::string::npos, v.url.find(".invalid")) << v.url;
  }
  p.allowedDomains = {"localhost"};  // then localhost is allowed and no host vector remains
  for (const auto& v : forbiddenUrls(p, "http://localhost:4321/x", true))
    EXPECT_EQ(std::string::npos, v.why.find("allowed_domains")) << v.url;
  EXPECT_TRUE(targetOnThisMachine("http://127.0.0.1:2024"));
  EXPECT_TRUE(targetOnThisMachine("http://localhost:2024/"));
  EXPECT_TRUE(targetOnThisMachine("http://[::1]:2024"));
  EXPECT_FALSE(targetOnThisMachine("https://my-deployment.us.langgraph.app"));
  EXPECT_FALSE(targetOnThisMachine("not a url"));
}

TEST(UrlPolicyConfig, ReadFromLanggraphJson) {
  nlohmann::json config = {{"webhooks",
                            {{"url", {{"require_https", true}, {"allowed_ports", {443}},
                                      {"max_url_length", 100}, {"disable_loopback", false}}},
                             {"allowed_fields", {"run_id", "status"}}}}};
  auto p = urlPolicyOf(config);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->requireHttps);
  EXPECT_EQ(std::vector<int>{443}, p->allowedPorts);
  EXPECT_EQ(100u, p->maxUrlLength);
  EXPECT_EQ(false, p->disableLoopback);
  EXPECT_EQ((std::vector<std::string>{"run_id", "status"}), allowedFieldsOf(config));
  EXPECT_FALSE(urlPolicyOf(nlohmann::json::object()));
}

// The disable cases' silence window: a late webhook from a target whose delivery timing the
// harness does not know must not fall outside it.
std::chrono::milliseconds silenceWindow(bool embedded, std::optional<std::chrono::milliseconds> latency,
                                        std::chrono::milliseconds runDuration, double scale,
                                        std::string* how) {
  TargetProfile profile;
  profile.timeoutScale = scale;
  if (embedded) profile.knownDelivery = KnownDeliveryTiming{std::chrono::milliseconds(250),
                                                            std::chrono::milliseconds(20), 3};
  ClientOptions client;
  client.baseUrl = "http://127.0.0.1:1";  // never called
  Environment env(TargetClient(client), std::make_shared<CaptureServer>(), profile);
  if (latency) env.latencies().record(*latency);
  CaseInfo info;
  info.id = "test.window";
  CaseContext ctx(info, env);
  return noWebhookWindow(ctx, runDuration, how);
}

TEST(NoWebhookWindow, ThreeSecondsOnATargetWithNothingMeasured) {
  using std::chrono::milliseconds;
  std::string how;
  EXPECT_EQ(milliseconds(3000), silenceWindow(false, std::nullopt, milliseconds(5), 1.0, &how));
  EXPECT_NE(std::string::npos, how.find("max(3000 ms, no webhook latency measured")) << how;
  // 5 x a run that took 1 s to end
  EXPECT_EQ(milliseconds(5000), silenceWindow(false, std::nullopt, milliseconds(1000), 1.0, &how));
  // the embedded reference sends at the run's end, as the harness set it
  EXPECT_EQ(milliseconds(1000), silenceWindow(true, std::nullopt, milliseconds(5), 1.0, &how));
  EXPECT_NE(std::string::npos, how.find("max(1000 ms, ")) << how;
}

TEST(NoWebhookWindow, TenTimesTheSlowestMeasuredLatencyAboveOneSecond) {
  using std::chrono::milliseconds;
  std::string how;
  EXPECT_EQ(milliseconds(1000), silenceWindow(false, milliseconds(20), milliseconds(5), 1.0, &how));
  EXPECT_EQ(milliseconds(4000), silenceWindow(false, milliseconds(400), milliseconds(5), 1.0, &how));
  EXPECT_NE(std::string::npos, how.find("10 x the slowest run-end->webhook latency")) << how;
  EXPECT_EQ(milliseconds(1200), silenceWindow(false, milliseconds(400), milliseconds(5), 0.3, &how));
}

TEST(RunStatus, OnlyEndStatusesAreFinal) {
  for (const char* s : {"success", "error", "timeout", "interrupted"}) EXPECT_TRUE(isFinalRunStatus(s));
  for (const char* s : {"pending", "running", "rollback", ""}) EXPECT_FALSE(isFinalRunStatus(s));
}

TEST(RunLocation, ThreadAndStatelessFormsAsTheServersSendThem) {
  auto thread = runFromContentLocation("/threads/t-1/runs/r-1");
  ASSERT_TRUE(thread);
  EXPECT_EQ("t-1", thread->threadId);
  EXPECT_EQ("r-1", thread->runId);
  // LangGraph.js for /runs, /runs/wait, /runs/stream.
  auto stateless = runFromContentLocation("/runs/1ef2b3c4-0000-4000-8000-000000000001");
  ASSERT_TRUE(stateless);
  EXPECT_EQ("", stateless->threadId);
  EXPECT_EQ("1ef2b3c4-0000-4000-8000-000000000001", stateless->runId);
}

TEST(RunLocation, AbsolutePrefixedQueryFragmentAndTrailingAction) {
  struct Case { const char* location; const char* thread; const char* run; };
  for (const auto& c : std::vector<Case>{
           {"https://host.example:8443/runs/r1", "", "r1"},
           {"HTTP://host/api/v1/runs/r1", "", "r1"},
           {"http://host/threads/t1/runs/r1?stream_mode=values", "t1", "r1"},
           {"/runs/r1?x=1", "", "r1"},
           {"/runs/r1#frag", "", "r1"},
           {"/prefix/threads/t1/runs/r1/join", "t1", "r1"},
           {"/runs/r1/stream", "", "r1"},
           {"  /runs/r1\t", "", "r1"},  // surrounding header whitespace
       }) {
    auto loc = runFromContentLocation(c.location);
    ASSERT_TRUE(loc) << c.location;
    EXPECT_EQ(c.thread, loc->threadId) << c.location;
    EXPECT_EQ(c.run, loc->runId) << c.location;
  }
}

TEST(RunLocation, BadVectorsNameNoRun) {
  const std::string longId(129, 'a');
  const std::string huge = "/runs/" + std::string(5000, 'a');
  const std::string nul = std::string("/runs/r1") + '\0' + "x";
  for (const std::string& bad : std::vector<std::string>{
           "", " ", "/", "runs/r1", "/runs", "/runs/", "/runs//", "/threads/t1/runs",
           "/threads//runs/r1", "/threads/t1/runs/", "/runs/r1/extra/more", "/runs/r1/cancel",
           "/runs/../r1", "/runs/./", "/runs/r%201", "/runs/r 1", "/runs/r1\r\nX-Evil: 1",
           "/runs/\xc3\xa9", "/runs/" + longId, huge, nul, "http://", "http:///runs/r1",
           "http://host", "https://host?runs/r1", "ftp://host/runs/r1", "/runs/crons/", "/runs/crons", "/runs/wait", "/runs/stream",
           "/threads/t1/runs/stream", "/runs/r1/", "https://host?x=/runs/r1", "http://host#/runs/r1",
           "//runs/r1", "/a//runs/r1", "/threads/t1/runs/r1/join/x",
           std::string(70, '/') + "runs/r1", "/" + std::string(100, 'x') + "/a" + [] {
             std::string s;
             for (int i = 0; i < 70; ++i) s += "/a";
             return s;
           }() + "/runs/r1"}) {
    EXPECT_FALSE(runFromContentLocation(bad)) << "accepted: " << bad.substr(0, 80);
  }
}

TEST(RunLocation, MetadataEventRunId) {
  EXPECT_EQ("r-1", runIdFromMetadataEvent({"metadata", R"({"run_id":"r-1","attempt":1})", ""}));
  for (const SseEvent& bad : std::vector<SseEvent>{
           {"values", R"({"run_id":"r-1"})", ""},
           {"metadata", "", ""},
           {"metadata", "not json", ""},
           {"metadata", R"(["r-1"])", ""},
           {"metadata", R"({"run_id":7})", ""},
           {"metadata", R"({"run_id":null})", ""},
           {"metadata", R"({"run_id":""})", ""},
           {"metadata", R"({"run_id":"a/b"})", ""},
           {"metadata", R"({"run_id":"r\n1"})", ""},
           {"metadata", "{\"run_id\":\"" + std::string(200, 'a') + "\"}", ""},
           {"metadata", std::string(100000, '['), ""},
           {"metadata", std::string(2000, '[') + std::string(2000, ']'), ""},
       })
    EXPECT_FALSE(runIdFromMetadataEvent(bad)) << "accepted: " << bad.event << " " << bad.data.substr(0, 60);
}

// A missing capability is the reason, whatever the order of the needs: on a target without crons
// a case needing crons and http.disable_webhooks says "no crons" even on the default instance,
// whose configuration another instance has.
TEST(NeedsSkipReason, ACapabilityTheTargetLacksIsReportedBeforeAConfiguration) {
  TargetProfile p;
  p.targetConfig = nlohmann::json::object();
  auto why = skipReason(std::vector<Need>{Need::ConfigDisable, Need::Crons}, p);
  ASSERT_TRUE(why);
  EXPECT_NE(std::string::npos, why->find("flags.crons")) << *why;
  why = skipReason(std::vector<Need>{Need::ConfigDisable}, p);
  ASSERT_TRUE(why);
  EXPECT_NE(std::string::npos, why->find("http.disable_webhooks")) << *why;
}

// A 422 for an http:// callback names require_https wherever the URL policy exists (the setting
// can be on, and its default is announced to flip); never before the policy or for https.
TEST(RefusalDiagnosis, AnHttpCallbackRefusalNamesRequireHttps) {
  ApiResponse refused;
  refused.status = 422;
  refused.body = R"j({"detail":"Loopback webhooks are disabled (webhook url)"})j";
  const std::string http = "http://127.0.0.1:8123/hook/r?token=t";
  auto newest = diagnoseWebhookRefusal(refused, http, pythonPlatform("0.16.0", ""));
  EXPECT_NE(std::string::npos, newest.find("disable_loopback")) << newest;
  EXPECT_NE(std::string::npos, newest.find("require_https")) << newest;
  auto old = diagnoseWebhookRefusal(refused, http, pythonPlatform("0.5.0", ""));
  EXPECT_EQ(std::string::npos, old.find("require_https")) << old;
  auto https = diagnoseWebhookRefusal(refused, "https://127.0.0.1:8443/hook/r", pythonPlatform("0.16.0", ""));
  EXPECT_EQ(std::string::npos, https.find("require_https")) << https;
  ApiResponse httpsRequired;
  httpsRequired.status = 422;
  httpsRequired.body = R"j({"detail":"Webhook must use https"})j";
  auto named = diagnoseWebhookRefusal(httpsRequired, "http://hooks.example.com/x", PlatformProfile{});
  EXPECT_EQ(0u, named.find("the target refused the http:// webhook URL")) << named;
  EXPECT_NE(std::string::npos, named.find("require_https is on")) << named;
}

}  // namespace
}  // namespace wc
