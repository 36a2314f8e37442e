// The reference target facing hostile clients and receivers: request bodies nested
// 100,000 deep, larger than the limit or with wrongly typed fields are refused with a status
// and a detail, and the server lives on; `serve-reference` and ReferenceTarget::stop() end
// within 2 s while a webhook delivery hangs; a second signal ends the process at once.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "reference/reference_target.h"
#include "reliability_support.h"
#include "serve_reference_process.h"

namespace wc {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using reliability::RawConnection;
using reliability::runProcess;
using reliability::ServeReferenceProcess;
using reliability::statusOf;

// A webhook receiver that accepts connections and never answers (until it is destroyed).
class HangingReceiver {
 public:
  HangingReceiver() {
    listenFd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof addr;
    if (::bind(listenFd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::listen(listenFd_, 16) == 0 &&
        ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&addr), &length) == 0)
      port_ = ntohs(addr.sin_port);
    ::pipe2(wakePipe_, O_CLOEXEC);
    acceptor_ = std::thread([this] { acceptForever(); });
  }
  ~HangingReceiver() {
    (void)!::write(wakePipe_[1], "x", 1);
    acceptor_.join();
    for (int fd : accepted_) ::close(fd);
    for (int fd : {listenFd_, wakePipe_[0], wakePipe_[1]}) ::close(fd);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }

  // Waits until a connection was accepted: the delivery is in flight and will get no answer.
  [[nodiscard]] testing::AssertionResult awaitConnection(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (accepted_cv_.wait_for(lock, timeout, [this] { return !accepted_.empty(); }))
      return testing::AssertionSuccess();
    return testing::AssertionFailure()
           << "no webhook connection reached the hanging receiver within " << timeout.count()
           << " ms";
  }

 private:
  void acceptForever() {
    for (;;) {
      pollfd fds[2] = {{listenFd_, POLLIN, 0}, {wakePipe_[0], POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0 || (fds[1].revents & POLLIN)) return;
      int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        accepted_.push_back(fd);
      }
      accepted_cv_.notify_all();
    }
  }

  int listenFd_ = -1;
  int port_ = 0;
  int wakePipe_[2] = {-1, -1};
  std::thread acceptor_;
  std::mutex mutex_;  // guards accepted_
  std::condition_variable accepted_cv_;
  std::vector<int> accepted_;
};

std::string nestedArrays(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

class ServeReferenceBodies : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(server_.awaitUrl(10s).empty()) << server_.err();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_.port());
    client_->set_read_timeout(10, 0);
  }
  // The reference is still serving: GET /ok answers 200.
  void expectAlive() {
    auto res = client_->Get("/ok");
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(200, res->status);
  }
  ServeReferenceProcess server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ServeReferenceBodies, DeeplyNestedBodyIs422AndTheServerLives) {
  const std::string deep = nestedArrays(100000);  // 200 KB; a recursive parse overflows
  for (const char* path : {"/runs", "/threads", "/runs/wait", "/runs/stream", "/runs/crons",
                           "/assistants/search", "/runs/crons/search"}) {
    auto res = client_->Post(path, deep, "application/json");
    ASSERT_TRUE(res) << path << ": " << httplib::to_string(res.error());
    EXPECT_EQ(422, res->status) << path;
    EXPECT_NE(res->body.find("nested deeper than 64 levels"), std::string::npos)
        << path << ": " << res->body;
  }
  // Nested inside an object, where a run's input would be.
  auto res = client_->Post("/runs", R"({"assistant_id": "echo", "input": )" + deep + "}",
                           "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(422, res->status);
  expectAlive();
}

TEST_F(ServeReferenceBodies, OversizeBodyIs413) {
  std::string big = R"({"assistant_id": "echo", "input": ")" + std::string(2 << 20, 'x') + "\"}";
  auto res = client_->Post("/runs", big, "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(413, res->status);
  expectAlive();
}

TEST_F(ServeReferenceBodies, OversizeChunkedBodyIs413) {
  RawConnection connection(server_.port());
  ASSERT_TRUE(connection.connected());
  std::string chunk(64 * 1024, 'x');
  char size[16];
  std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
  std::string request =
      "POST /runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  for (int i = 0; i < 24; ++i) request += size + chunk + "\r\n";  // 1.5 MiB
  request += "0\r\n\r\n";
  connection.send(request);  // the server may stop reading early: either way it answers
  bool closed = false;
  auto response = connection.readResponseHead(10s, &closed);
  EXPECT_EQ(413, statusOf(response)) << response.substr(0, 200);
  expectAlive();
}

TEST_F(ServeReferenceBodies, WrongTypedFieldsAre422NamingTheField) {
  struct Vector {
    const char* path;
    const char* body;
    const char* names;  // what the detail must mention
  };
  const Vector vectors[] = {
      {"/runs", R"({"assistant_id": 5})", "assistant_id"},
      {"/runs", R"({"assistant_id": "echo", "webhook": 5})", "webhook"},
      {"/runs", R"({"assistant_id": "echo", "metadata": "m"})", "metadata"},
      {"/runs", R"({"assistant_id": "echo", "config": [1]})", "config"},
      {"/runs", R"({"assistant_id": "echo", "context": 1})", "context"},
      {"/runs", R"({"assistant_id": "echo", "stream_mode": {"a": 1}})", "stream_mode"},
      {"/runs", R"({"assistant_id": "echo", "stream_subgraphs": "yes"})", "stream_subgraphs"},
      {"/runs", R"({"assistant_id": "echo", "interrupt_before": [1]})", "interrupt_before"},
      {"/runs", R"({"assistant_id": "echo", "feedback_keys": 3})", "feedback_keys"},
      {"/runs", R"({"assistant_id": "echo", "multitask_strategy": 1})", "multitask_strategy"},
      {"/runs/wait", R"({"assistant_id": "echo", "metadata": []})", "metadata"},
      {"/runs/stream", R"({"assistant_id": "echo", "stream_subgraphs": 1})", "stream_subgraphs"},
      {"/threads", R"({"thread_id": 5})", "thread_id"},
      {"/threads", R"({"metadata": "m"})", "metadata"},
      {"/assistants/search", R"({"graph_id": 1})", "graph_id"},
      {"/runs/crons", R"({"assistant_id": "echo", "schedule": "* * * * *", "metadata": 1})",
       "metadata"},
      {"/runs/crons", R"({"assistant_id": "echo", "schedule": 5})", "schedule"},
      {"/runs/crons", R"({"assistant_id": "echo", "schedule": "* * * * *", "enabled": "y"})",
       "enabled"},
      {"/runs/crons/search", R"({"thread_id": {}})", "thread_id"},
      {"/runs", "[1, 2]", "JSON object"},
      {"/runs", "{\"assistant_id\": ", "JSON object"},
  };
  for (const auto& v : vectors) {
    auto res = client_->Post(v.path, v.body, "application/json");
    ASSERT_TRUE(res) << v.path << " " << v.body << ": " << httplib::to_string(res.error());
    EXPECT_EQ(422, res->status) << v.path << " " << v.body << " -> " << res->body;
    EXPECT_NE(res->body.find(v.names), std::string::npos)
        << v.path << " " << v.body << " -> " << res->body;
  }
  // Null means "not given", as the platform's optional fields.
  auto res = client_->Post("/runs/wait", R"({"assistant_id": "echo", "stream_subgraphs": null,
                                             "metadata": null, "config": null})",
                           "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(200, res->status) << res->body;
  expectAlive();
}

