// The command line against targets that are not merely broken but stuck or hostile: a /runs/wait
// kept alive by heartbeat newlines, a dripping /ok, an endless event stream, answers of the wrong
// shape or nesting. Each ends with its documented exit code, within its documented bound, with
// bounded memory and with every secret kept out of the output.
#include <gtest/gtest.h>
#include <httplib.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "loopback_http_server.h"
#include "reliability_support.h"
#include "report/write_reports.h"
#include "schema/payload_validator.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

enum class Stuck {
  HeartbeatWait,   // /runs/wait answers 200 and writes "\n" every 200 ms, forever
  DripOk,          // /ok answers 200 and drips its body one byte a second, forever
  EndlessSse,      // /runs/stream sends values events as fast as it can, forever
  AssistantsNumber,  // /assistants/search answers [1]
  AssistantsIdNumber,  // /assistants/search answers [{"assistant_id": 5}]
  DeepInfo,        // /info answers 100,000 nested arrays
  NoOkNoInfo,      // a partial LangGraph-compatible server: /ok and /info answer 404
};

// A LangGraph-looking target on loopback with one stuck or hostile behaviour.
class StuckTarget {
 public:
  explicit StuckTarget(Stuck mode) : mode_(mode) {}
  std::string url() const { return server_.url(); }

  // Waits until a stuck call is in progress (the harness is inside it).
  [[nodiscard]] testing::AssertionResult awaitStuckCall(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (changed_.wait_for(lock, timeout, [this] { return stuckCalls_ > 0; }))
      return testing::AssertionSuccess();
    return testing::AssertionFailure() << "no stuck call began within " << timeout.count() << " ms";
  }

 private:
  // Paces the hostile writer; ends at once when the test tears the server down.
  bool pause(std::chrono::milliseconds interval) { return !server_.awaitStopping(interval); }
  void markStuck() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++stuckCalls_;
    }
    changed_.notify_all();
  }
  static bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
  }

  void serve(const httplib::Request& req, httplib::Response& res) {
    if (mode_ == Stuck::NoOkNoInfo && (req.path == "/ok" || req.path == "/info")) {
      res.status = 404;
      return;
    }
    if (req.path == "/ok") {
      if (mode_ != Stuck::DripOk) return res.set_content(R"({"ok":true})", "application/json");
      markStuck();
      res.set_chunked_content_provider("application/json", [this](size_t, httplib::DataSink& sink) {
        return pause(1000ms) && sink.write(" ", 1);
      });
      return;
    }
    if (req.path == "/info") {
      if (mode_ == Stuck::DeepInfo)
        return res.set_content(std::string(100000, '[') + std::string(100000, ']'), "application/json");
      return res.set_content(R"({"version":"stuck-target"})", "application/json");
    }
    if (req.path == "/assistants/search") {
      if (mode_ == Stuck::AssistantsNumber) return res.set_content("[1]", "application/json");
      if (mode_ == Stuck::AssistantsIdNumber)
        return res.set_content(R"([{"assistant_id": 5}])", "application/json");
      return res.set_content(R"([{"assistant_id":"a1","graph_id":"echo"}])", "application/json");
    }
    if (req.path == "/threads") return res.set_content(R"({"thread_id":"t1"})", "application/json");
    if (mode_ == Stuck::HeartbeatWait && endsWith(req.path, "/runs/wait")) {
      markStuck();
      res.set_chunked_content_provider("application/json", [this](size_t, httplib::DataSink& sink) {
        return pause(200ms) && sink.write("\n", 1);
      });
      return;
    }
    if (mode_ == Stuck::EndlessSse && endsWith(req.path, "/runs/stream")) {
      markStuck();
      std::string burst;
      while (burst.size() < 64 * 1024)
        burst += "event: values\ndata: {\"messages\": [\"endless\"]}\n\n";
      res.set_chunked_content_provider("text/event-stream",
                                       [this, burst](size_t, httplib::DataSink& sink) {
                                         return !server_.stopping() &&
                                                sink.write(burst.data(), burst.size());
                                       });
      return;
    }
    res.status = 500;
  }

  Stuck mode_;
  std::mutex mutex_;  // guards stuckCalls_
  std::condition_variable changed_;
  int stuckCalls_ = 0;
  // Last: it serves with the members above, so it starts after and stops before them.
  reliability::LoopbackHttpServer server_{
      16, [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); }};
};

