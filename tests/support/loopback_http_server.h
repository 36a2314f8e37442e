#pragma once
// The listening part of the reliability tests' fake targets: an httplib server on a free loopback
// port that hands every GET, POST and DELETE to one handler, from construction to destruction.
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "util/listen_backlog.h"
#include "util/server_ready.h"

namespace wc::reliability {

class LoopbackHttpServer {
 public:
  // Returns once the server accepts connections, so a test can start its client at once.
  LoopbackHttpServer(size_t threads, httplib::Server::Handler handler) {
    server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    server_.Delete(".*", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    widenListenBacklog(port_);  // the harness runs up to 16 cases at once, each connecting
    listener_ = std::thread([this] { server_.listen_after_bind(); });
    waitUntilRunning(server_, std::chrono::seconds(5));
  }
  // Stopping joins the handler threads, so the handlers still waiting for it are woken first.
  ~LoopbackHttpServer() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    stoppingChanged_.notify_all();
    server_.stop();
    listener_.join();
  }
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // For handlers that hang or drip on purpose: they wait here and end once the test is over.
  void awaitStopping() {
    std::unique_lock<std::mutex> lock(mutex_);
    stoppingChanged_.wait(lock, [this] { return stopping_; });
  }
  // True when the server began stopping within `timeout`.
  bool awaitStopping(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return stoppingChanged_.wait_for(lock, timeout, [this] { return stopping_; });
  }
  bool stopping() {
    std::lock_guard<std::mutex> lock(mutex_);
    return stopping_;
  }

 private:
  std::mutex mutex_;  // guards stopping_
  std::condition_variable stoppingChanged_;
  bool stopping_ = false;
  httplib::Server server_;
  std::thread listener_;
  int port_ = 0;
};

}  // namespace wc::reliability