// A run whose webhook goes to `receiverUrl`, created on `port`.
void createRunWithWebhook(int port, const std::string& receiverUrl) {
  httplib::Client client("127.0.0.1", port);
  nlohmann::json body = {{"assistant_id", "echo"}, {"webhook", receiverUrl}};
  auto res = client.Post("/runs", body.dump(), "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  ASSERT_EQ(200, res->status) << res->body;
}

// Sends half a request head on `slow` and never the rest: the server's connection thread stays
// blocked reading it (up to the 5 s read timeout), which a stop cannot interrupt.
[[nodiscard]] testing::AssertionResult holdAConnectionThread(RawConnection& slow) {
  if (!slow.connected()) return testing::AssertionFailure() << "could not connect";
  // One whole exchange first: once it is answered, a worker thread owns the connection (a
  // connection still queued for one would not hold the stop up).
  bool closed = false;
  if (!slow.send("GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") ||
      statusOf(slow.readResponseHead(std::chrono::seconds(5), &closed)) != 200 || closed)
    return testing::AssertionFailure() << "GET /ok on the held connection was not answered";
  if (!slow.send("POST /runs HTTP/1.1\r\nHost: 127.0.0.1\r\n"))
    return testing::AssertionFailure() << "the server closed the connection";
  return testing::AssertionSuccess();
}

TEST(ServeReferenceStop, ExitsWithinTwoSecondsOfSigtermWhileADeliveryHangs) {
  HangingReceiver receiver;
  ServeReferenceProcess server;  // the platform's timing: 30 s read timeout per attempt
  ASSERT_FALSE(server.awaitUrl(10s).empty()) << server.err();
  createRunWithWebhook(server.port(), receiver.url());
  ASSERT_TRUE(receiver.awaitConnection(10s));
  auto signalled = Clock::now();
  server.signal(SIGTERM);
  int code = server.awaitExit(10s);
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - signalled);
  EXPECT_EQ(0, code) << server.err();
  EXPECT_LT(took, 2000ms);
  // Stopped by the sender's cancellation, not by the last-resort deadline.
  EXPECT_EQ(server.err().find("stop took longer"), std::string::npos) << server.err();
  std::cout << "serve-reference exit after SIGTERM with a hanging delivery: " << took.count()
            << " ms\n";
}

TEST(ServeReferenceStop, SigintAlsoStopsIt) {
  HangingReceiver receiver;
  ServeReferenceProcess server;
  ASSERT_FALSE(server.awaitUrl(10s).empty()) << server.err();
  createRunWithWebhook(server.port(), receiver.url());
  ASSERT_TRUE(receiver.awaitConnection(10s));
  auto signalled = Clock::now();
  server.signal(SIGINT);
  EXPECT_EQ(0, server.awaitExit(10s)) << server.err();
  EXPECT_LT(Clock::now() - signalled, 2s);
}