std::string freshDir(const std::string& name) {
  auto dir = testing::TempDir() + "/wc-hostile-" + name + "-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  return dir;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

nlohmann::json reportJson(const std::string& dir) {
  return nlohmann::json::parse(slurp(dir + "/report.json"), nullptr, false);
}

const nlohmann::json* caseIn(const nlohmann::json& report, const std::string& id) {
  if (!report.is_object() || !report.contains("cases")) return nullptr;
  for (const auto& c : report["cases"])
    if (c.value("id", "") == id) return &c;
  return nullptr;
}

// `run` of one case at --timeout-scale 0.1 (its 60 s budget becomes 6 s): it must end in time
// with the gate failed (exit 1).
reliability::ProcessResult runOneCaseQuickly(const StuckTarget& target, const std::string& id,
                                             const std::string& dir) {
  auto result = reliability::runProcess({WC_BINARY, "run", "--quiet", "--target", target.url(),
                                         "--filter", id, "--timeout-scale", "0.1", "--report-dir",
                                         dir},
                                        60s);
  EXPECT_FALSE(result.timedOut) << "still running after 60 s: " << result.err;
  EXPECT_EQ(1, result.exitCode) << result.out << result.err;
  EXPECT_LT(result.took, 12s) << "the case's deadline is 6 s";
  return result;
}

TEST(HostileTarget, HeartbeatingRunsWaitEndsInErrorWithinTheCaseDeadline) {
  StuckTarget target(Stuck::HeartbeatWait);
  auto dir = freshDir("heartbeat");
  runOneCaseQuickly(target, "delivery.runs-wait", dir);
  auto report = reportJson(dir);
  const auto* c = caseIn(report, "delivery.runs-wait");
  ASSERT_NE(nullptr, c) << slurp(dir + "/report.json");
  EXPECT_EQ("error", (*c)["verdict"]) << c->dump();
  const std::string message = (*c)["message"];
  EXPECT_NE(std::string::npos, message.find("deadline")) << message;
  EXPECT_NE(std::string::npos, message.find("\\n")) << "says what came: " << message;
}

TEST(HostileTarget, DrippingOkExitsThreeWithinFifteenSeconds) {
  StuckTarget target(Stuck::DripOk);
  auto dir = freshDir("drip");
  auto result = reliability::runProcess(
      {WC_BINARY, "run", "--quiet", "--target", target.url(), "--report-dir", dir}, 40s);
  ASSERT_FALSE(result.timedOut) << result.err;
  EXPECT_EQ(3, result.exitCode) << result.err;
  EXPECT_LT(result.took, 15s);
  EXPECT_NE(std::string::npos, result.err.find("GET /ok")) << result.err;
  EXPECT_EQ(1, std::count(result.err.begin(), result.err.end(), '\n')) << result.err;
  // CI still has something to publish.
  auto junit = slurp(dir + "/junit.xml");
  EXPECT_NE(std::string::npos, junit.find("<error")) << junit;
  auto report = reportJson(dir);
  ASSERT_TRUE(report.is_object());
  EXPECT_EQ(3, report["error"]["exit_code"]) << report.dump();
}

TEST(HostileTarget, EndlessEventStreamIsBoundedInTimeAndMemory) {
  StuckTarget target(Stuck::EndlessSse);
  auto dir = freshDir("sse");
  runOneCaseQuickly(target, "delivery.runs-stream", dir);
  rusage usage{};
  ASSERT_EQ(0, getrusage(RUSAGE_CHILDREN, &usage));
  const long peakMiB = usage.ru_maxrss / 1024;  // ru_maxrss is in KiB on Linux
  std::cout << "peak RSS of the run against an endless stream: " << peakMiB << " MiB\n";
  EXPECT_LT(peakMiB, 400) << "the stream is capped at 32 MiB; the run must stay small";
  auto report = reportJson(dir);
  const auto* c = caseIn(report, "delivery.runs-stream");
  ASSERT_NE(nullptr, c);
  EXPECT_EQ("error", (*c)["verdict"]) << c->dump();
}

class WrongShapes : public testing::TestWithParam<Stuck> {};

TEST_P(WrongShapes, ExitThreeWithOneLineNeverACrash) {
  StuckTarget target(GetParam());
  auto result = reliability::runProcess(
      {WC_BINARY, "run", "--quiet", "--target", target.url(), "--report-dir", freshDir("shape")},
      30s);
  ASSERT_FALSE(result.timedOut) << result.err;
  EXPECT_EQ(3, result.exitCode) << "exit " << result.exitCode << ": " << result.err;
  EXPECT_EQ(1, std::count(result.err.begin(), result.err.end(), '\n')) << result.err;
}

INSTANTIATE_TEST_SUITE_P(Answers, WrongShapes,
                         testing::Values(Stuck::AssistantsNumber, Stuck::AssistantsIdNumber));

// A /info the harness cannot use no longer refuses the target (partial servers are
// tested): the run goes on, and the diagnosis names the depth limit. Never a crash.
TEST(HostileTarget, DeepInfoIsNamedAsTooDeepAndTheRunGoesOn) {
  StuckTarget target(Stuck::DeepInfo);
  auto dir = freshDir("deep");
  // Exit 1, not 3: the case runs (and errs: the run creation answers 500).
  auto result = runOneCaseQuickly(target, "delivery.threads-runs-create", dir);
  EXPECT_NE(std::string::npos, result.out.find("diagnosis: ")) << result.out;
  EXPECT_NE(std::string::npos, result.out.find("nested deeper")) << result.out;
  auto report = reportJson(dir);
  ASSERT_TRUE(report.is_object());
  EXPECT_NE(std::string::npos, report["diagnoses"].dump().find("nested deeper")) << report.dump();
}

// Partial servers are tested, not refused: without /ok and /info the cases still run,
// and each missing route is one run-level diagnosis.
TEST(HostileTarget, APartialServerWithoutOkAndInfoIsTestedNotRefused) {
  StuckTarget target(Stuck::NoOkNoInfo);
  auto dir = freshDir("partial");
  runOneCaseQuickly(target, "delivery.threads-runs-create", dir);  // exit 1: judged, not refused
  auto report = reportJson(dir);
  ASSERT_TRUE(report.is_object());
  const auto diagnoses = report["diagnoses"].dump();
  EXPECT_NE(std::string::npos, diagnoses.find("GET /ok")) << diagnoses;
  EXPECT_NE(std::string::npos, diagnoses.find("/info")) << diagnoses;
  const auto* c = caseIn(report, "delivery.threads-runs-create");
  ASSERT_NE(nullptr, c) << report.dump();
  EXPECT_NE("skip", (*c)["verdict"]) << c->dump();
}

TEST(HostileWebhook, DeeplyNestedBodyIsAFailedCheckNotACrash) {
  CapturedRequest webhook;
  webhook.method = "POST";
  webhook.body = std::string(100000, '[') + std::string(100000, ']');
  nlohmann::json parsed;
  auto result = bodyIsJsonObject(webhook, &parsed);
  EXPECT_FALSE(result);
  EXPECT_NE(std::string::npos, std::string(result.message()).find("nested deeper"))
      << result.message();
}

TEST(HostileWebhook, DeeplyNestedBodyInEvidenceIsWrittenToEveryReport) {
  RunReport report;
  report.toolVersion = "test";
  report.profile.baseUrl = "http://127.0.0.1:1";
  CaseResult result;
  result.info.id = "payload.deep";
  result.info.area = "payload";
  result.verdict = Verdict::Fail;
  result.message = "body is not JSON within limits";
  CapturedRequest webhook;
  webhook.method = "POST";
  webhook.target = "/hook/deep";
  webhook.body = std::string(100000, '[') + std::string(100000, ']');
  result.evidence.requests.push_back(webhook);
  report.results.push_back(result);
  std::string error;
  auto dir = freshDir("deep-evidence");
  ASSERT_TRUE(writeAllReports(report, {dir, ""}, &error)) << error;
  EXPECT_NE(std::string::npos, slurp(dir + "/report.html").find("payload.deep"));
}

TEST(HostileWebhook, NonStringWhereTheSchemaWantsAFormattedStringIsASchemaError) {
  // valijson's `format` check aborted the process on this (found by fuzz_capture_path).
  for (const auto* validator : {&SchemaValidator::webhookPayload(), &SchemaValidator::run()}) {
    auto errors = validator->validate(nlohmann::json{{"run_id", {{"n", 1}}},
                                                     {"created_at", {1, 2}}});
    EXPECT_FALSE(errors.empty());
  }
}

// A child `run` we can signal while it is inside a stuck call.
struct Child {
  pid_t pid = -1;
  int status = 0;
  // Waits for the child's exit until `timeout`; false (and SIGKILL) when it did not exit.
  bool awaitExit(std::chrono::milliseconds timeout) {
    int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (fd < 0) return false;
    pollfd p{fd, POLLIN, 0};
    bool exited = ::poll(&p, 1, static_cast<int>(timeout.count())) == 1;
    ::close(fd);
    if (!exited) ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return exited;
  }
};

// Its stdout and stderr go to `log`.
Child spawnRun(const std::vector<std::string>& argv, const std::string& log) {
  Child child;
  child.pid = ::fork();
  if (child.pid == 0) {
    int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(out, STDERR_FILENO);
    reliability::execOrExit127(argv);
  }
  return child;
}

// `run --quiet` of the cases `filter` selects against `target`, reports in `dir`, output in
// `dir`.log.
Child spawnQuietRun(const StuckTarget& target, const std::string& filter, const std::string& dir) {
  return spawnRun({WC_BINARY, "run", "--quiet", "--target", target.url(), "--filter", filter,
                   "--report-dir", dir},
                  dir + ".log");
}

TEST(Signals, SigtermDuringRunWritesReportsMarkedInterruptedWithinTwoSeconds) {
  StuckTarget target(Stuck::HeartbeatWait);
  auto dir = freshDir("sigterm");
  auto child = spawnQuietRun(target, "delivery.runs-wait,delivery.threads-runs-wait,token", dir);
  ASSERT_TRUE(target.awaitStuckCall(20s));
  auto signalled = Clock::now();
  ::kill(child.pid, SIGTERM);
  ASSERT_TRUE(child.awaitExit(5s)) << "run did not exit within 5 s of SIGTERM";
  EXPECT_LT(Clock::now() - signalled, 2500ms);
  ASSERT_TRUE(WIFEXITED(child.status));
  EXPECT_EQ(143, WEXITSTATUS(child.status));
  auto report = reportJson(dir);
  ASSERT_TRUE(report.is_object()) << "no report.json after SIGTERM";
  EXPECT_TRUE(report["interrupted"].is_object()) << report.dump().substr(0, 500);
  const auto* c = caseIn(report, "delivery.runs-wait");
  ASSERT_NE(nullptr, c);
  EXPECT_EQ("interrupted", (*c)["verdict"]) << c->dump();
  EXPECT_EQ("fail", report["summary"]["gate"]);
  EXPECT_NE(std::string::npos, slurp(dir + "/junit.xml").find("interrupted"));
}

TEST(Signals, ASecondSignalExitsAtOnce) {
  StuckTarget target(Stuck::HeartbeatWait);
  auto dir = freshDir("second");
  auto child = spawnQuietRun(target, "delivery.runs-wait", dir);
  ASSERT_TRUE(target.awaitStuckCall(20s));
  // Which of the two the run takes first depends on timing (both may be pending at once); the
  // run names the first on stderr. The first alone ends the run with 128 + its number; the
  // other signal's code says the second one ended it, at once.
  ::kill(child.pid, SIGTERM);
  ::kill(child.pid, SIGINT);
  ASSERT_TRUE(child.awaitExit(2s));
  ASSERT_TRUE(WIFEXITED(child.status));
  // Without a second-signal path the run would always print "<first> received" and exit with the
  // first's code; with it, the second may exit before that line is written.
  auto log = slurp(dir + ".log");
  const int code = WEXITSTATUS(child.status);
  ASSERT_TRUE(code == 130 || code == 143) << code << " " << log;
  if (log.find("SIGTERM received") != std::string::npos) EXPECT_EQ(130, code) << log;
  if (log.find("SIGINT received") != std::string::npos) EXPECT_EQ(143, code) << log;
}

TEST(Secrets, UrlPasswordAppearsInNoOutputAndNoReport) {
  StuckTarget target(Stuck::HeartbeatWait);
  auto dir = freshDir("userinfo");
  const std::string canary = "canary-pw-7f3a";
  auto withPassword = "http://conformance:" + canary + "@127.0.0.1:" +
                      target.url().substr(target.url().rfind(':') + 1);
  auto result = reliability::runProcess(
      {WC_BINARY, "run", "--target", withPassword, "--filter", "delivery.runs-wait",
       "--timeout-scale", "0.1", "--report-dir", dir},
      60s);
  ASSERT_FALSE(result.timedOut);
  EXPECT_EQ(1, result.exitCode) << result.err;
  EXPECT_EQ(std::string::npos, (result.out + result.err).find(canary)) << result.out << result.err;
  for (const char* file : {"junit.xml", "report.json", "report.html", "summary.md"}) {
    auto text = slurp(dir + "/" + file);
    EXPECT_FALSE(text.empty()) << file;
    EXPECT_EQ(std::string::npos, text.find(canary)) << file;
  }
}

TEST(Secrets, UrlPasswordStaysOutOfExitThreeOutput) {
  const std::string canary = "canary-pw-91bd";
  auto url = "http://u:" + canary + "@127.0.0.1:" + std::to_string(reliability::unusedPort());
  auto dir = freshDir("userinfo3");
  auto result = reliability::runProcess({WC_BINARY, "run", "--target", url, "--report-dir", dir}, 30s);
  EXPECT_EQ(3, result.exitCode) << result.err;
  EXPECT_EQ(std::string::npos, (result.out + result.err).find(canary)) << result.err;
  for (const char* file : {"junit.xml", "report.json"})
    EXPECT_EQ(std::string::npos, slurp(dir + "/" + file).find(canary)) << file;
}

}  // namespace
}  // namespace wc
