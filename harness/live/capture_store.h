#pragma once
// The webhooks `capture` keeps, numbered 1, 2, ... in the order they are stored (seq). Each is
// inspected and rendered (JSON, page row) once, before it is stored; a request to the live view
// then costs what it returns, not what is stored: the page takes the newest --max-shown, a poll
// with ?after=SEQ only those stored after SEQ (seqs are contiguous, so finding SEQ is O(1)).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "live/capture_inspection.h"

namespace wc {

class CaptureStore {
 public:
  // At most `capacity` webhooks and `maxBytes` of them (request, JSON and page row together; the
  // newest is kept whatever its size).
  CaptureStore(size_t capacity, size_t maxBytes)
      : capacity_(capacity < 1 ? 1 : capacity), maxBytes_(maxBytes) {}

  // Renders the webhook's row and JSON, then stores it as the newest (seq = last + 1); beyond
  // the capacity or the byte budget the oldest are dropped and counted. Returns its seq.
  uint64_t add(std::shared_ptr<InspectedWebhook> webhook);

  struct Slice {
    InspectedWebhooks webhooks;  // oldest first
    uint64_t lastSeq = 0;        // the newest stored (0: none yet), the next cursor
    size_t kept = 0;
    size_t dropped = 0;
  };
  // Those with seq > after, oldest first; at most `limit` of them, the newest.
  Slice after(uint64_t after, size_t limit = SIZE_MAX) const;
  Slice newest(size_t limit) const { return after(0, limit); }
  size_t dropped() const;
  // Of the dropped ones, how many had a seq in (after, upTo] and a route starting with
  // `routePrefix`: what a relay's puller lost before it pulled them.
  size_t droppedBetween(uint64_t after, uint64_t upTo, const std::string& routePrefix) const;
  size_t bytesKept() const;
  // Waits until a webhook newer than `after` is stored, `deadline` passes or close() is called;
  // true when there is one (the relay's long poll).
  bool awaitNewer(uint64_t after, std::chrono::steady_clock::time_point deadline) const;
  // Wakes every awaitNewer() for good: the capture server is stopping.
  void close();

  // What one kept webhook costs in memory: its body, headers and both renderings. The JSON
  // escapes a control byte as \u00XX (6 bytes), the page row shows at most 64 KiB of the body
  // HTML-escaped (up to 6 bytes each): at most about 7 times the body, plus 400 KiB.
  static size_t costOf(const InspectedWebhook& webhook);

 private:
  const size_t capacity_;
  const size_t maxBytes_;
  mutable std::mutex mutex_;  // guards kept_, lastSeq_, dropped_, bytes_, closed_
  mutable std::condition_variable stored_;
  bool closed_ = false;
  std::deque<std::shared_ptr<const InspectedWebhook>> kept_;  // seqs lastSeq_-size+1 .. lastSeq_
  uint64_t lastSeq_ = 0;
  size_t dropped_ = 0;
  // The seq and route of the newest dropped ones, at most kDroppedRemembered of them.
  std::deque<std::pair<uint64_t, std::string>> droppedRoutes_;
  static constexpr size_t kDroppedRemembered = 100000;
  size_t bytes_ = 0;  // costOf() summed over kept_
};

// The ?after=SEQ cursor of /webhooks.json and /live.json: untrusted client input. An empty query
// is no cursor (after 0: everything kept). Otherwise the query must be exactly `after=` and 1 to
// 19 ASCII digits, at most lastSeq (a larger one comes from before a restart of capture).
// On failure: nullopt and *error says what was wrong (the client's text shown escaped, cut).
std::optional<uint64_t> parseAfterCursor(const std::string& rawQuery, uint64_t lastSeq,
                                         std::string* error);

}  // namespace wc
