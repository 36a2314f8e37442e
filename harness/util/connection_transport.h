#pragma once
// How one BoundedServer connection moves its bytes: straight over the socket, or through TLS
// (bounded_server_tls.cpp). The header-section watch and the keep-alive loop sit above it, so
// both kinds of connection are bounded by the same code.
#include <httplib.h>

#include <chrono>

namespace wc {

using ConnectionClock = std::chrono::steady_clock;

// Milliseconds left until `deadline`, 0 once it passed.
int msUntil(ConnectionClock::time_point deadline);
// True once `sock` has one of `events` within `timeoutMs`.
bool awaitSocket(socket_t sock, short events, int timeoutMs);

class ConnectionTransport {
 public:
  virtual ~ConnectionTransport() = default;
  // Up to `size` bytes within `timeoutMs`: the count, 0 at the peer's end, -1 on an error or
  // when the time passed.
  virtual ssize_t receive(char* data, size_t size, int timeoutMs) = 0;
  // Some of `data` within `timeoutMs`: the count sent, -1 on an error or when the time passed.
  virtual ssize_t send(const char* data, size_t size, int timeoutMs) = 0;
  // Bytes already taken off the socket but not yet received (TLS's record buffer): a poll of
  // the socket would not see them.
  virtual bool hasPending() const { return false; }
  socket_t socket() const { return sock_; }

 protected:
  explicit ConnectionTransport(socket_t sock) : sock_(sock) {}
  const socket_t sock_;
};

// Plain HTTP: the socket's own bytes.
class PlainTransport final : public ConnectionTransport {
 public:
  explicit PlainTransport(socket_t sock) : ConnectionTransport(sock) {}
  ssize_t receive(char* data, size_t size, int timeoutMs) override;
  ssize_t send(const char* data, size_t size, int timeoutMs) override;
};

}  // namespace wc