TEST(ServeReferenceStop, SecondSignalExitsAtOnce) {
  ServeReferenceProcess server;
  ASSERT_FALSE(server.awaitUrl(10s).empty()) << server.err();
  // The held connection thread keeps the first signal's stop under way when the second arrives.
  RawConnection slow(server.port());
  ASSERT_TRUE(holdAConnectionThread(slow));
  server.signal(SIGTERM);
  ASSERT_TRUE(server.awaitStdout("stopping (signal", 5s)) << server.out();
  auto second = Clock::now();
  server.signal(SIGTERM);
  int code = server.awaitExit(10s);
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - second);
  EXPECT_EQ(128 + SIGTERM, code) << server.err();
  EXPECT_LT(took, 500ms);
  std::cout << "exit after the second SIGTERM: " << took.count() << " ms\n";
}

// httplib cannot interrupt a connection thread blocked reading a request head (up to the 5 s
// read timeout): the process-level deadline still ends serve-reference within 2 s.
TEST(ServeReferenceStop, ExitsWithinTwoSecondsEvenWhenAClientHoldsAConnection) {
  ServeReferenceProcess server;
  ASSERT_FALSE(server.awaitUrl(10s).empty()) << server.err();
  RawConnection slow(server.port());
  ASSERT_TRUE(holdAConnectionThread(slow));
  auto signalled = Clock::now();
  server.signal(SIGTERM);
  EXPECT_EQ(0, server.awaitExit(10s)) << server.err();
  // The process gives up on the stop after 1.8 s; under ASan its exit itself can take longer
  // than the 0.2 s left (one fresh-clone CI saw 2.001 s), so the sanitizer build gets 1 s more.
#if defined(__SANITIZE_ADDRESS__)
  constexpr auto kBound = 3s;
#else
  constexpr auto kBound = 2s;
#endif
  EXPECT_LT(Clock::now() - signalled, kBound);
  EXPECT_NE(server.err().find("stop took longer"), std::string::npos) << server.err();
}

TEST(ReferenceTargetStop, StopsWithinTwoSecondsWhileADeliveryHangs) {
  HangingReceiver receiver;
  reference::ReferenceOptions options;  // the platform's timing: 30 s read timeout
  options.log = false;
  reference::ReferenceTarget target(options);
  std::string error;
  ASSERT_TRUE(target.start("127.0.0.1", 0, &error)) << error;
  createRunWithWebhook(target.port(), receiver.url());
  ASSERT_TRUE(receiver.awaitConnection(10s));
  auto started = Clock::now();
  target.stop();
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  EXPECT_LT(took, 2000ms);
  std::cout << "ReferenceTarget::stop() with a hanging delivery: " << took.count() << " ms\n";
}

TEST(ReferenceTargetStop, StopsWithinTwoSecondsDuringARetryBackoff) {
  // A receiver answering 500 at once; the sender then waits a 60 s backoff before attempt 2.
  httplib::Server failing;
  std::mutex mutex;  // guards posts
  std::condition_variable posted;
  int posts = 0;
  failing.Post(".*", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 500;
    {
      std::lock_guard<std::mutex> lock(mutex);
      ++posts;
    }
    posted.notify_all();
  });
  int port = failing.bind_to_any_port("127.0.0.1");
  std::thread listener([&] { failing.listen_after_bind(); });

  reference::ReferenceOptions options;
  options.log = false;
  options.timing.backoffBase = 60s;
  reference::ReferenceTarget target(options);
  std::string error;
  ASSERT_TRUE(target.start("127.0.0.1", 0, &error)) << error;
  createRunWithWebhook(target.port(), "http://127.0.0.1:" + std::to_string(port) + "/hook");
  {
    std::unique_lock<std::mutex> lock(mutex);
    EXPECT_TRUE(posted.wait_for(lock, 10s, [&] { return posts > 0; }))
        << "the first attempt never arrived";
  }
  auto started = Clock::now();
  target.stop();
  EXPECT_LT(Clock::now() - started, 2s);
  failing.stop();
  listener.join();
}

TEST(ServeReferenceFlags, OutOfRangeValuesAreUsageErrors) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"--port", "70000"}, {"--port", "-1"},
        {"--port", "99999999999"}, {"--webhook-read-timeout-ms", "0"},
        {"--webhook-connect-timeout-ms", "600001"}, {"--webhook-backoff-ms", "-5"},
        {"--webhook-backoff-ms", "60001"}}) {
    std::vector<std::string> argv = {WC_BINARY, "serve-reference"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = runProcess(argv, 10s);
    EXPECT_FALSE(r.timedOut) << args[0] << " " << args[1];
    EXPECT_EQ(2, r.exitCode) << args[0] << " " << args[1] << ": " << r.err;
    EXPECT_EQ(1, std::count(r.err.begin(), r.err.end(), '\n')) << r.err;
    EXPECT_NE(r.err.find(args[0]), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << "it must not start listening: " << r.out;
  }
}

}  // namespace
}  // namespace wc
