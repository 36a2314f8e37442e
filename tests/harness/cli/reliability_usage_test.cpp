// Bad input at the command line: one line, exit 2, before anything is started or contacted
//. The target in these runs is a closed port: reaching it would be
// exit 3, so exit 2 also proves the check came first.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "reliability_support.h"

namespace wc {
namespace {

using namespace std::chrono_literals;

struct BadFlag {
  const char* name;
  std::vector<std::string> args;
  const char* mentions;
};

std::string closedTarget() {
  return "http://127.0.0.1:" + std::to_string(reliability::unusedPort());
}

std::string invalidConfigFile() {
  auto path = testing::TempDir() + "/wc-usage-invalid-langgraph.json";
  std::ofstream(path) << R"({"webhooks": {"headers": 5}})";
  return path;
}

// A report directory that cannot exist: its parent is a regular file.
std::string reportDirUnderAFile() {
  auto file = testing::TempDir() + "/wc-usage-a-file";
  std::ofstream(file) << "x";
  return file + "/reports";
}

class UsageErrors : public testing::TestWithParam<BadFlag> {};

TEST_P(UsageErrors, ExitTwoWithOneLine) {
  std::vector<std::string> argv = {WC_BINARY, "run", "--quiet", "--target", closedTarget()};
  for (const auto& a : GetParam().args) argv.push_back(a);
  auto result = reliability::runProcess(argv, 20s);
  ASSERT_FALSE(result.timedOut) << result.err;
  EXPECT_EQ(2, result.exitCode) << result.err;
  EXPECT_EQ(1, std::count(result.err.begin(), result.err.end(), '\n')) << result.err;
  EXPECT_NE(std::string::npos, result.err.find(GetParam().mentions)) << result.err;
  EXPECT_LT(result.took, 5s);
}

INSTANTIATE_TEST_SUITE_P(
    Flags, UsageErrors,
    testing::Values(
        BadFlag{"timeout_scale_inf", {"--timeout-scale", "inf"}, "--timeout-scale"},
        BadFlag{"timeout_scale_huge", {"--timeout-scale", "1e20"}, "--timeout-scale"},
        BadFlag{"timeout_scale_tiny", {"--timeout-scale", "0.001"}, "--timeout-scale"},
        BadFlag{"timeout_scale_nan", {"--timeout-scale", "nan"}, "--timeout-scale"},
        BadFlag{"capture_port_70000", {"--capture-port", "70000"}, "--capture-port"},
        BadFlag{"capture_port_negative", {"--capture-port", "-1"}, "--capture-port"},
        BadFlag{"header_crlf", {"--header", "X-A: 1\r\nX-Injected: 2"}, "--header"},
        BadFlag{"header_lf", {"--header", "X-A: 1\nX-Injected: 2"}, "--header"},
        BadFlag{"api_key_crlf", {"--api-key", "k\r\nX-Injected: 1"}, "--api-key"},
        BadFlag{"jobs_zero", {"--jobs", "0"}, "--jobs"},
        BadFlag{"report_dir_under_a_file", {"--report-dir", reportDirUnderAFile()}, "--report-dir"},
        BadFlag{"target_config_invalid_with_target", {"--target-config", invalidConfigFile()},
                "--target-config"}),
    [](const testing::TestParamInfo<BadFlag>& info) { return std::string(info.param.name); });

TEST(UsageErrors, BaseUrlWithQueryOrFragmentIsRefused) {
  for (const std::string suffix : {"/base?k=v", "/base#frag"}) {
    auto result = reliability::runProcess(
        {WC_BINARY, "run", "--quiet", "--target", closedTarget() + suffix}, 20s);
    EXPECT_EQ(2, result.exitCode) << suffix << ": " << result.err;
    EXPECT_NE(std::string::npos, result.err.find("query or fragment")) << result.err;
  }
}

}  // namespace
}  // namespace wc
