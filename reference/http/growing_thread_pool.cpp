#include "reference/http/growing_thread_pool.h"

#include <algorithm>

namespace wc::reference {

GrowingThreadPool::GrowingThreadPool(size_t initialThreads, size_t maxThreads)
    : maxThreads_(std::max<size_t>(1, maxThreads)) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (size_t i = 0; i < std::min(initialThreads, maxThreads_); ++i) addThreadLocked();
}

GrowingThreadPool::~GrowingThreadPool() { shutdown(); }

size_t GrowingThreadPool::threadCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return threads_.size();
}

void GrowingThreadPool::addThreadLocked() {
  threads_.emplace_back([this] { work(); });
  ++idle_;  // counted idle from the start, so a burst does not start one thread per job
}

void GrowingThreadPool::enqueue(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(fn));
    if (jobs_.size() > idle_ && threads_.size() < maxThreads_ && !shutdown_) addThreadLocked();
  }
  wake_.notify_one();
}

void GrowingThreadPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    shutdown_ = true;
  }
  wake_.notify_all();
  {
    // No thread is added once shutdown_ is set, so this list is final.
    std::lock_guard<std::mutex> lock(mutex_);
    threads.swap(threads_);
  }
  for (auto& t : threads)
    if (t.joinable()) t.join();
}

void GrowingThreadPool::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
    if (jobs_.empty()) break;  // shutting down with nothing left to run
    auto fn = std::move(jobs_.front());
    jobs_.pop_front();
    --idle_;
    lock.unlock();
    fn();
    lock.lock();
    ++idle_;
  }
  --idle_;
}

}  // namespace wc::reference
