// langgraph.json webhook settings as the reference resolves them at startup
// (reference/config/webhook_config.h), and the fault catalogue's integrity.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "reference/config/reference_options.h"
#include "reference/config/webhook_config.h"
#include "reference/faults/faults.h"

namespace wc::reference {
namespace {

EnvLookup fakeEnv(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(WebhookConfig, EmptyConfigMeansDefaults) {
  std::string error;
  auto config = loadWebhookConfig(nlohmann::json::object(), false, &error, fakeEnv({}));
  ASSERT_TRUE(config) << error;
  EXPECT_FALSE(config->disableWebhooks);
  EXPECT_TRUE(config->headers.empty());
  EXPECT_FALSE(config->allowedFields);
  EXPECT_FALSE(config->urlPolicy.disableLoopback);
}

TEST(WebhookConfig, ResolvesHeaderTemplatesMixedWithLiterals) {
  std::string error;
  auto config = loadWebhookConfig(
      {{"webhooks",
        {{"headers",
          {{"Authorization", "Bearer ${{ env.LG_WEBHOOK_TOKEN }}"},
           {"X-Pair", "${{env.LG_WEBHOOK_A}}-${{  env.LG_WEBHOOK_B  }}"},
           {"X-Static", "literal"}}}}}},
      false, &error, fakeEnv({{"LG_WEBHOOK_TOKEN", "s3cret"}, {"LG_WEBHOOK_A", "a"},
                              {"LG_WEBHOOK_B", "b"}}));
  ASSERT_TRUE(config) << error;
  std::map<std::string, std::string> headers(config->headers.begin(), config->headers.end());
  EXPECT_EQ("Bearer s3cret", headers["Authorization"]);
  EXPECT_EQ("a-b", headers["X-Pair"]);
  EXPECT_EQ("literal", headers["X-Static"]);
}

TEST(WebhookConfig, MissingVariableRefusesStartupWithoutLeakingValues) {
  std::string error;
  EXPECT_FALSE(loadWebhookConfig(
      {{"webhooks", {{"headers", {{"X-Token", "${{ env.LG_WEBHOOK_MISSING }}"}}}}}}, false,
      &error, fakeEnv({})));
  EXPECT_NE(std::string::npos, error.find("LG_WEBHOOK_MISSING")) << error;
  EXPECT_NE(std::string::npos, error.find("not set")) << error;
}

TEST(WebhookConfig, UnprefixedVariableRefusedEvenWhenSet) {
  std::string error;
  EXPECT_FALSE(loadWebhookConfig({{"webhooks", {{"headers", {{"X-Home", "${{ env.HOME }}"}}}}}},
                                 false, &error, fakeEnv({{"HOME", "/root"}})));
  EXPECT_NE(std::string::npos, error.find("env_prefix")) << error;
  EXPECT_EQ(std::string::npos, error.find("/root")) << "the value must never be printed";
}

TEST(WebhookConfig, CustomEnvPrefix) {
  std::string error;
  auto config = loadWebhookConfig(
      {{"webhooks", {{"env_prefix", "MYAPP_"}, {"headers", {{"X-K", "${{ env.MYAPP_KEY }}"}}}}}},
      false, &error, fakeEnv({{"MYAPP_KEY", "k"}}));
  ASSERT_TRUE(config) << error;
  EXPECT_EQ("k", config->headers.front().second);
  EXPECT_FALSE(loadWebhookConfig(
      {{"webhooks", {{"env_prefix", "MYAPP_"}, {"headers", {{"X-K", "${{ env.LG_WEBHOOK_K }}"}}}}}},
      false, &error, fakeEnv({{"LG_WEBHOOK_K", "k"}})));
}

TEST(WebhookConfig, DisableWebhooksAllowedFieldsAndWrongTypes) {
  std::string error;
  auto config = loadWebhookConfig({{"http", {{"disable_webhooks", true}}},
                                   {"webhooks", {{"allowed_fields", {"run_id", "status"}}}}},
                                  false, &error, fakeEnv({}));
  ASSERT_TRUE(config) << error;
  EXPECT_TRUE(config->disableWebhooks);
  ASSERT_TRUE(config->allowedFields);
  EXPECT_EQ((std::set<std::string>{"run_id", "status"}), *config->allowedFields);
  EXPECT_FALSE(loadWebhookConfig({{"http", {{"disable_webhooks", "yes"}}}}, false, &error));
  EXPECT_FALSE(loadWebhookConfig({{"webhooks", {{"headers", {{"X", 1}}}}}}, false, &error));
  EXPECT_FALSE(loadWebhookConfig({{"webhooks", {{"allowed_fields", "run_id"}}}}, false, &error));
}

TEST(EmulatedVersion, ErrorShapeAndLoopbackDefaultFollowTheVersion) {
  ReferenceOptions o;
  std::string error;
  ASSERT_TRUE(emulateVersion(&o, "0.7.45", &error));
  EXPECT_FALSE(o.errorAsObject);
  ASSERT_TRUE(emulateVersion(&o, "0.7.46", &error));
  EXPECT_TRUE(o.errorAsObject);
  EXPECT_FALSE(o.loopbackRefusedByDefault);
  ASSERT_TRUE(emulateVersion(&o, "0.10.0", &error));
  EXPECT_TRUE(o.loopbackRefusedByDefault);
  EXPECT_FALSE(emulateVersion(&o, "latest", &error));
}

TEST(FaultCatalogue, NamesAreUniqueAndEachNamesItsPromise) {
  std::set<std::string> seen;
  for (const auto& f : faultModes()) {
    EXPECT_TRUE(seen.insert(f.name).second) << "duplicate fault " << f.name;
    EXPECT_FALSE(std::string(f.promise).empty()) << f.name;
    EXPECT_TRUE(isKnownFault(f.name));
  }
  EXPECT_GE(seen.size(), 26u);
  EXPECT_FALSE(isKnownFault("no-such-fault"));
}

// A spec reads back as the mode its name gives, scoped only where the mode can be.
TEST(FaultCatalogue, SpecsParseThroughTheTable) {
  for (const auto& f : faultModes()) {
    EXPECT_TRUE(faultModeNamed(f.name) == f.mode) << f.name;
    auto fault = Fault::parse(f.name);
    ASSERT_TRUE(fault) << f.name;
    EXPECT_TRUE(fault->is(f.mode)) << f.name;
    EXPECT_EQ(f.name, fault->spec());
  }
  auto scoped = Fault::parse("late-duplicate@runs-wait");
  ASSERT_TRUE(scoped);
  EXPECT_FALSE(scoped->is(FaultMode::LateDuplicate));
  EXPECT_TRUE(scoped->is(FaultMode::LateDuplicate, "runs-wait"));
  EXPECT_FALSE(scoped->is(FaultMode::LateDuplicate, "runs-create"));
  EXPECT_EQ("late-duplicate@runs-wait", scoped->spec());
  EXPECT_FALSE(Fault::parse("no-delivery@runs-wait")) << "no-delivery cannot be scoped";
  EXPECT_FALSE(Fault::parse("late-duplicate@nowhere"));
  EXPECT_FALSE(Fault::parse("no-such-fault"));
  EXPECT_TRUE(Fault::parse("")->clean());
}

// docs/REFERENCE.md documents every fault mode in its table.
TEST(FaultCatalogue, EveryFaultIsDocumented) {
  std::ifstream in(WC_REFERENCE_DOC);
  ASSERT_TRUE(in) << "cannot read " << WC_REFERENCE_DOC;
  std::stringstream doc;
  doc << in.rdbuf();
  for (const auto& f : faultModes())
    EXPECT_NE(std::string::npos,
              doc.str().find(std::string("| `") + f.name + "` | " + f.promise + " |"))
        << f.name << " is missing from the fault table of " << WC_REFERENCE_DOC
        << " (or its promise differs from `webhook-conformance faults`)";
}

}  // namespace
}  // namespace wc::reference
