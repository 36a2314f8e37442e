// Files a user hands the CLI: an --expected-failures file with a YAML alias loop, the
// "billion laughs", too much nesting or too many bytes, and a serve-reference --config that is
// too deep, too large or wrongly typed, each end the process with exit 2 and one line within
// seconds: never a hang, a growing heap or a crash.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "reliability_support.h"

namespace wc {
namespace {

using namespace std::chrono_literals;
using reliability::runProcess;

class HostileFiles : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("wc-hostile-files-" + std::to_string(::getpid()) + "-" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string write(const std::string& name, const std::string& text) {
    auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  // The CLI ends with exit 2 within 5 s, one line on stderr mentioning `mentions`.
  void expectUsageError(const std::vector<std::string>& args, const std::string& mentions) {
    std::vector<std::string> argv = {WC_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = runProcess(argv, 20s);
    std::string what = args.back();
    EXPECT_FALSE(r.timedOut) << what;
    EXPECT_EQ(2, r.exitCode) << what << ": " << r.err;
    EXPECT_LT(r.took, 5s) << what;
    EXPECT_EQ(1, std::count(r.err.begin(), r.err.end(), '\n')) << what << ": " << r.err;
    EXPECT_NE(r.err.find(mentions), std::string::npos) << what << ": " << r.err;
    std::cout << what << ": exit " << r.exitCode << " in " << r.took.count() << " ms\n";
  }
  void expectExpectedFailuresRefused(const std::string& path, const std::string& mentions) {
    expectUsageError({"run", "--quiet", "--expected-failures", path}, mentions);
  }
  std::filesystem::path dir_;
};

TEST_F(HostileFiles, YamlAliasLoopIsRefused) {
  expectExpectedFailuresRefused(write("loop.yaml", "a: &a [*a, *a]\n"),
                                "YAML aliases (*a) are not allowed");
}

TEST_F(HostileFiles, BillionLaughsIsRefused) {
  // Nine levels of nine aliases each: 9^9 (387 million) strings once expanded.
  std::string yaml = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    yaml += std::string(1, c) + ": &" + c + " [*" + prev + ",*" + prev + ",*" + prev + ",*" +
            prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + "]\n";
  }
  expectExpectedFailuresRefused(write("lol.yaml", yaml), "YAML aliases (*a) are not allowed");
}

TEST_F(HostileFiles, AliasInsideAnEntryIsRefused) {
  expectExpectedFailuresRefused(
      write("entry.yaml", "- id: &i token.fixed\n  reason: r\n- id: *i\n  reason: s\n"),
      "YAML aliases (*i) are not allowed");
}

TEST_F(HostileFiles, OversizeFileIsRefused) {
  std::string yaml = "- id: token.fixed\n  reason: r\n";
  yaml += std::string(2 << 20, '#') + "\n";
  expectExpectedFailuresRefused(write("big.yaml", yaml), "larger than 1048576 bytes");
}

TEST_F(HostileFiles, DeeplyNestedFilesAreRefused) {
  expectExpectedFailuresRefused(
      write("deep.json", std::string(100000, '[') + std::string(100000, ']')), "nested deeper");
  expectExpectedFailuresRefused(
      write("deep.yaml", "x: " + std::string(100000, '[') + std::string(100000, ']') + "\n"),
      "nested deeper");
}

TEST_F(HostileFiles, TooManyYamlNodesAreRefused) {
  std::string yaml = "- [";
  for (int i = 0; i < 150000; ++i) yaml += "x,";
  yaml += "x]\n";
  expectExpectedFailuresRefused(write("wide.yaml", yaml), "more than 100000 YAML nodes");
}

TEST_F(HostileFiles, ServeReferenceConfigsThatAreRefused) {
  expectUsageError({"serve-reference", "--config",
                    write("deep.json", std::string(100000, '[') + std::string(100000, ']'))},
                   "nested deeper");
  expectUsageError({"serve-reference", "--config",
                    write("big.json", "{\"x\": \"" + std::string(2 << 20, 'x') + "\"}")},
                   "larger than 1048576 bytes");
  expectUsageError({"serve-reference", "--config", write("array.json", "[1]")},
                   "not a JSON object");
  expectUsageError({"serve-reference", "--config", dir_.string()}, "--config");
  expectUsageError(
      {"serve-reference", "--config", write("types.json", R"({"http": {"disable_webhooks": 1}})")},
      "http.disable_webhooks");
  expectUsageError(
      {"serve-reference", "--config", write("headers.json", R"({"webhooks": {"headers": [1]}})")},
      "webhooks.headers");
  expectUsageError({"serve-reference", "--config",
                    write("ports.json", R"({"webhooks": {"url": {"allowed_ports": ["80"]}}})")},
                   "allowed_ports");
  expectUsageError({"serve-reference", "--config",
                    write("range.json", R"({"webhooks": {"url": {"allowed_ports": [70000]}}})")},
                   "allowed_ports");
  expectUsageError({"serve-reference", "--config",
                    write("fields.json", R"({"webhooks": {"allowed_fields": "run_id"}})")},
                   "webhooks.allowed_fields");
}

}  // namespace
}  // namespace wc

namespace wc {
namespace {

// A FIFO named like a report would block the writer's open() forever: each writer refuses it.
TEST_F(HostileFiles, AFifoNamedLikeAReportEndsTheRunWithExit2) {
  auto reports = (dir_ / "reports").string();
  std::filesystem::create_directories(reports);
  ASSERT_EQ(0, ::mkfifo((reports + "/report.json").c_str(), 0600));
  auto r = runProcess({WC_BINARY, "run", "--filter", "token.plus", "--report-dir", reports}, 20s);
  EXPECT_FALSE(r.timedOut) << "run waited on the FIFO";
  EXPECT_EQ(2, r.exitCode) << r.err;
  EXPECT_LT(r.took, 5s);
  EXPECT_NE(r.err.find("report.json: it is a FIFO, not a regular file"), std::string::npos) << r.err;
}

// The reports are one set: when one cannot be written, the others of the last run stay as they
// were (no report.json of the new run beside junit.xml of the old), and no temporary is left.
TEST_F(HostileFiles, AReportSetIsWrittenWholeOrNotAtAll) {
  auto reports = (dir_ / "set").string();
  auto first = runProcess({WC_BINARY, "run", "--quiet", "--filter", "token.plus", "--report-dir", reports}, 20s);
  ASSERT_EQ(0, first.exitCode) << first.err;
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  const auto json = read(reports + "/report.json"), junit = read(reports + "/junit.xml");
  std::filesystem::remove(reports + "/summary.md");
  ASSERT_EQ(0, ::mkfifo((reports + "/summary.md").c_str(), 0600));
  auto second = runProcess({WC_BINARY, "run", "--quiet", "--filter", "token.plus", "--report-dir", reports}, 20s);
  EXPECT_EQ(2, second.exitCode) << second.err;
  EXPECT_EQ(json, read(reports + "/report.json")) << "report.json of the new run beside the old set";
  EXPECT_EQ(junit, read(reports + "/junit.xml"));
  for (const auto& entry : std::filesystem::directory_iterator(reports))
    EXPECT_EQ(std::string::npos, entry.path().filename().string().find(".partial")) << entry.path();
}

}  // namespace
}  // namespace wc
