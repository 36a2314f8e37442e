// `merge` and the report writers against hostile inputs: a FIFO given as or named like a report
// (exit 2 at once, never a wait), a bad value quoted as a short inert excerpt, inputs past the
// bounds on bytes and JSON values (each file's and all together), the merged report.json
// readable again, and merge's reader fed seeds, truncations, flips and garbage through the fuzz
// target's own function.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

// LLVMFuzzerTestOneInput: the fuzz target's input path.
#include "../../../fuzz/fuzz_report_reader.cpp"
#include "launch/langgraph_js_versions.h"
#include "load/load_reports.h"
#include "reliability_support.h"
#include "report/text_safety.h"
#include "report_fixture.h"
#include "util/bounded_json.h"

namespace wc {
namespace {

using namespace std::chrono_literals;
using reliability::runProcess;

// A report.json of one run judging `cases` cases ("a.c0", ...), `extra` spliced in at the top.
std::string mergeInputReport(size_t cases, const std::string& extra = "",
                             const std::string& verdict = "pass") {
  std::string text = R"({"schema_version":1,"tool":{"name":"webhook-conformance","version":"1"},)"
                     R"("target":{"url":"http://127.0.0.1:1"},)" + extra + R"("cases":[)";
  for (size_t i = 0; i < cases; ++i)
    text += (i ? "," : "") + std::string(R"({"id":"a.c)") + std::to_string(i) +
            R"(","level":"MUST","verdict":")" + verdict + "\"}";
  return text + "]}";
}

// `n` zeros as a JSON array: n + 1 values in about 2n bytes.
std::string mergeInputZeros(size_t n) {
  std::string out = "[";
  for (size_t i = 0; i < n; ++i) out += i ? ",0" : "0";
  return out + "]";
}

class MergeHostileInputs : public testing::Test {
 protected:
  void SetUp() override { dir_ = testing_support::freshDir("wc-merge-inputs"); }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  // <dir>/<name>/report.json holding `text`; returns <dir>/<name>.
  std::string reportDir(const std::string& name, const std::string& text) {
    auto d = dir_ / name;
    std::filesystem::create_directories(d);
    std::ofstream(d / "report.json", std::ios::binary) << text;
    return d.string();
  }
  std::string fifo(const std::filesystem::path& path) {
    std::filesystem::create_directories(path.parent_path());
    EXPECT_EQ(0, ::mkfifo(path.c_str(), 0600)) << path;
    return path.string();
  }
  // The CLI ends with exit 2 within 5 s and one line on stderr mentioning `mentions`.
  reliability::ProcessResult expectExit2(std::vector<std::string> args, const std::string& mentions) {
    args.insert(args.begin(), WC_BINARY);
    auto r = runProcess(args, 30s);
    EXPECT_FALSE(r.timedOut) << args[1] << " waited";
    EXPECT_EQ(2, r.exitCode) << r.err;
    EXPECT_LT(r.took, 5s);
    EXPECT_EQ(1, std::count(r.err.begin(), r.err.end(), '\n')) << r.err;
    EXPECT_NE(r.err.find(mentions), std::string::npos) << "expected '" << mentions << "' in: " << r.err;
    return r;
  }
  std::string out() const { return (dir_ / "out").string(); }
  std::filesystem::path dir_;
};

TEST_F(MergeHostileInputs, AFifoGivenToMergeIsExit2) {
  auto good = reportDir("good", mergeInputReport(1));
  fifo(dir_ / "piped" / "report.json");
  expectExit2({"merge", good, (dir_ / "piped").string(), "--report-dir", out()}, "report.json: it is a FIFO");
  expectExit2({"merge", good, (dir_ / "piped" / "report.json").string(), "--report-dir", out()},
              "report.json: it is a FIFO");
  auto named = fifo(dir_ / "runs.json");  // a name that makes merge sniff the kind
  expectExit2({"merge", good, named, "--report-dir", out()}, "runs.json: it is a FIFO");
  fifo(dir_ / "shard" / "load.json");
  expectExit2({"merge", (dir_ / "shard").string(), "--report-dir", out()}, "load.json: it is a FIFO");
}

TEST_F(MergeHostileInputs, AFifoNamedLikeAMergedReportIsExit2) {
  auto a = reportDir("a", mergeInputReport(1));
  for (const char* name : {"report.json", "junit.xml", "summary.md"}) {
    std::filesystem::remove_all(out());
    fifo(std::filesystem::path(out()) / name);
    expectExit2({"merge", a, "--report-dir", out()}, std::string(name) + ": it is a FIFO");
  }
}

TEST_F(MergeHostileInputs, AFifoNamedJunitXmlEndsTheRunWithExit2) {
  fifo(dir_ / "reports" / "junit.xml");
  expectExit2({"run", "--quiet", "--filter", "token.plus", "--report-dir", (dir_ / "reports").string()},
              "junit.xml: it is a FIFO");
}

// load's writer, called as `load` calls it at its end (a load run itself takes too long here).
TEST_F(MergeHostileInputs, AFifoNamedLoadJsonIsRefusedByTheLoadWriter) {
  for (const char* name : {"load.json", "load-junit.xml"}) {
    auto reports = dir_ / (std::string("load-") + name);
    fifo(reports / name);
    load::LoadReport report;
    std::string error;
    auto started = std::chrono::steady_clock::now();
    EXPECT_FALSE(load::writeLoadReports(report, reports.string(), &error));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    EXPECT_NE(error.find(std::string(name) + ": it is a FIFO"), std::string::npos) << error;
  }
}

// A bad value is quoted as at most ~80 bytes, escaped: never the whole value, never raw bytes.
TEST_F(MergeHostileInputs, ABadValueIsQuotedAsAShortInertExcerpt) {
  std::string hostile;
  for (int i = 0; i < 5000; ++i) hostile += "\\u001b]0;owned\\u0007";
  auto badVerdict = reportDir("verdict", mergeInputReport(1, "", hostile));
  auto r = expectExit2({"merge", badVerdict, "--report-dir", out()}, "cases[0].verdict: unknown verdict");
  EXPECT_LT(r.err.size(), 400u) << r.err;
  EXPECT_EQ(std::string::npos, r.err.find('\x1b'));
  EXPECT_EQ(std::string::npos, r.err.find('\x07'));

  auto badTime = reportDir("time", mergeInputReport(1, "\"started_at\":\"" + std::string(100000, 'x') + "\","));
  r = expectExit2({"merge", badTime, "--report-dir", out()}, "started_at: not an RFC 3339 timestamp");
  EXPECT_LT(r.err.size(), 400u) << r.err;

  auto unclosed = reportDir("unclosed", R"({"schema_version":1,"tool":")" + std::string(1 << 20, 'y'));
  r = expectExit2({"merge", unclosed, "--report-dir", out()}, "not JSON");
  EXPECT_LT(r.err.size(), 600u) << r.err;

  auto notJson = reportDir("binary", std::string("\x1b[2J\x00\xff garbage", 14));
  r = expectExit2({"merge", notJson, "--report-dir", out()}, "not JSON");
  EXPECT_EQ(std::string::npos, r.err.find('\x1b'));
}

TEST_F(MergeHostileInputs, TooManyValuesInOneFileIsExit2) {
  auto many = reportDir("many", mergeInputReport(1, R"("configuration":{"x":)" +
                                                         mergeInputZeros(kMaxReportValues) + "},"));
  expectExit2({"merge", many, "--report-dir", out()}, "more than 1000000 values");
}

TEST_F(MergeHostileInputs, TooManyValuesOrBytesTogetherIsExit2) {
  std::vector<std::string> args = {"merge"};
  for (int i = 0; i < 3; ++i)
    args.push_back(reportDir("v" + std::to_string(i),
                             mergeInputReport(1, R"("configuration":{"x":)" + mergeInputZeros(kMaxReportValues / 2) + "},")));
  args.insert(args.end(), {"--report-dir", out()});
  expectExit2(args, "JSON values together");

  const std::string body(kMaxReportJsonBytes / 2 + 1024, 'b');
  auto big = [&](const std::string& name) {
    return reportDir(name, mergeInputReport(1, R"("diagnoses":[")" + body + R"("],)"));
  };
  expectExit2({"merge", big("big1"), big("big2"), "--report-dir", out()}, "MiB together");
}

// What merge writes, merge reads again: 1,000 runs merged, then that merged report merged.
TEST_F(MergeHostileInputs, AMergeOfAThousandRunsCanBeMergedAgain) {
  std::vector<std::string> args = {WC_BINARY, "merge"};
  for (size_t i = 0; i < kMaxMergedReports; ++i)
    args.push_back(reportDir("r" + std::to_string(i), mergeInputReport(3)));
  args.insert(args.end(), {"--no-step-summary", "--report-dir", out()});
  auto first = runProcess(args, 60s);
  ASSERT_EQ(0, first.exitCode) << first.err;
  auto again = runProcess({WC_BINARY, "merge", out(), "--no-step-summary", "--report-dir", out() + "-again"}, 60s);
  EXPECT_EQ(0, again.exitCode) << again.err;
}

// Instance names and case ids come from the files: inert in summary.md, legal in junit.xml.
TEST_F(MergeHostileInputs, IdsAndInstancesFromTheFilesStayInertInEveryReport) {
  const std::string instance = "[x](http://evil.example) @everyone ![i](http://evil.example/i.png) `";
  auto a = reportDir("a", R"({"schema_version":1,"tool":{"name":"webhook-conformance"},)"
                          R"("target":{"url":"http://127.0.0.1:1"},)"
                          R"("instances":[{"name":")" + instance + R"(","base_url":"http://127.0.0.1:2"}],)"
                          R"("cases":[{"id":"a.\u0001<b>&\u001b[31m","level":"MUST","verdict":"fail",)"
                          R"("instance":")" + instance + R"("}]})");
  auto r = runProcess({WC_BINARY, "merge", a, "--no-step-summary", "--report-dir", out()}, 30s);
  ASSERT_EQ(1, r.exitCode) << r.err;
  pugi::xml_document junit;
  auto parsed = junit.load_file((std::filesystem::path(out()) / "junit.xml").c_str());
  EXPECT_TRUE(parsed) << parsed.description();
  auto summary = testing_support::readFile(std::filesystem::path(out()) / "summary.md");
  EXPECT_EQ(std::string::npos, summary.find("\x01"));
  // The origin label "<dir> (<instance>)" appears only as one code span.
  auto label = markdownCode(a + " (" + instance + ")");
  EXPECT_NE(std::string::npos, summary.find(label)) << summary;
  EXPECT_EQ(std::string::npos, summary.find(" [x](http")) << summary;
}

// The bound merge's memory rests on: values counted the same on the fast and the SAX path.
TEST(MergeBoundedParser, ValuesAreCountedAndBoundedOnBothPaths) {
  std::string why;
  size_t values = 0;
  EXPECT_TRUE(parseBoundedJson("[1,2]", JsonLimits{8, 1024, 3}, &why, &values).has_value()) << why;
  EXPECT_EQ(3u, values);
  EXPECT_FALSE(parseBoundedJson("[1,2,3]", JsonLimits{8, 1024, 3}, &why).has_value());
  EXPECT_NE(std::string::npos, why.find("more than 3 values")) << why;
  const auto large = mergeInputZeros(50000);  // past the fast path's 64 KiB
  ASSERT_TRUE(parseBoundedJson(large, JsonLimits{8, 1 << 20}, &why, &values).has_value()) << why;
  EXPECT_EQ(50001u, values);
  const auto small = R"({"a":[1,{"b":null}],"c":"d"})";
  ASSERT_TRUE(parseBoundedJson(small, JsonLimits{}, &why, &values).has_value());
  EXPECT_EQ(6u, values);
  EXPECT_EQ(6u, jsonValueCount(nlohmann::json::parse(small)));
  // An unclosed string is quoted by its first 80 bytes, not whole.
  EXPECT_FALSE(parseBoundedJson("{\"a\":\"" + std::string(100000, 'x'), JsonLimits{}, &why).has_value());
  EXPECT_LT(why.size(), 400u) << why;
}

// The seed corpus, and each seed truncated, flipped and repeated, plus garbage: through the
// fuzz target's function, whose own checks trap on a broken promise.
TEST(MergeReaderFuzzInputs, SeedsAndMutationsKeepTheReadersPromises) {
  auto corpus = std::filesystem::path(defaultLangGraphJsDir()).parent_path().parent_path() / "fuzz" /
                "corpus" / "fuzz_report_reader";
  std::vector<std::string> inputs;
  for (const auto& entry : std::filesystem::directory_iterator(corpus))
    inputs.push_back(testing_support::readFile(entry.path()));
  ASSERT_GE(inputs.size(), 5u) << corpus;
  const size_t seeds = inputs.size();
  for (size_t i = 0; i < seeds; ++i) {
    const auto seed = inputs[i];
    for (size_t cut : {seed.size() / 3, seed.size() / 2, seed.size() - 1}) inputs.push_back(seed.substr(0, cut));
    auto flipped = seed;
    for (size_t at = 7; at < flipped.size(); at += 97) flipped[at] = static_cast<char>(flipped[at] ^ 0x5a);
    inputs.push_back(flipped);
    inputs.push_back(seed + seed);
  }
  inputs.push_back(std::string(4096, '\0'));
  inputs.push_back(std::string(10000, '[') + std::string(10000, ']'));
  inputs.push_back("{\"schema_version\":1e400}");
  inputs.push_back("\xef\xbb\xbf{}");
  EXPECT_GE(inputs.size(), 20u);
  for (const auto& input : inputs)
    EXPECT_EQ(0, LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size()));
}

}  // namespace
}  // namespace wc
