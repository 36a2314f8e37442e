#pragma once
// The last API call of a case that created a run or a cron (method, path, JSON body), kept so
// report.html can show a curl reproducer of it. Bounded: one call per case, the body cut at
// kMaxBody bytes. Headers are never kept (they carry the API key).
#include <mutex>
#include <optional>
#include <string>

namespace wc {

struct RecordedCall {
  std::string method;  // POST or PATCH
  std::string path;    // relative to the target's base URL, e.g. /threads/<id>/runs
  std::string body;    // as sent, at most kMaxBody bytes
  bool bodyCut = false;
  static constexpr size_t kMaxBody = 8 * 1024;
};

// A run or cron is created (or re-pointed) by POST .../runs[/wait|/stream|/batch],
// POST .../runs/crons, or PATCH /runs/crons/<id>; not by search, cancel or join.
inline bool createsRun(const std::string& method, const std::string& path) {
  if (method != "POST" && method != "PATCH") return false;
  auto q = path.find('?');
  std::string p = path.substr(0, q);
  if (p.find("/runs") == std::string::npos) return false;
  for (const char* tail : {"/search", "/cancel", "/join"})
    if (p.size() >= std::char_traits<char>::length(tail) &&
        p.compare(p.size() - std::char_traits<char>::length(tail), std::string::npos, tail) == 0)
      return false;
  return true;
}

// What a case created on the target: the run's plan (session/run_plan.h) states these in advance,
// and report.json records them per case. Attempts count, refused or not.
struct CreatedCounts {
  size_t runs = 0;     // run creations (a batch counts each run)
  size_t threads = 0;  // POST /threads (stateless runs' temporary threads are the server's)
  size_t crons = 0;    // POST .../runs/crons
  size_t cronFirings = 0;  // runs the crons started (webhooks that arrived from them)
};

// Shared by a case's TargetClient copies; calls may come from several threads.
class CallRecorder {
 public:
  // A POST to `path` with this many bodies (a /runs/batch array: its length; else 1).
  void countPost(const std::string& path, size_t bodies) {
    const std::string p = path.substr(0, path.find('?'));
    std::lock_guard<std::mutex> lock(mutex_);
    if (p == "/threads") ++created_.threads;
    else if (p.size() >= 11 && p.compare(p.size() - 11, 11, "/runs/crons") == 0) ++created_.crons;
    else if (createsRun("POST", p)) created_.runs += bodies;
  }
  CreatedCounts created() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return created_;
  }
  void record(const std::string& method, const std::string& path, const std::string& body) {
    RecordedCall call{method, path, body.substr(0, RecordedCall::kMaxBody),
                      body.size() > RecordedCall::kMaxBody};
    std::lock_guard<std::mutex> lock(mutex_);
    last_ = std::move(call);
  }
  std::optional<RecordedCall> last() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_;
  }

 private:
  mutable std::mutex mutex_;  // guards last_, created_
  std::optional<RecordedCall> last_;
  CreatedCounts created_;
};

}  // namespace wc
