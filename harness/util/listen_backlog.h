#pragma once
// The sockets of a listening port, found through /proc/self/fd. Debian's cpp-httplib 0.11.4 gives
// no handle on its listening socket nor on the connections it accepted; these helpers find them
// by their local port.
#include <sys/types.h>

#include <string>
#include <vector>

namespace wc {

// httplib 0.11.4 is a shared library built with CPPHTTPLIB_LISTEN_BACKLOG=5: a burst of more than 5
// simultaneous connections overflows the accept queue and senders see resets. This finds our
// listening socket by its port and calls listen() again with a wider backlog (Linux applies the
// new backlog to a listening socket). Returns false if it found none.
bool widenListenBacklog(int port, int backlog = 1024);

// A connection accepted on `port`: its local port is `port` and it has a peer. The process's own
// outgoing connections TO that port have an ephemeral local port, so they are never listed.
struct AcceptedSocket {
  int fd = -1;
  ino_t inode = 0;   // with fd, tells a socket from a later one that reused the number
  std::string peer;  // "addr:port", as httplib's req.remote_addr + ":" + remote_port
};
std::vector<AcceptedSocket> acceptedSockets(int port);

// shutdown(SHUT_RDWR) of `socket` if its fd still names the same socket (same inode), so a
// blocked reader wakes up with end-of-file; the owner still closes it. False when it changed.
bool shutdownAcceptedSocket(const AcceptedSocket& socket);

// shutdown() of every connection accepted on `port`; returns how many.
size_t shutdownAcceptedSockets(int port);

}  // namespace wc
