#include "util/bounded_server.h"

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <string>

namespace wc {
namespace {

using Clock = std::chrono::steady_clock;

// After the last answer, what the sender still sends is read and dropped for at most this long
// and this much: enough for a sender blocked writing a refused body (the capture's limit is
// 8 MiB) to finish and read the refusal; bounded because each lingering connection holds a
// connection thread. The bytes go to a stack buffer, so memory does not grow with them.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 32 * 1024 * 1024;
// A sender quiet this long has sent all it will; no reset can come from data it never sends.
constexpr int kLingerIdleMs = 500;
// httplib reads every line (request line, header lines, and past the header section a chunk's
// size line or the line after the last chunk) one byte per read and holds it whole until its LF,
// while it reads body data in larger pieces. So past the header section, a run of one-byte reads
// without an LF is a line of the body's framing: longer than this, the request is refused.
constexpr size_t kMaxFramingLineBytes = 64 * 1024;
// Waits are cut in slices so that a server being stopped lets its connections go promptly.
constexpr int kWaitSliceMs = 100;

int msUntil(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<long long>(0, left.count()));
}

// True once `sock` has one of `events` within `timeoutMs`.
bool awaitSocket(socket_t sock, short events, int timeoutMs) {
  for (auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);;) {
    pollfd p{sock, events, 0};
    int ready = ::poll(&p, 1, msUntil(deadline));
    if (ready > 0) return true;
    if (ready == 0 || errno != EINTR) return false;
  }
}

int toMs(time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); }

void addressOf(const sockaddr_storage& address, socklen_t length, std::string& ip, int& port) {
  if (address.ss_family == AF_INET)
    port = ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  else if (address.ss_family == AF_INET6)
    port = ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  else
    return;
  std::array<char, NI_MAXHOST> host{};
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host.data(), host.size(),
                    nullptr, 0, NI_NUMERICHOST) == 0)
    ip = host.data();
}

// httplib's SocketStream (not exported by the Debian library) with the header section and the
// body's framing lines watched: past a limit it answers 431 (400 for a framing line) itself and
// fails every later read and write, so httplib drops the request and writes nothing more. One
// stream serves a whole connection, so bytes read ahead of one request stay for the next.
class WatchedSocketStream final : public httplib::Stream {
 public:
  WatchedSocketStream(socket_t sock, HeaderSectionLimits limits, int readTimeoutMs,
                      int writeTimeoutMs)
      : sock_(sock), watch_(limits), readTimeoutMs_(readTimeoutMs),
        writeTimeoutMs_(writeTimeoutMs) {}

  void startRequest() {
    watch_.restart();
    framingLineBytes_ = 0;
  }
  bool refused() const { return refused_; }
  bool hasBuffered() const { return offset_ < length_; }

  bool is_readable() const override {
    return hasBuffered() || awaitSocket(sock_, POLLIN, readTimeoutMs_);
  }
  bool is_writable() const override { return awaitSocket(sock_, POLLOUT, writeTimeoutMs_); }

  ssize_t read(char* ptr, size_t size) override {
    if (refused_) return -1;
    if (!hasBuffered()) {
      if (!awaitSocket(sock_, POLLIN, readTimeoutMs_)) return -1;
      ssize_t n;
      do n = ::recv(sock_, buffer_.data(), buffer_.size(), 0);
      while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      offset_ = 0;
      length_ = static_cast<size_t>(n);
    }
    size_t taken = std::min(size, length_ - offset_);
    std::copy_n(buffer_.data() + offset_, taken, ptr);
    offset_ += taken;
    auto section = watch_.see(ptr, taken);
    if (section == HeaderSectionWatch::State::TooLarge) {
      refuse(431, "Request Header Fields Too Large", headerSectionReason());
      return -1;
    }
    bool lineByte = section == HeaderSectionWatch::State::Ended && size == 1;
    framingLineBytes_ = lineByte && *ptr != '\n' ? framingLineBytes_ + 1 : 0;
    if (framingLineBytes_ > kMaxFramingLineBytes) {
      refuse(400, "Bad Request",
             "a line of the request body's framing (a chunk size) longer than " +
                 std::to_string(kMaxFramingLineBytes) + " bytes\n");
      return -1;
    }
    return static_cast<ssize_t>(taken);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (refused_ || !is_writable()) return -1;
    ssize_t n;
    do n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0)
      addressOf(address, length, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0)
      addressOf(address, length, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  std::string headerSectionReason() const {
    const auto& limits = watch_.limits();
    std::string limit = watch_.lines() > limits.maxLines
                            ? "longer than " + std::to_string(limits.maxLines) + " lines"
                            : "larger than " + std::to_string(limits.maxBytes) + " bytes";
    return "request header section " + limit + " (request line to blank line)\n";
  }

  // Answers the request itself, then fails every read and write: httplib's own answer to the
  // failed read is never sent and the connection ends.
  void refuse(int status, const char* statusText, const std::string& reason) {
    std::string answer = "HTTP/1.1 " + std::to_string(status) + " " + statusText +
                         "\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
                         "Content-Length: " + std::to_string(reason.size()) + "\r\n\r\n" + reason;
    for (size_t sent = 0; sent < answer.size();) {
      auto n = write(answer.data() + sent, answer.size() - sent);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    refused_ = true;
  }

  socket_t sock_;
  HeaderSectionWatch watch_;
  int readTimeoutMs_, writeTimeoutMs_;
  bool refused_ = false;
  size_t framingLineBytes_ = 0;  // bytes of the framing line being read, past the header section
  std::array<char, 16 * 1024> buffer_{};  // read ahead, as httplib's own stream does
  size_t offset_ = 0, length_ = 0;
};

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

// httplib's own loop (detail::process_server_socket_core), over one watched stream.
bool BoundedServer::process_and_close_socket(socket_t sock) {
  WatchedSocketStream stream(sock, limits_, toMs(read_timeout_sec_, read_timeout_usec_),
                             toMs(write_timeout_sec_, write_timeout_usec_));
  bool served = false;
  for (size_t left = keep_alive_max_count_; left > 0; --left) {
    // The next request: already read ahead, or arriving within the keep-alive timeout (at least
    // 10 ms, as httplib waits, so a timeout of 0 still serves a request sent with the connect).
    auto idleUntil = Clock::now() + std::max<Clock::duration>(
                                        std::chrono::seconds(keep_alive_timeout_sec_),
                                        std::chrono::milliseconds(10));
    bool arrived = stream.hasBuffered();
    while (!arrived && svr_sock_ != INVALID_SOCKET && msUntil(idleUntil) > 0) {
      pollfd p{sock, POLLIN, 0};
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
  lingeringClose(sock);
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
