// What a hostile target or configuration file says reaches the terminal and the CI log as inert
// text: a 500 body holding workflow commands and terminal escapes writes neither, and a header
// template of 50 KB is a configuration error (exit 2, one line), not a crashed parser.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "loopback_http_server.h"
#include "reliability_support.h"

// A named namespace, not an anonymous one: unity batches share one with the neighbours.
namespace wc::inert_output {

using namespace std::chrono_literals;

const std::string kHostileBody = "\"x\\n::error title=x::pwned\\n\\u001b[31m\"";

// A LangGraph-looking target whose every run creation fails with kHostileBody.
class CommandWritingTarget {
 public:
  std::string url() const { return server_.url(); }

 private:
  static void serve(const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/ok") return res.set_content(R"({"ok":true})", "application/json");
    if (req.path == "/info") return res.set_content(R"({"version":"hostile"})", "application/json");
    if (req.path == "/assistants/search")
      return res.set_content(R"([{"assistant_id":"a1","graph_id":"echo"}])", "application/json");
    if (req.path == "/threads" && req.method == "POST")
      return res.set_content(R"({"thread_id":"t1"})", "application/json");
    res.status = 500;
    res.set_content(kHostileBody, "application/json");
  }
  reliability::LoopbackHttpServer server_{4, serve};
};

std::string freshDir(const std::string& name) {
  auto dir = testing::TempDir() + "/wc-inert-" + name + "-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// A workflow command the tool writes itself: annotations.cpp's `::error title=<case>::<message>`.
bool isOwnAnnotation(const std::string& line) {
  for (const char* own : {"::error title=", "::warning title=", "::notice title="})
    if (line.rfind(own, 0) == 0) return line.rfind("::error title=x::", 0) != 0;
  return false;
}

void expectNoForeignCommand(const std::string& output, const char* stream) {
  EXPECT_EQ(std::string::npos, output.find('\x1b')) << stream << " holds an ESC:\n" << output;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line.compare(start, 2, "::") != 0) continue;
    EXPECT_TRUE(start == 0 && isOwnAnnotation(line)) << stream << " line: " << line;
    EXPECT_EQ(std::string::npos, line.find('\r')) << stream << " line: " << line;
  }
}

// An --expected-failures file is text from elsewhere too: its lines reach the CI log when an
// entry is ignored (the target's version does not match) or names an unknown case.
std::string expectedFailuresFile(const std::string& dir, const std::string& id) {
  const auto path = dir + "/expected-failures.json";
  std::ofstream(path) << nlohmann::json::array({{{"id", id},
                                                 {"reason", "r\n::stop-commands::tok"},
                                                 {"target_version", "9.9\n::add-mask::pwned"}}})
                             .dump();
  return path;
}

TEST(InertOutput, ServerErrorBodyWritesNoWorkflowCommandOrEscape) {
  CommandWritingTarget target;
  const auto dir = freshDir("run");
  auto result = reliability::runProcess(
      {WC_BINARY, "run", "--quiet", "--target", target.url(), "--filter",
       "delivery.threads-runs-create", "--annotations", "github", "--timeout-scale", "0.1",
       "--expected-failures", expectedFailuresFile(dir, "delivery.threads-runs-create"),
       "--report-dir", dir + "/reports"},
      60s);
  ASSERT_FALSE(result.timedOut) << result.err;
  EXPECT_EQ(1, result.exitCode) << result.out << result.err;
  // The body and the file did reach the output (escaped), so the checks below looked at them.
  EXPECT_NE(std::string::npos, result.out.find("pwned")) << result.out;
  EXPECT_NE(std::string::npos, result.err.find("add-mask")) << result.err;
  expectNoForeignCommand(result.out, "stdout");
  expectNoForeignCommand(result.err, "stderr");
}

TEST(InertOutput, UnknownExpectedFailureIdIsOneInertLine) {
  const auto dir = freshDir("unknown-id");
  auto result = reliability::runProcess(
      {WC_BINARY, "run", "--quiet", "--target",
       "http://127.0.0.1:" + std::to_string(reliability::unusedPort()), "--expected-failures",
       expectedFailuresFile(dir, "no.such\n::error title=x::pwned\x1b[31m"), "--report-dir",
       dir + "/reports"},
      20s);
  ASSERT_FALSE(result.timedOut) << result.err;
  EXPECT_EQ(2, result.exitCode) << result.err;
  EXPECT_EQ(1, std::count(result.err.begin(), result.err.end(), '\n')) << result.err;
  EXPECT_NE(std::string::npos, result.err.find("pwned")) << result.err;
  expectNoForeignCommand(result.err, "stderr");
}

// `"${{ env.A" + 50,000 x "A"`: a template that never closes, far under the 1 MiB file limit.
std::string longTemplateConfig(const std::string& dir) {
  const auto path = dir + "/langgraph.json";
  std::ofstream(path) << R"({"webhooks": {"headers": {"X-Token": "${{ env.A)"
                      << std::string(50000, 'A') << R"("}}})";
  return path;
}

void expectOneLineUsageError(const reliability::ProcessResult& result) {
  ASSERT_FALSE(result.timedOut) << result.err;
  EXPECT_EQ(2, result.exitCode) << result.err.substr(0, 2000);
  EXPECT_EQ(1, std::count(result.err.begin(), result.err.end(), '\n'))
      << result.err.substr(0, 2000);
  EXPECT_NE(std::string::npos, result.err.find("webhooks.headers")) << result.err.substr(0, 2000);
}

TEST(InertOutput, LongHeaderTemplateIsAConfigurationErrorForServeReference) {
  const auto dir = freshDir("serve");
  expectOneLineUsageError(reliability::runProcess(
      {WC_BINARY, "serve-reference", "--port", "0", "--config", longTemplateConfig(dir)}, 20s));
}

TEST(InertOutput, LongHeaderTemplateIsAConfigurationErrorForRun) {
  const auto dir = freshDir("target-config");
  expectOneLineUsageError(
      reliability::runProcess({WC_BINARY, "run", "--quiet", "--target-config",
                               longTemplateConfig(dir), "--report-dir", dir + "/reports"},
                              60s));
}

}  // namespace wc::inert_output
