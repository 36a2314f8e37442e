#include "client/sse_reader.h"

namespace wc {

void SseReader::feed(std::string_view chunk) {
  bytesSeen_ += chunk.size();
  for (char c : chunk) {
    if (!overflow_.empty()) return;
    if (c == '\n' && lastWasCR_) {  // second half of CRLF: the line was already processed
      lastWasCR_ = false;
      continue;
    }
    lastWasCR_ = (c == '\r');
    if (c == '\n' || c == '\r') {
      processLine(pendingLine_);
      pendingLine_.clear();
    } else {
      pendingLine_ += c;
      if (pendingLine_.size() + current_.data.size() > maxEventBytes_)
        overflow_ = "an event stream event larger than " + std::to_string(maxEventBytes_) + " bytes";
    }
  }
}

void SseReader::processLine(std::string_view line) {
  if (line.empty()) {
    dispatch();
    return;
  }
  if (line.front() == ':') return;  // comment / keep-alive
  auto colon = line.find(':');
  std::string_view field = line.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  haveFields_ = true;
  if (field == "event") {
    current_.event = std::string(value);
  } else if (field == "data") {
    if (haveData_) current_.data += '\n';
    current_.data += value;
    haveData_ = true;
  } else if (field == "id") {
    current_.id = std::string(value);
  }
  // "retry" and unknown fields are ignored, as the spec says.
}

void SseReader::dispatch() {
  if (haveData_) {
    if (++eventsSeen_ > maxEvents_) {
      overflow_ = "more than " + std::to_string(maxEvents_) + " event stream events";
      return;
    }
    ready_.push_back(current_);
  }
  current_ = SseEvent{};
  haveData_ = false;
  haveFields_ = false;
}

std::vector<SseEvent> SseReader::takeEvents() {
  std::vector<SseEvent> out;
  out.swap(ready_);
  return out;
}

bool SseReader::endedMidEvent() const { return haveFields_ || !pendingLine_.empty(); }

}  // namespace wc
