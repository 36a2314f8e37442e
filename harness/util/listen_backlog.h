#pragma once
namespace wc {
// Debian's cpp-httplib 0.11.4 is a shared library built with CPPHTTPLIB_LISTEN_BACKLOG=5: a burst
// of more than 5 simultaneous connections overflows the accept queue and senders see resets.
// This finds our listening socket by its port and calls listen() again with a wider backlog
// (Linux applies the new backlog to a listening socket). Returns false if it found none.
bool widenListenBacklog(int port, int backlog = 1024);
}  // namespace wc
