#include "live/capture_store.h"

#include <algorithm>

#include "report/text_safety.h"

namespace wc {
namespace {

constexpr size_t kMaxCursorDigits = 19;  // below 2^64: std::stoull cannot overflow
constexpr size_t kMaxEchoedBytes = 40;   // of the client's query, in an error message

std::string echo(const std::string& text) {
  auto cut = text.substr(0, kMaxEchoedBytes);
  return "'" + terminalSafe(cut) + (text.size() > kMaxEchoedBytes ? "...'" : "'");
}

}  // namespace

uint64_t CaptureStore::add(std::shared_ptr<InspectedWebhook> webhook) {
  // Rendered outside the lock: a 1 MiB body takes milliseconds and other arrivals must not wait.
  webhook->rowHtml = webhookRowHtml(*webhook);
  auto json = webhookJsonText(*webhook);  // seq is still 0 here: not in the text
  std::unique_lock<std::mutex> lock(mutex_);
  webhook->seq = ++lastSeq_;
  // The seq goes first in the object; the rest of the text is the webhook's own, rendered above.
  webhook->json = "{\"seq\":" + std::to_string(webhook->seq) + "," + json.substr(1);
  bytes_ += costOf(*webhook);
  kept_.push_back(std::move(webhook));
  while (kept_.size() > capacity_ || (bytes_ > maxBytes_ && kept_.size() > 1)) {
    bytes_ -= costOf(*kept_.front());
    droppedRoutes_.emplace_back(kept_.front()->seq, kept_.front()->request.route);
    if (droppedRoutes_.size() > kDroppedRemembered) droppedRoutes_.pop_front();
    kept_.pop_front();
    ++dropped_;
  }
  auto seq = lastSeq_;
  lock.unlock();
  stored_.notify_all();
  return seq;
}

bool CaptureStore::awaitNewer(uint64_t after, std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock<std::mutex> lock(mutex_);
  stored_.wait_until(lock, deadline, [&] { return closed_ || lastSeq_ > after; });
  return lastSeq_ > after;
}

void CaptureStore::close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }
  stored_.notify_all();
}

size_t CaptureStore::costOf(const InspectedWebhook& webhook) {
  const auto& r = webhook.request;
  size_t headers = 0;
  for (const auto& [name, value] : r.headers) headers += name.size() + value.size();
  return r.body.size() + r.target.size() + headers + webhook.json.size() + webhook.rowHtml.size();
}

size_t CaptureStore::droppedBetween(uint64_t after, uint64_t upTo,
                                    const std::string& routePrefix) const {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t n = 0;
  for (const auto& [seq, route] : droppedRoutes_)
    n += seq > after && seq <= upTo && route.rfind(routePrefix, 0) == 0;
  return n;
}

size_t CaptureStore::bytesKept() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

CaptureStore::Slice CaptureStore::after(uint64_t after, size_t limit) const {
  std::lock_guard<std::mutex> lock(mutex_);
  Slice out;
  out.lastSeq = lastSeq_;
  out.kept = kept_.size();
  out.dropped = dropped_;
  uint64_t newer = after >= lastSeq_ ? 0 : lastSeq_ - after;  // how many have seq > after
  size_t take = static_cast<size_t>(std::min<uint64_t>({newer, kept_.size(), limit}));
  out.webhooks.assign(kept_.end() - static_cast<std::ptrdiff_t>(take), kept_.end());
  return out;
}

size_t CaptureStore::dropped() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return dropped_;
}

std::optional<uint64_t> parseAfterCursor(const std::string& rawQuery, uint64_t lastSeq,
                                         std::string* error) {
  if (rawQuery.empty()) return 0;
  const std::string key = "after=";
  if (rawQuery.compare(0, key.size(), key) != 0) {
    *error = "the only query parameter is after=SEQ (a webhook's seq); got " + echo(rawQuery);
    return std::nullopt;
  }
  auto digits = rawQuery.substr(key.size());
  bool allDigits = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  if (!allDigits || digits.size() > kMaxCursorDigits) {
    *error = "after must be a webhook's seq: 1 to " + std::to_string(kMaxCursorDigits) +
             " decimal digits, nothing else; got " + echo(digits);
    return std::nullopt;
  }
  uint64_t after = std::stoull(digits);
  if (after > lastSeq) {
    *error = "after=" + digits + " is past the newest webhook (seq " + std::to_string(lastSeq) +
             "): a cursor from before capture restarted? Start again without after";
    return std::nullopt;
  }
  return after;
}

}  // namespace wc
