// `load` against fake loopback targets that misbehave after the preflight: it ends
// within its deadlines, with exit 1 and the failing check, never a hang or a crash.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "loopback_http_server.h"
#include "reliability_support.h"

namespace wc {
namespace {

using namespace std::chrono_literals;

enum class Runs { Hang, NoWebhook, NotJson, SameRunId };

class LoadAgainstMisbehavingTarget : public ::testing::TestWithParam<Runs> {
 protected:
  void serve(const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/ok") return res.set_content(R"({"ok":true})", "application/json");
    if (req.path == "/info") return res.set_content(R"({"version":"fake"})", "application/json");
    if (req.path == "/assistants/search")
      return res.set_content(R"([{"assistant_id":"a1","graph_id":"echo"}])", "application/json");
    if (req.method == "POST" && req.path == "/threads")
      return res.set_content(R"({"thread_id":"t-)" + std::to_string(++threads_) + R"("})",
                             "application/json");
    const bool getRun = req.method == "GET" && req.path.find("/runs/") != std::string::npos;
    if (getRun)  // the run ended; its webhook never comes
      return res.set_content(R"({"run_id":"r1","status":"success","updated_at":"2026-12-01T00:00:00+00:00"})",
                             "application/json");
    switch (GetParam()) {
      case Runs::Hang: return server_.awaitStopping();
      case Runs::NoWebhook:
        return res.set_content(R"({"run_id":"r-)" + std::to_string(++runs_) + R"(","status":"pending"})",
                               "application/json");
      case Runs::NotJson: return res.set_content("<html>gateway</html>", "text/html");
      case Runs::SameRunId:  // every run under one id: their webhooks cannot be told apart
        return res.set_content(R"({"run_id":"r-same","status":"pending"})", "application/json");
    }
  }
  std::atomic<int> threads_{0}, runs_{0};
  reliability::LoopbackHttpServer server_{
      8, [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); }};
};

TEST_P(LoadAgainstMisbehavingTarget, EndsWithTheFailingCheck) {
  auto dir = std::filesystem::temp_directory_path() /
             ("load-hostile-" + std::to_string(::getpid()) + "-" + std::to_string(static_cast<int>(GetParam())));
  // --timeout-scale 0.1: every run's calls end within 6 s, the webhook wait after 100 ms.
  auto result = reliability::runProcess(
      {WC_BINARY, "load", "--quiet", "--target", server_.url(), "--runs", "4", "--concurrency", "2",
       "--timeout-scale", "0.1", "--report-dir", dir.string()},
      60s);
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(result.timedOut) << result.err;
  EXPECT_EQ(1, result.exitCode) << result.out << result.err;
  const char* check = GetParam() == Runs::NoWebhook ? "fail load.lost" : "fail load.created";
  if (GetParam() == Runs::SameRunId)
    EXPECT_NE(std::string::npos, result.out.find("which run ")) << result.out;
  EXPECT_NE(std::string::npos, result.out.find(check)) << result.out;
  EXPECT_LT(result.took, 40s);
}

INSTANTIATE_TEST_SUITE_P(Misbehaviours, LoadAgainstMisbehavingTarget,
                         ::testing::Values(Runs::Hang, Runs::NoWebhook, Runs::NotJson,
                                           Runs::SameRunId),
                         [](const auto& info) {
                           switch (info.param) {
                             case Runs::Hang: return std::string("CreationHangs");
                             case Runs::NoWebhook: return std::string("WebhooksNeverCome");
                             case Runs::NotJson: return std::string("CreationAnswersHtml");
                             case Runs::SameRunId: return std::string("EveryRunHasOneRunId");
                           }
                           return std::string("unknown");
                         });

}  // namespace
}  // namespace wc
