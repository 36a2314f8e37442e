// The suites' own machinery: cron periods, env templates in webhooks.headers, URL-policy vectors.
#include <gtest/gtest.h>

#include <map>

#include "support/crons.h"
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

TEST(CronSchedule, SecondsOnlyWhenTheTargetSaysSo) {
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

TEST(RunStatus, OnlyEndStatusesAreFinal) {
  for (const char* s : {"success", "error", "timeout", "interrupted"}) EXPECT_TRUE(isFinalRunStatus(s));
  for (const char* s : {"pending", "running", "rollback", ""}) EXPECT_FALSE(isFinalRunStatus(s));
}

}  // namespace
}  // namespace wc
