#include "session/reference_log.h"

namespace wc {

ReferenceLog::~ReferenceLog() {
  if (file_) std::fclose(file_);
}

void ReferenceLog::write(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++lines_;
  if (failed_ || cut_) return;
  if (bytes_ + line.size() + 1 > kMaxBytes) {
    cut_ = true;
    return;
  }
  if (!file_) {
    file_ = std::fopen(path_.c_str(), "w");
    if (!file_) {
      failed_ = true;  // the report dir was writable a moment ago; say so in mention()
      return;
    }
  }
  std::fputs(line.c_str(), file_);
  std::fputc('\n', file_);
  std::fflush(file_);  // readable while the run goes on, and complete if it is killed
  bytes_ += line.size() + 1;
}

size_t ReferenceLog::lines() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lines_;
}

std::string ReferenceLog::mention() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!lines_) return "";
  std::string n = std::to_string(lines_) + " line(s)";
  if (failed_) return "the embedded reference logged " + n + "; " + path_ + " could not be written";
  return "the embedded reference logged " + n + " to " + path_ +
         (cut_ ? " (cut at 16 MiB)" : "");
}

}  // namespace wc
