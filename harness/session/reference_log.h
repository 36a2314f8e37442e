#pragma once
// reference.log: where `run` puts the embedded reference's lines (a failed delivery, a skipped
// webhook, a failed cron firing: about ten a run, most of them what the failure cases provoke).
// On a terminal they used to land in the middle of the progress line. The file is created with
// its first line, so a run that logs nothing leaves none, and the run mentions it once.
#include <cstdio>
#include <mutex>
#include <string>

namespace wc {

class ReferenceLog {
 public:
  explicit ReferenceLog(std::string path) : path_(std::move(path)) {}
  ~ReferenceLog();
  ReferenceLog(const ReferenceLog&) = delete;
  ReferenceLog& operator=(const ReferenceLog&) = delete;

  void write(const std::string& line);  // thread-safe; bounded (kMaxBytes, then counted only)
  size_t lines() const;
  const std::string& path() const { return path_; }
  // "the embedded reference logged N line(s) to PATH", or "" when it logged nothing.
  std::string mention() const;

  static constexpr size_t kMaxBytes = 16u << 20;

 private:
  std::string path_;
  mutable std::mutex mutex_;
  std::FILE* file_ = nullptr;
  bool failed_ = false, cut_ = false;
  size_t lines_ = 0, bytes_ = 0;
};

}  // namespace wc
