// A LangGraph API server that answers 501 to a run creation with `webhook` (one open-source
// server does) says it does not support webhooks: the run gets one diagnosis saying so and the
// webhook cases skip with it, instead of erroring or waiting out their deadlines one by one.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "loopback_http_server.h"
#include "reliability_support.h"

namespace wc {
namespace {

using namespace std::chrono_literals;

// Serves what the preflight needs and threads; any run creation that carries a webhook is 501.
class NoWebhookSupportTarget {
 public:
  std::string url() const { return server_.url(); }

 private:
  static void serve(const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/ok") return res.set_content(R"({"ok":true})", "application/json");
    if (req.path == "/info") return res.set_content(R"({"version":"0.1.0"})", "application/json");
    if (req.path == "/assistants/search")
      return res.set_content(R"([{"assistant_id":"a1","graph_id":"echo"}])", "application/json");
    if (req.path == "/threads") return res.set_content(R"({"thread_id":"t1"})", "application/json");
    if (req.body.find("\"webhook\"") != std::string::npos) {
      res.status = 501;
      return res.set_content(R"({"detail":"webhooks are not supported"})", "application/json");
    }
    res.status = 500;
  }
  reliability::LoopbackHttpServer server_{8, serve};
};

nlohmann::json reportIn(const std::string& dir) {
  std::ifstream in(dir + "/report.json");
  return nlohmann::json::parse(in, nullptr, false);
}

TEST(WebhooksUnsupported, A501IsOneDiagnosisAndTheWebhookCasesSkipWithIt) {
  NoWebhookSupportTarget target;
  const auto dir = testing::TempDir() + "/wc-501-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  const std::vector<std::string> cases = {"delivery.threads-runs-create", "delivery.runs-create",
                                          "headers.signature-observed", "token.plus"};
  std::string filter;
  for (const auto& id : cases) filter += (filter.empty() ? "" : ",") + id;
  auto result = reliability::runProcess({WC_BINARY, "run", "--quiet", "--target", target.url(),
                                         "--filter", filter, "--jobs", "1", "--report-dir", dir},
                                        60s);
  ASSERT_FALSE(result.timedOut) << result.err;
  EXPECT_EQ(4, result.exitCode) << "every selected case skipped: nothing judged\n"
                                << result.out << result.err;
  EXPECT_LT(result.took, 20s) << "no case waits for a webhook that cannot come";

  const std::string diagnosis = "the target does not support webhooks (501";
  auto report = reportIn(dir);
  ASSERT_TRUE(report.is_object()) << "no report.json in " << dir;
  size_t said = 0;
  for (const auto& d : report["diagnoses"]) said += d.get<std::string>().find(diagnosis) == 0;
  EXPECT_EQ(1u, said) << report["diagnoses"].dump();
  EXPECT_EQ(std::string::npos, report["diagnoses"].dump().find("no webhook reached"))
      << "the 501 is the whole story: " << report["diagnoses"].dump();
  for (const auto& id : cases) {
    const nlohmann::json* found = nullptr;
    for (const auto& c : report["cases"])
      if (c.value("id", "") == id) found = &c;
    ASSERT_NE(nullptr, found) << id;
    EXPECT_EQ("skip", (*found)["verdict"]) << found->dump();
    EXPECT_EQ(0u, (*found)["message"].get<std::string>().find(diagnosis)) << found->dump();
  }
  EXPECT_NE(std::string::npos, result.out.find(diagnosis)) << "the console names it: " << result.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace wc
