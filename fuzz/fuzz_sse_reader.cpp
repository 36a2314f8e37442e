// The SSE reader on arbitrary bytes split at arbitrary points. Beyond "no crash": the events must
// not depend on how the stream was chunked (the network decides that, not the target).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "client/sse_reader.h"

namespace {

bool sameEvents(const std::vector<wc::SseEvent>& a, const std::vector<wc::SseEvent>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].event != b[i].event || a[i].data != b[i].data || a[i].id != b[i].id) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // First byte: the chunk length pattern; the rest: the stream.
  size_t step = (data[0] % 17) + 1;
  std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);

  wc::SseReader whole;
  whole.feed(stream);
  auto expected = whole.takeEvents();

  wc::SseReader chunked;
  std::vector<wc::SseEvent> got;
  for (size_t at = 0; at < stream.size(); at += step) {
    chunked.feed(stream.substr(at, step));
    auto events = chunked.takeEvents();  // taking mid-stream must not lose or duplicate events
    got.insert(got.end(), events.begin(), events.end());
  }
  if (!sameEvents(expected, got)) __builtin_trap();
  if (whole.endedMidEvent() != chunked.endedMidEvent()) __builtin_trap();
  if (whole.bytesSeen() != stream.size() || chunked.bytesSeen() != stream.size()) __builtin_trap();
  return 0;
}
