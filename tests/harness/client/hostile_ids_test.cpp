// Ids from the target go into later request paths: each stays one percent-encoded segment, and
// one with a control byte is an `error` verdict naming the field, never a request elsewhere.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "loopback_http_server.h"
#include "reliability_support.h"

namespace wc {
namespace {

using namespace std::chrono_literals;

// A LangGraph API with the test graphs whose POST /threads answers `threadId`; it records every
// request path it sees.
class IdTarget {
 public:
  explicit IdTarget(std::string threadId) : threadId_(std::move(threadId)) {}
  std::string url() const { return server_.url(); }
  std::vector<std::string> paths() {
    std::lock_guard<std::mutex> lock(mutex_);
    return paths_;
  }

 private:
  void serve(const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      paths_.push_back(req.target);
    }
    if (req.path == "/ok") return res.set_content(R"({"ok":true})", "application/json");
    if (req.path == "/info") return res.set_content(R"({"version":"0.16.0"})", "application/json");
    if (req.path == "/assistants/search")
      return res.set_content(R"([{"assistant_id":"a1","graph_id":"echo"}])", "application/json");
    if (req.path == "/threads")
      return res.set_content(nlohmann::json({{"thread_id", threadId_}}).dump(), "application/json");
    res.status = 404;
  }
  std::string threadId_;
  std::mutex mutex_;  // guards paths_
  std::vector<std::string> paths_;
  reliability::LoopbackHttpServer server_{
      8, [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); }};
};

nlohmann::json reportedCase(const std::string& dir, const std::string& id) {
  std::ifstream in(dir + "/report.json");
  auto report = nlohmann::json::parse(in, nullptr, false);
  for (const auto& c : report.value("cases", nlohmann::json::array()))
    if (c.value("id", "") == id) return c;
  return nullptr;
}

std::string idRunDir(const std::string& name) {
  auto dir = testing::TempDir() + "/wc-ids-" + name + "-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(HostileIds, APathInAThreadIdStaysInItsSegment) {
  IdTarget target("../../assistants/search?x=1#");
  const auto dir = idRunDir("path");
  auto result = reliability::runProcess({WC_BINARY, "run", "--quiet", "--target", target.url(),
                                         "--filter", "delivery.threads-runs-create", "--report-dir", dir},
                                        60s);
  ASSERT_FALSE(result.timedOut);
  size_t searches = 0;
  bool encoded = false;
  for (const auto& p : target.paths()) {
    searches += p.rfind("/assistants/search", 0) == 0;
    encoded = encoded || p.rfind("/threads/..%2F..%2Fassistants%2Fsearch%3Fx%3D1%23/runs", 0) == 0;
  }
  EXPECT_EQ(1u, searches) << "only the preflight may search assistants";
  EXPECT_TRUE(encoded) << "the run was not created under the encoded thread id";
}

TEST(HostileIds, AThreadIdWithANulIsAnErrorNamingTheField) {
  IdTarget target(std::string("t1\0/../x", 8));
  const auto dir = idRunDir("nul");
  auto result = reliability::runProcess({WC_BINARY, "run", "--quiet", "--target", target.url(),
                                         "--filter", "delivery.threads-runs-create", "--report-dir", dir},
                                        60s);
  EXPECT_EQ(1, result.exitCode) << result.err;
  auto c = reportedCase(dir, "delivery.threads-runs-create");
  ASSERT_TRUE(c.is_object());
  EXPECT_EQ("error", c["verdict"]);
  EXPECT_NE(std::string::npos, c["message"].get<std::string>().find("thread_id with a control character"))
      << c["message"];
  // The health sentinel may still use the thread: percent-encoded, the NUL cuts nothing.
  for (const auto& p : target.paths())
    if (p.find("t1") != std::string::npos) EXPECT_NE(std::string::npos, p.find("t1%00%2F..%2Fx")) << p;
}

}  // namespace
}  // namespace wc
