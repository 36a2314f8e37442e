#include "util/connection_transport.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace wc {

int msUntil(ConnectionClock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - ConnectionClock::now());
  return static_cast<int>(std::max<long long>(0, left.count()));
}

bool awaitSocket(socket_t sock, short events, int timeoutMs) {
  for (auto deadline = ConnectionClock::now() + std::chrono::milliseconds(timeoutMs);;) {
    pollfd p{sock, events, 0};
    int ready = ::poll(&p, 1, msUntil(deadline));
    if (ready > 0) return true;
    if (ready == 0 || errno != EINTR) return false;
  }
}

ssize_t PlainTransport::receive(char* data, size_t size, int timeoutMs) {
  if (!awaitSocket(sock_, POLLIN, timeoutMs)) return -1;
  ssize_t n;
  do n = ::recv(sock_, data, size, 0);
  while (n < 0 && errno == EINTR);
  return n;
}

ssize_t PlainTransport::send(const char* data, size_t size, int timeoutMs) {
  if (!awaitSocket(sock_, POLLOUT, timeoutMs)) return -1;
  ssize_t n;
  do n = ::send(sock_, data, size, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n;
}

}  // namespace wc
