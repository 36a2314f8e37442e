// CaptureServer's side for the cases: waits that return an explained AssertionResult (Envoy
// fake-upstream style) and what has arrived. Serving and recording are in capture_server.cpp.
#include <algorithm>
#include <sstream>

#include "capture/capture_server.h"

namespace wc {

size_t CaptureServer::arrivedOn(const std::string& route) const {
  auto it = arrivedByRoute_.find(route);
  return it == arrivedByRoute_.end() ? 0 : it->second;
}

std::string CaptureServer::describeArrived(const std::string& route) const {
  auto have = arrivedOn(route);
  auto it = byRoute_.find(route);
  size_t kept = it == byRoute_.end() ? 0 : it->second.size();
  std::ostringstream s;
  s << have << " arrived";
  if (options_.keepRequests && kept < have)
    s << " (" << kept << " kept, " << have - kept << " more arrived over the capture bounds)";
  return s.str();
}

std::string CaptureServer::describeOthers(const std::string& route) const {
  size_t others = total_ - arrivedOn(route);
  std::ostringstream s;
  s << others << " request(s) arrived on other routes";
  if (notKept_ > 0) s << "; " << notKept_ << " request(s) in all were counted but not kept";
  if (!unrouted_.empty()) s << "; last unrouted: " << unrouted_.back().summary();
  for (const auto& r : refused_)
    if (r.route == route) s << "; refused on this route: " << r.summary();
  return s.str();
}

testing::AssertionResult CaptureServer::awaitWebhooks(const std::string& route, size_t count,
                                                      std::chrono::milliseconds timeout,
                                                      std::vector<CapturedRequest>* out) {
  auto start = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  bool ok = arrived_.wait_for(lock, timeout,
                              [&] { return stopping_ || arrivedOn(route) >= count; });
  auto it = byRoute_.find(route);
  size_t have = arrivedOn(route);
  if (out) *out = it == byRoute_.end() ? std::vector<CapturedRequest>{} : it->second;
  auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  // Over the bounds a request is counted, not kept: a caller reading `out` needs them kept.
  bool keptEnough = !out || !options_.keepRequests || out->size() >= count;
  if (ok && have >= count && keptEnough) {
    return testing::AssertionSuccess() << have << " webhook(s) on route " << route << " after "
                                       << waited.count() << " ms";
  }
  return testing::AssertionFailure()
         << "awaited " << count << " webhook(s) on route " << route << " for " << timeout.count()
         << " ms; " << describeArrived(route) << (stopping_ ? " (capture server stopping)" : "")
         << "; meanwhile " << describeOthers(route);
}

testing::AssertionResult CaptureServer::awaitWebhook(const std::string& route,
                                                     std::chrono::milliseconds timeout,
                                                     CapturedRequest* out) {
  std::vector<CapturedRequest> got;
  auto result = awaitWebhooks(route, 1, timeout, &got);
  if (result && out && !got.empty()) *out = got.front();
  return result;
}

testing::AssertionResult CaptureServer::expectNoWebhook(const std::string& route,
                                                        std::chrono::milliseconds window,
                                                        size_t alreadySeen) {
  std::unique_lock<std::mutex> lock(mutex_);
  bool arrived = arrived_.wait_for(
      lock, window, [&] { return stopping_ || arrivedOn(route) > alreadySeen; });
  auto it = byRoute_.find(route);
  size_t have = arrivedOn(route);
  if (!arrived || have <= alreadySeen) {
    return testing::AssertionSuccess() << "no further webhook on route " << route << " within "
                                       << window.count() << " ms";
  }
  return testing::AssertionFailure()
         << "expected no more than " << alreadySeen << " webhook(s) on route " << route
         << " within " << window.count() << " ms, but " << describeArrived(route)
         << "; the extra one: "
         << (it != byRoute_.end() && it->second.size() > alreadySeen
                 ? it->second[alreadySeen].summary()
                 : std::string("not kept (over the capture bounds)"));
}

std::vector<CapturedRequest> CaptureServer::received(const std::string& route) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = byRoute_.find(route);
  return it == byRoute_.end() ? std::vector<CapturedRequest>{} : it->second;
}

std::vector<CapturedRequest> CaptureServer::all() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<CapturedRequest> out = unrouted_;
  for (const auto& [route, list] : byRoute_) out.insert(out.end(), list.begin(), list.end());
  return out;
}

size_t CaptureServer::notKept() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return notKept_;
}

void CaptureServer::forget(const std::string& route) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto arrived = arrivedByRoute_.find(route);
  if (arrived == arrivedByRoute_.end()) return;
  total_ -= std::min(total_, arrived->second);
  arrivedByRoute_.erase(arrived);
  auto kept = byRoute_.find(route);
  if (kept == byRoute_.end()) return;
  for (const auto& r : kept->second) {
    --kept_;
    keptBodyBytes_ -= r.body.size();
  }
  byRoute_.erase(kept);
}

size_t CaptureServer::totalReceived() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return total_;
}

}  // namespace wc
