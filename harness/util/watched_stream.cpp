#include "util/watched_stream.h"

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>

namespace wc {
namespace {

// httplib reads every line (request line, header lines, and past the header section a chunk's
// size line or the line after the last chunk) one byte per read and holds it whole until its LF,
// while it reads body data in larger pieces. So past the header section, a run of one-byte reads
// without an LF is a line of the body's framing: longer than this, the request is refused.
constexpr size_t kMaxFramingLineBytes = 64 * 1024;

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

}  // namespace

void WatchedStream::startRequest() {
  watch_.restart();
  framingLineBytes_ = 0;
}

bool WatchedStream::is_readable() const {
  return hasBuffered() || awaitSocket(socket(), POLLIN, readTimeoutMs_);
}

bool WatchedStream::is_writable() const { return awaitSocket(socket(), POLLOUT, writeTimeoutMs_); }

ssize_t WatchedStream::read(char* ptr, size_t size) {
  if (refused_) return -1;
  if (offset_ == length_) {
    ssize_t n = transport_.receive(buffer_.data(), buffer_.size(), readTimeoutMs_);
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

ssize_t WatchedStream::write(const char* ptr, size_t size) {
  if (refused_) return -1;
  return transport_.send(ptr, size, writeTimeoutMs_);
}

void WatchedStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getpeername(socket(), reinterpret_cast<sockaddr*>(&address), &length) == 0)
    addressOf(address, length, ip, port);
}

void WatchedStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(socket(), reinterpret_cast<sockaddr*>(&address), &length) == 0)
    addressOf(address, length, ip, port);
}

std::string WatchedStream::headerSectionReason() const {
  const auto& limits = watch_.limits();
  std::string limit = watch_.lines() > limits.maxLines
                          ? "longer than " + std::to_string(limits.maxLines) + " lines"
                          : "larger than " + std::to_string(limits.maxBytes) + " bytes";
  return "request header section " + limit + " (request line to blank line)\n";
}

// Answers the request itself, then fails every read and write: httplib's own answer to the
// failed read is never sent and the connection ends.
void WatchedStream::refuse(int status, const char* statusText, const std::string& reason) {
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

}  // namespace wc
