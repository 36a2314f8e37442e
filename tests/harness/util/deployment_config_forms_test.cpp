// --target-config's environment form: LANGGRAPH_HTTP and LANGGRAPH_WEBHOOKS, as `langgraph build`
// writes them, read from a dotenv file, a Dockerfile or the environment, give the same
// configuration as the langgraph.json they came from, under the same bounds.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "util/deployment_config_forms.h"

namespace wc {
namespace {

const nlohmann::json kLanggraphJson = nlohmann::json::parse(R"({
  "http": {"disable_webhooks": false},
  "webhooks": {"headers": {"X-Secret": "${{ env.HOOK_SECRET }}"},
               "url": {"disable_loopback": false, "max_url_length": 4096}}
})");

EnvLookup environmentOf(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}
const EnvLookup kNoEnvironment = environmentOf({});

class DeploymentConfigFormsTest : public testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    auto path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  void SetUp() override { std::filesystem::create_directories(dir_); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_ = testing::TempDir() + "/wc-config-forms-" + std::to_string(::getpid());
};

TEST_F(DeploymentConfigFormsTest, DockerfileLinesAsLanggraphBuildWritesThemEqualTheFileForm) {
  auto json = write("langgraph.json", kLanggraphJson.dump());
  auto dockerfile = write("Dockerfile",
                          "FROM langchain/langgraph-api:3.11\n"
                          "ENV LANGGRAPH_HTTP='" + kLanggraphJson["http"].dump() + "'\n"
                          "ENV LANGSERVE_GRAPHS='{\"echo\": \"/deps/echo.py:graph\"}'\n"
                          "ENV LANGGRAPH_WEBHOOKS='" + kLanggraphJson["webhooks"].dump() + "'\n");
  std::string error;
  auto fromFile = readDeploymentConfig(json, kNoEnvironment, kConfigFileLimits, &error);
  ASSERT_TRUE(fromFile) << error;
  auto fromEnvFile =
      readDeploymentConfig("env:" + dockerfile, kNoEnvironment, kConfigFileLimits, &error);
  ASSERT_TRUE(fromEnvFile) << error;
  EXPECT_EQ(*fromFile, *fromEnvFile);
}

TEST_F(DeploymentConfigFormsTest, DotenvQuotingAndTheEnvironmentGiveTheSameBlocks) {
  auto dotenv = write(".env",
                      "# the deployment's variables\n\n"
                      "export LANGGRAPH_HTTP=" + kLanggraphJson["http"].dump() + "\n"
                      "LANGGRAPH_WEBHOOKS=\"{\\\"headers\\\": {\\\"X-Secret\\\": "
                      "\\\"${{ env.HOOK_SECRET }}\\\"}, \\\"url\\\": {\\\"disable_loopback\\\": "
                      "false, \\\"max_url_length\\\": 4096}}\"\r\n");
  std::string error;
  auto fromDotenv = readDeploymentConfig("env:" + dotenv, kNoEnvironment, kConfigFileLimits, &error);
  ASSERT_TRUE(fromDotenv) << error;
  EXPECT_EQ(kLanggraphJson, *fromDotenv);
  auto fromEnvironment = readDeploymentConfig(
      "env:",
      environmentOf({{"LANGGRAPH_HTTP", kLanggraphJson["http"].dump()},
                     {"LANGGRAPH_WEBHOOKS", kLanggraphJson["webhooks"].dump()}}),
      kConfigFileLimits, &error);
  ASSERT_TRUE(fromEnvironment) << error;
  EXPECT_EQ(kLanggraphJson, *fromEnvironment);
}

TEST_F(DeploymentConfigFormsTest, OneVariableAloneGivesItsBlockOnly) {
  std::string error;
  auto config = readDeploymentConfig(
      "env:", environmentOf({{"LANGGRAPH_HTTP", R"({"disable_webhooks": true})"}}),
      kConfigFileLimits, &error);
  ASSERT_TRUE(config) << error;
  EXPECT_EQ(nlohmann::json::parse(R"({"http": {"disable_webhooks": true}})"), *config);
}

// Each refusal names the variable and where it was read, like the langgraph.json path names
// the file.
TEST_F(DeploymentConfigFormsTest, BadValuesAreRefusedNamingTheVariable) {
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  const std::string huge = "{\"headers\": {\"X\": \"" + std::string(2 * 1024 * 1024, 'a') + "\"}}";
  const struct {
    std::map<std::string, std::string> vars;
    std::string mentions;
  } cases[] = {
      {{{"LANGGRAPH_WEBHOOKS", "{\"headers\": "}}, "LANGGRAPH_WEBHOOKS in the environment is not a JSON object"},
      {{{"LANGGRAPH_HTTP", "[1]"}}, "LANGGRAPH_HTTP in the environment is not a JSON object"},
      {{{"LANGGRAPH_WEBHOOKS", "{\"a\": " + deep + "}"}}, "nested deeper than 64 levels"},
      {{{"LANGGRAPH_WEBHOOKS", huge}}, "LANGGRAPH_WEBHOOKS in the environment is not a JSON object: larger than 1048576 bytes"},
      {{{"OTHER", "{}"}}, "neither LANGGRAPH_HTTP nor LANGGRAPH_WEBHOOKS is set in the environment"},
  };
  for (const auto& c : cases) {
    std::string error;
    EXPECT_FALSE(readDeploymentConfig("env:", environmentOf(c.vars), kConfigFileLimits, &error));
    EXPECT_NE(std::string::npos, error.find(c.mentions)) << error;
  }
  std::string error;
  auto file = write("deep.env", "LANGGRAPH_WEBHOOKS='" + deep + "'\n");
  EXPECT_FALSE(readDeploymentConfig("env:" + file, kNoEnvironment, kConfigFileLimits, &error));
  EXPECT_NE(std::string::npos, error.find("LANGGRAPH_WEBHOOKS in " + file)) << error;
  auto large = write("large.env", "LANGGRAPH_WEBHOOKS='" + huge + "'\n");
  EXPECT_FALSE(readDeploymentConfig("env:" + large, kNoEnvironment, kConfigFileLimits, &error));
  EXPECT_NE(std::string::npos, error.find("larger than 1048576 bytes")) << error;
}

}  // namespace
}  // namespace wc
