// What the sender still owes once a delivery has ended: the late copies of the fault
// late-duplicate, sent from one thread of their own, and the wait until nothing is owed (the
// harness judges what arrived late only once nothing more can arrive).
#include "reference/delivery/webhook_sender.h"

namespace wc::reference {
namespace {

// Long past every case's duplicate window (about 1 s).
constexpr auto kLateDuplicateDelay = std::chrono::seconds(5);

}  // namespace

bool WebhookSender::settledLocked() const {
  return stopping_ || (queues_.empty() && deliveriesUnderWay_ == 0 && lateCopies_.empty());
}

bool WebhookSender::awaitSettled(std::chrono::steady_clock::time_point deadline,
                                 std::string* pending) const {
  std::unique_lock<std::mutex> lock(mutex_);
  if (settled_.wait_until(lock, deadline, [this] { return settledLocked(); })) return true;
  size_t queued = 0;
  for (const auto& [key, queue] : queues_) queued += queue.size();
  *pending = std::to_string(queued) + " queued webhook(s) on " + std::to_string(queues_.size()) +
             " delivery queue(s), " + std::to_string(deliveriesUnderWay_) +
             " delivery(ies) being sent or backing off, " + std::to_string(lateCopies_.size()) +
             " late copy(ies) due";
  return false;
}

void WebhookSender::scheduleLateCopy(LateCopy copy) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    lateCopies_.emplace(std::chrono::steady_clock::now() + kLateDuplicateDelay, std::move(copy));
    // One thread for all copies: a copy waiting its 5 s never takes a delivery pool thread.
    if (!lateCopyThread_.joinable()) lateCopyThread_ = std::thread([this] { sendLateCopies(); });
  }
  lateCopyDue_.notify_all();
}

void WebhookSender::sendLateCopies() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (lateCopies_.empty()) {
      lateCopyDue_.wait(lock);
      continue;
    }
    const auto due = lateCopies_.begin()->first;
    if (std::chrono::steady_clock::now() < due) {
      lateCopyDue_.wait_until(lock, due);
      continue;
    }
    LateCopy copy = std::move(lateCopies_.begin()->second);
    lateCopies_.erase(lateCopies_.begin());
    ++deliveriesUnderWay_;  // counted before the copy leaves the due list: never looks settled
    lock.unlock();
    httplib::Client client(copy.schemeHostPort);
    configure(client);
    if (beginAttempt(&client)) {
      auto res = client.Post(copy.target, copy.headers, copy.body, copy.contentType);
      endAttempt(&client);
      logLine(options_, "webhook for run " + copy.runId + " sent again " +
                            std::to_string(kLateDuplicateDelay.count()) +
                            " s later (fault late-duplicate): " +
                            (res ? "HTTP " + std::to_string(res->status)
                                 : httplib::to_string(res.error())));
    }
    lock.lock();
    --deliveriesUnderWay_;
    settled_.notify_all();
  }
}

}  // namespace wc::reference
