// The launched server's project directory (harness/launch/launch_project.h): its langgraph.json
// keeps the project's graphs reachable from a temp dir, carries the configuration, and the
// directory goes away with the launch.
#include "launch/launch_project.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace wc {
namespace {

TEST(LaunchProject, PathsBecomeAbsoluteAndTheConfigurationIsMergedOver) {
  nlohmann::json project = {{"node_version", "20"},
                            {"dependencies", {".", "/abs/dep"}},
                            {"graphs", {{"echo", "./src/serve.mjs:echo"},
                                        {"slow", {{"path", "src/serve.mjs:slow"}}}}},
                            {"env", ".env"},
                            {"http", {{"app", "./app.mjs:app"}, {"disable_meta", false}}}};
  nlohmann::json overlay = {{"http", {{"disable_webhooks", true}}},
                            {"webhooks", {{"url", {{"disable_loopback", false}}}}}};
  auto c = launchConfigFor(project, "/p/proj", overlay);
  EXPECT_EQ("/p/proj/src/serve.mjs:echo", c["graphs"]["echo"]);
  EXPECT_EQ("/p/proj/src/serve.mjs:slow", c["graphs"]["slow"]["path"]);
  EXPECT_EQ(nlohmann::json({"/p/proj", "/abs/dep"}), c["dependencies"]);
  EXPECT_EQ("/p/proj/.env", c["env"]);
  EXPECT_EQ("/p/proj/app.mjs:app", c["http"]["app"]);
  EXPECT_EQ(false, c["http"]["disable_meta"]);  // merged, not replaced
  EXPECT_EQ(true, c["http"]["disable_webhooks"]);
  EXPECT_EQ(false, c["webhooks"]["url"]["disable_loopback"]);
  // Shapes the harness does not expect are left alone, never a crash.
  auto odd = launchConfigFor(nlohmann::json::array(), "/p", nullptr);
  EXPECT_TRUE(odd.is_object());
  auto wrong = launchConfigFor({{"graphs", 3}, {"dependencies", "x"}, {"auth", "y"}}, "/p", {});
  EXPECT_EQ(3, wrong["graphs"]);
}

TEST(LaunchProject, TheDirectoryLinksTheProjectAndIsRemovedAtTheEnd) {
  namespace fs = std::filesystem;
  auto project = fs::temp_directory_path() / ("launch-project-test-" + std::to_string(::getpid()));
  fs::create_directories(project / "node_modules");
  std::ofstream(project / "langgraph.json") << R"({"graphs": {"echo": "./g.mjs:echo"}})";
  std::ofstream(project / "package.json") << "{}";
  std::string dir;
  {
    LaunchProject launch;
    std::string error;
    ASSERT_TRUE(launch.create(project.string(), {{"http", {{"disable_webhooks", true}}}}, &error))
        << error;
    dir = launch.dir();
    EXPECT_EQ(fs::perms::owner_all, fs::status(dir).permissions() & fs::perms::all);
    EXPECT_TRUE(fs::is_symlink(fs::path(dir) / "node_modules"));
    std::ifstream in(launch.configPath());
    auto written = nlohmann::json::parse(in);
    EXPECT_EQ((project / "g.mjs").string() + ":echo", written["graphs"]["echo"]);
    EXPECT_EQ(true, written["http"]["disable_webhooks"]);
  }
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_TRUE(fs::exists(project / "node_modules"));  // the link went, not what it named

  LaunchProject broken;
  std::string error;
  std::ofstream(project / "langgraph.json") << "[1, 2";
  EXPECT_FALSE(broken.create(project.string(), nullptr, &error));
  EXPECT_NE(std::string::npos, error.find("langgraph.json")) << error;
  fs::remove_all(project);
}

}  // namespace
}  // namespace wc
