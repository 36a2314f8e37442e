#include "util/bounded_server.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>

#include "util/connection_transport.h"
#include "util/watched_stream.h"

namespace wc {
namespace {

using Clock = ConnectionClock;

// After the last answer, what the sender still sends is read and dropped for at most this long
// and this much: enough for a sender blocked writing a refused body (the capture's limit is
// 8 MiB) to finish and read the refusal; bounded because each lingering connection holds a
// connection thread. The bytes go to a stack buffer, so memory does not grow with them.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 32 * 1024 * 1024;
// A sender quiet this long has sent all it will; no reset can come from data it never sends.
constexpr int kLingerIdleMs = 500;
// Waits are cut in slices so that a server being stopped lets its connections go promptly.
constexpr int kWaitSliceMs = 100;

}  // namespace

void HeaderSectionWatch::restart() {
  state_ = State::Reading;
  bytes_ = lines_ = 0;
  atLineStart_ = crAtLineStart_ = false;
}

HeaderSectionWatch::State HeaderSectionWatch::see(const char* data, size_t size) {
  for (size_t i = 0; i < size && state_ == State::Reading; ++i) {
    ++bytes_;
    char c = data[i];
    if (c == '\n') {
      ++lines_;
      // httplib splits lines at LF alone and ends the section at a line that is exactly CRLF;
      // a bare LF line is skipped, so "\n\n" does not end it.
      if (crAtLineStart_) state_ = State::Ended;
      atLineStart_ = true;
      crAtLineStart_ = false;
    } else {
      crAtLineStart_ = c == '\r' && atLineStart_;
      atLineStart_ = false;
    }
    if (state_ == State::Reading && (bytes_ > limits_.maxBytes || lines_ > limits_.maxLines))
      state_ = State::TooLarge;
  }
  return state_;
}

int BoundedServer::readTimeoutMs() const {
  return static_cast<int>(read_timeout_sec_ * 1000 + read_timeout_usec_ / 1000);
}

int BoundedServer::writeTimeoutMs() const {
  return static_cast<int>(write_timeout_sec_ * 1000 + write_timeout_usec_ / 1000);
}

bool BoundedServer::process_and_close_socket(socket_t sock) {
  bool served = false;
  if (servesTls_) {
    served = serveTls(sock);
  } else {
    PlainTransport plain(sock);
    served = serveRequests(plain);
  }
  lingeringClose(sock);
  return served;
}

bool BoundedServer::serveRequests(ConnectionTransport& transport) {
  WatchedStream stream(transport, limits_, readTimeoutMs(), writeTimeoutMs());
  bool served = false;
  for (size_t left = keep_alive_max_count_; left > 0; --left) {
    // The next request: already read ahead, or arriving within the keep-alive timeout (at least
    // 10 ms, as httplib waits, so a timeout of 0 still serves a request sent with the connect).
    auto idleUntil = Clock::now() + std::max<Clock::duration>(
                                        std::chrono::seconds(keep_alive_timeout_sec_),
                                        std::chrono::milliseconds(10));
    bool arrived = stream.hasBuffered();
    while (!arrived && svr_sock_ != INVALID_SOCKET && msUntil(idleUntil) > 0) {
      pollfd p{transport.socket(), POLLIN, 0};
      int ready = ::poll(&p, 1, std::min(kWaitSliceMs, msUntil(idleUntil)));
      if (ready < 0 && errno != EINTR) break;
      arrived = ready > 0;
    }
    if (!arrived || svr_sock_ == INVALID_SOCKET) break;
    stream.startRequest();
    bool connectionClosed = false;
    served = process_request(stream, left == 1, connectionClosed, nullptr);
    if (!served || connectionClosed || stream.refused()) break;
  }
  return served;
}

// Closing a socket with unread bytes (the rest of a refused body, more header lines) makes the
// kernel reset the connection, and a reset can destroy the answer before the sender reads it.
// So: end-of-file to the sender, read and drop what it still sends, then close.
void BoundedServer::lingeringClose(socket_t sock) const {
  ::shutdown(sock, SHUT_WR);
  std::array<char, 16 * 1024> dropped;
  size_t drained = 0;
  auto until = Clock::now() + kLingerTime;
  auto quietUntil = Clock::now() + std::chrono::milliseconds(kLingerIdleMs);
  while (drained < kLingerBytes && svr_sock_ != INVALID_SOCKET) {
    int wait = std::min({kWaitSliceMs, msUntil(until), msUntil(quietUntil)});
    if (wait <= 0) break;
    pollfd p{sock, POLLIN, 0};
    int ready = ::poll(&p, 1, wait);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    auto n = ::recv(sock, dropped.data(), dropped.size(), MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) break;  // the sender's end-of-file (or a reset): nothing more can come
    drained += static_cast<size_t>(n);
    quietUntil = Clock::now() + std::chrono::milliseconds(kLingerIdleMs);
  }
  ::close(sock);
}

}  // namespace wc
