#pragma once
// httplib serves each connection on one task-queue thread for the connection's whole life, so a
// fixed pool of N threads is locked out by N clients that open a connection and trickle headers
// (slowloris). This queue starts `initial` threads and adds one whenever a connection arrives and
// none is idle, up to `maximum`; past that, connections wait in the queue until a thread frees
// (the capture server's request deadline frees threads held by tricklers). Header-only: it is
// used by capture_server.cpp alone.
#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace wc {

class GrowingTaskQueue : public httplib::TaskQueue {
 public:
  // threadGauge (optional) is kept equal to the number of threads, for tests and diagnostics.
  GrowingTaskQueue(size_t initial, size_t maximum, std::atomic<size_t>* threadGauge = nullptr)
      : maximum_(maximum < 1 ? 1 : maximum), gauge_(threadGauge) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t i = 0; i < initial && i < maximum_; ++i) addThread();
  }
  ~GrowingTaskQueue() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      jobs_.push_back(std::move(fn));
      if (!shutdown_ && idle_ < jobs_.size() && threads_.size() < maximum_) addThread();
    }
    ready_.notify_one();
  }

  // Runs the queued jobs, then joins every thread (httplib calls it once, after the listener closed).
  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (shutdown_) return;
      shutdown_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();  // no thread is added once shutdown_ is set
  }

  size_t threadCount() {
    std::lock_guard<std::mutex> lock(mutex_);
    return threads_.size();
  }

 private:
  void addThread() {  // mutex_ held
    threads_.emplace_back([this] { work(); });
    if (gauge_) gauge_->store(threads_.size());
  }

  void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ++idle_;
        ready_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
        --idle_;
        if (jobs_.empty()) return;  // shutting down with nothing left to run
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  const size_t maximum_;
  std::atomic<size_t>* gauge_;
  std::mutex mutex_;  // guards everything below
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0;
  bool shutdown_ = false;
};

}  // namespace wc
