// Who is connected to the capture server, and the watchdog that cuts connections stalled past
// requestTimeout.
#include "capture/capture_server.h"

#include <algorithm>

#include "util/bounded_server.h"

namespace wc {

size_t CaptureServer::connectionThreads() const { return connectionThreads_.load(); }

void CaptureServer::requestStarted(const std::string& peer) {
  std::lock_guard<std::mutex> lock(peersMutex_);
  auto& activity = peers_[peer];
  ++activity.active;
  activity.last = std::chrono::steady_clock::now();
}

void CaptureServer::requestFinished(const std::string& peer) {
  std::lock_guard<std::mutex> lock(peersMutex_);
  auto& activity = peers_[peer];
  --activity.active;
  activity.last = std::chrono::steady_clock::now();
}

// Every interval, lists the accepted connections and shuts down those that have had no request
// answered (nor one being answered) for requestTimeout since they opened or since their last
// request: a sender that trickles a byte every few seconds never trips the per-read timeout.
void CaptureServer::sweepStalledConnections() {
  using Clock = std::chrono::steady_clock;
  const auto timeout = options_.requestTimeout;
  const auto interval = std::clamp<std::chrono::milliseconds>(
      timeout / 4, std::chrono::milliseconds(50), std::chrono::milliseconds(1000));
  std::map<std::pair<int, ino_t>, Clock::time_point> firstSeen;  // by (fd, inode)
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopped_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    auto sockets = acceptedSockets(port_);
    auto now = Clock::now();
    std::map<std::pair<int, ino_t>, Clock::time_point> seen;
    std::vector<AcceptedSocket> expired;
    std::unique_lock<std::mutex> peersLock(peersMutex_);
    for (const auto& s : sockets) {
      auto key = std::make_pair(s.fd, s.inode);
      auto known = firstSeen.find(key);
      auto since = seen[key] = known == firstSeen.end() ? now : known->second;
      auto activity = peers_.find(s.peer);
      if (activity != peers_.end()) {
        if (activity->second.active > 0) continue;  // being answered: never cut
        since = std::max(since, activity->second.last);
      }
      if (now - since > timeout) expired.push_back(s);
    }
    firstSeen.swap(seen);
    for (auto it = peers_.begin(); it != peers_.end();) {  // forget closed connections
      bool open = std::any_of(sockets.begin(), sockets.end(),
                              [&](const AcceptedSocket& s) { return s.peer == it->first; });
      it = open || it->second.active > 0 ? std::next(it) : peers_.erase(it);
    }
    peersLock.unlock();
    for (const auto& s : expired) shutdownAcceptedSocket(s);
    lock.lock();
  }
}

}  // namespace wc
