#pragma once
// Incremental Server-Sent Events parser (WHATWG "event stream" rules): bytes in, events out.
// Kept free of I/O so it can be unit-tested and fuzzed on arbitrary splits.
#include <string>
#include <string_view>
#include <vector>

namespace wc {

struct SseEvent {
  std::string event = "message";
  std::string data;
  std::string id;
};

class SseReader {
 public:
  // A line or event larger than maxEventBytes, or more than maxEvents events, stops the reader:
  // overflow() then says which, and feed() ignores further bytes.
  explicit SseReader(size_t maxEventBytes = 4 * 1024 * 1024, size_t maxEvents = 20000)
      : maxEventBytes_(maxEventBytes), maxEvents_(maxEvents) {}

  // Feeds a chunk; completed events become available from takeEvents().
  void feed(std::string_view chunk);
  // "" while within bounds; otherwise what was exceeded.
  const std::string& overflow() const { return overflow_; }
  std::vector<SseEvent> takeEvents();
  // True when the stream ended inside an event (fields seen, no blank line yet).
  bool endedMidEvent() const;
  size_t bytesSeen() const { return bytesSeen_; }

 private:
  void processLine(std::string_view line);
  void dispatch();

  std::string pendingLine_;
  bool lastWasCR_ = false;
  SseEvent current_;
  bool haveData_ = false;
  bool haveFields_ = false;
  std::vector<SseEvent> ready_;
  size_t bytesSeen_ = 0;
  size_t maxEventBytes_, maxEvents_;
  size_t eventsSeen_ = 0;
  std::string overflow_;
};

}  // namespace wc
