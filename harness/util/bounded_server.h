#pragma once
// An httplib::Server that bounds each request's header section and closes gracefully. Debian's
// cpp-httplib 0.11.4 holds a request line and header lines whole (a line is checked only once it
// has ended, the number of lines never): a sender of endless header lines made one connection
// hold gigabytes until the read timeout. And it closes a connection with the unread rest of a
// refused body still in the socket, so the kernel sends a reset that can destroy the refusal
// before the sender reads it. BoundedServer runs each connection's keep-alive loop itself, over
// its own socket stream, to answer 431 past the limits and to drain the sender before closing.
// The same stream bounds a chunked body's size lines, which httplib also holds whole (400).
// Plain HTTP only: httplib::SSLServer serves TLS connections with its own loop.
#include <httplib.h>

#include <cstddef>

namespace wc {

// The header section: from the first byte of the request line to the end of the blank line.
struct HeaderSectionLimits {
  size_t maxBytes = 64 * 1024;
  size_t maxLines = 200;  // request line, header lines and the blank line
};

// Follows the bytes of one request's header section as the parser receives them and says when
// it ended (httplib ends it at a line that is exactly CRLF) or passed a limit.
class HeaderSectionWatch {
 public:
  enum class State { Reading, Ended, TooLarge };
  explicit HeaderSectionWatch(HeaderSectionLimits limits) : limits_(limits) {}
  void restart();  // a new request begins
  State see(const char* data, size_t size);
  State state() const { return state_; }
  size_t bytes() const { return bytes_; }
  size_t lines() const { return lines_; }
  const HeaderSectionLimits& limits() const { return limits_; }

 private:
  HeaderSectionLimits limits_;
  State state_ = State::Reading;
  size_t bytes_ = 0, lines_ = 0;
  bool atLineStart_ = false;  // the last byte ended a line
  bool crAtLineStart_ = false;  // the line so far is "\r"
};

class BoundedServer : public httplib::Server {
 public:
  explicit BoundedServer(HeaderSectionLimits limits = {}) : limits_(limits) {}

 private:
  // httplib calls it on a connection thread for each accepted socket, which it must close.
  bool process_and_close_socket(socket_t sock) override;
  // Drains what the sender still sends after the last answer, then closes (see the .cpp).
  void lingeringClose(socket_t sock) const;

  const HeaderSectionLimits limits_;
};

}  // namespace wc
