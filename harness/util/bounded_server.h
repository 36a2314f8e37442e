#pragma once
// An httplib::Server that bounds each request's header section and closes gracefully. Debian's
// cpp-httplib 0.11.4 holds a request line and header lines whole (a line is checked only once it
// has ended, the number of lines never): a sender of endless header lines made one connection
// hold gigabytes until the read timeout. And it closes a connection with the unread rest of a
// refused body still in the socket, so the kernel sends a reset that can destroy the refusal
// before the sender reads it. BoundedServer runs each connection's keep-alive loop itself, over
// its own socket stream, to answer 431 past the limits and to drain the sender before closing.
// The same stream bounds a chunked body's size lines, which httplib also holds whole (400).
// It serves TLS itself too (bounded_server_tls.cpp): httplib::SSLServer runs its own loop, which
// would hold an endless header section whole, and would let a peer that never finishes its
// handshake keep a connection thread.
#include <httplib.h>

#include <cstddef>
#include <memory>
#include <string>

struct ssl_ctx_st;  // OpenSSL's SSL_CTX

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

class ConnectionTransport;

class BoundedServer : public httplib::Server {
 public:
  // Plain HTTP.
  explicit BoundedServer(HeaderSectionLimits limits = {});
  // HTTPS (TLS 1.2 or later) with this PEM certificate (chain) and private key. When they do not
  // load or do not match, is_valid() is false and tlsError() says why.
  BoundedServer(const std::string& certFile, const std::string& keyFile,
                HeaderSectionLimits limits = {});
  ~BoundedServer() override;

  bool is_valid() const override;
  bool servesTls() const { return servesTls_; }
  const std::string& tlsError() const { return tlsError_; }

 private:
  // httplib calls it on a connection thread for each accepted socket, which it must close.
  bool process_and_close_socket(socket_t sock) override;
  // httplib's keep-alive loop (detail::process_server_socket_core), over one watched stream.
  bool serveRequests(ConnectionTransport& transport);
  // The TLS handshake, then serveRequests over TLS, then close_notify; all bounded in time.
  bool serveTls(socket_t sock);
  // Drains what the sender still sends after the last answer, then closes (see the .cpp).
  void lingeringClose(socket_t sock) const;
  int readTimeoutMs() const;
  int writeTimeoutMs() const;

  const HeaderSectionLimits limits_;
  const bool servesTls_ = false;
  std::string tlsError_;  // before tlsContext_, whose making fills it
  std::unique_ptr<ssl_ctx_st, void (*)(ssl_ctx_st*)> tlsContext_;
};

}  // namespace wc
