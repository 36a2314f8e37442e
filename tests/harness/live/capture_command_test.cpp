// `webhook-conformance capture`: verdicts per webhook, the live view (not recorded), and a clean
// exit on SIGTERM/SIGINT through the real binary.
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "live/live_capture.h"
#include "live/capture_inspection.h"

extern char** environ;

namespace wc {
namespace {

std::string vector(const std::string& name) {
  std::ifstream in(std::string(WC_PAYLOAD_VECTORS) + "/" + name);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class LiveCaptureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(capture_.start(&error)) << error;
    client_ = std::make_unique<httplib::Client>("127.0.0.1", capture_.port());
  }
  void TearDown() override { capture_.stop(); }

  nlohmann::json webhooks() {
    auto res = client_->Get("/webhooks.json");
    EXPECT_TRUE(res) << httplib::to_string(res.error());
    return res ? nlohmann::json::parse(res->body) : nlohmann::json::array();
  }

  std::ostringstream console_;
  LiveCapture capture_{{"127.0.0.1", 0, "s3cret"}, console_};
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(LiveCaptureTest, JudgesEachWebhookAndKeepsIt) {
  auto good = client_->Post("/hook/a?token=s3cret", vector("y_error_string.json"), "application/json");
  ASSERT_TRUE(good) << httplib::to_string(good.error());
  EXPECT_EQ(good->status, 200);
  auto bad = client_->Post("/other?token=wrong", vector("n_missing_run_id.json"), "text/plain");
  ASSERT_TRUE(bad) << httplib::to_string(bad.error());

  auto list = webhooks();
  ASSERT_EQ(list.size(), 2u) << list.dump(2);
  for (const char* check : {"method", "schema", "token", "content-type"})
    EXPECT_TRUE(list[0]["checks"][check]["ok"]) << check << ": " << list[0].dump(2);
  EXPECT_FALSE(list[1]["checks"]["schema"]["ok"]);
  EXPECT_NE(list[1]["checks"]["schema"]["detail"].get<std::string>().find("run_id"), std::string::npos);
  EXPECT_EQ(list[1]["checks"]["token"]["detail"], "mismatch: got 'wrong'");
  EXPECT_FALSE(list[1]["checks"]["content-type"]["ok"]);

  auto console = console_.str();
  EXPECT_NE(console.find("POST /hook/a?token=s3cret\n    method: ok"), std::string::npos) << console;
  EXPECT_NE(console.find("token: mismatch: got 'wrong'"), std::string::npos) << console;
}

TEST_F(LiveCaptureTest, TheViewIsServedNotRecorded) {
  ASSERT_TRUE(client_->Post("/hook/x", vector("n_run_id_not_uuid.json"), "application/json"));
  for (const char* page : {"/", "/view", "/favicon.ico"}) {
    auto res = client_->Get(page);
    ASSERT_TRUE(res) << page;
    EXPECT_LT(res->status, 300) << page;
  }
  auto view = client_->Get("/");
  EXPECT_NE(view->body.find("POST /hook/x"), std::string::npos);
  EXPECT_NE(view->body.find("http-equiv=\"refresh\""), std::string::npos);
  // No inline script: only the page's own /live.js (capture_cursor_test.cpp checks it).
  EXPECT_EQ(view->body.find("<script>"), std::string::npos);
  EXPECT_NE(view->body.find("<mark class=\"schema-error\">  &quot;run_id&quot;"), std::string::npos)
      << view->body;
  EXPECT_EQ(capture_.received(), 1u) << "GET / and /view must not count as webhooks";
  // Any other GET is a webhook like any request: recorded.
  ASSERT_TRUE(client_->Get("/hook/probe"));
  EXPECT_EQ(capture_.received(), 2u);
}

TEST(CaptureInspection, TokenIsDecodedAndNotRequiredWithoutExpectation) {
  std::string token;
  EXPECT_TRUE(queryToken("a=1&token=x%2By&b", &token));
  EXPECT_EQ(token, "x+y");
  EXPECT_FALSE(queryToken("tokens=1", &token));
  CapturedRequest r;
  r.method = "POST";
  r.target = "/h";
  auto inspection = inspectWebhook(r, "");
  EXPECT_EQ(inspection.checks[3].name, "token");
  EXPECT_TRUE(inspection.checks[3].ok);
  EXPECT_EQ(inspection.checks[3].detail, "none");
}

// The real binary: starts, prints where it listens, records a webhook, exits 0 on the signal.
void expectCleanExitOn(int signal) {
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  std::string bin = WC_BINARY;
  std::vector<char*> argv = {bin.data(), const_cast<char*>("capture"), const_cast<char*>("--port"),
                             const_cast<char*>("0"), nullptr};
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, bin.c_str(), &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  // Read until the listening line names the port (deadline 10 s, no sleeps: poll on the pipe).
  std::string text;
  int port = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (port == 0 && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    char buf[512];
    auto n = ::read(out[0], buf, sizeof buf);  // POSIX read: tests share a unity batch
    if (n <= 0) break;
    text.append(buf, n);
    auto at = text.find("listening on http://127.0.0.1:");
    auto end = at == std::string::npos ? at : text.find_first_not_of("0123456789", at + 30);
    if (end != std::string::npos && end < text.size()) port = std::stoi(text.substr(at + 30, end - at - 30));
  }
  ASSERT_GT(port, 0) << "no listening line: " << text;
  httplib::Client client("127.0.0.1", port);
  ASSERT_TRUE(client.Post("/hook?token=t", "{}", "application/json"));
  kill(pid, signal);
  int status = 0;
  for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);;) {
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    if (std::chrono::steady_clock::now() > until) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      FAIL() << "capture did not exit within 10 s of signal " << signal;
    }
    pollfd p{out[0], POLLIN, 0};
    char buf[512];
    if (poll(&p, 1, 100) > 0) {
      auto n = ::read(out[0], buf, sizeof buf);  // POSIX read: tests share a unity batch
      if (n > 0) text.append(buf, n);
    }
  }
  for (char buf[512]; ;) {
    auto n = ::read(out[0], buf, sizeof buf);  // POSIX read: tests share a unity batch
    if (n <= 0) break;
    text.append(buf, n);
  }
  close(out[0]);
  ASSERT_TRUE(WIFEXITED(status)) << text;
  EXPECT_EQ(WEXITSTATUS(status), 0) << text;
  EXPECT_NE(text.find("POST /hook?token=t"), std::string::npos) << text;
  EXPECT_NE(text.find("1 webhook(s) received"), std::string::npos) << text;
}

TEST(CaptureCommand, ExitsCleanlyOnSigterm) { expectCleanExitOn(SIGTERM); }
TEST(CaptureCommand, ExitsCleanlyOnSigint) { expectCleanExitOn(SIGINT); }

}  // namespace
}  // namespace wc
