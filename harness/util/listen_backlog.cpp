#include "util/listen_backlog.h"

#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdlib>
#include <string>

namespace wc {

bool widenListenBacklog(int port, int backlog) {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return false;
  bool widened = false;
  while (dirent* entry = readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (*end != '\0' || fd < 0) continue;
    int listening = 0;
    socklen_t len = sizeof listening;
    if (getsockopt(static_cast<int>(fd), SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 ||
        !listening)
      continue;
    sockaddr_storage addr{};
    socklen_t alen = sizeof addr;
    if (getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&addr), &alen) != 0) continue;
    int boundPort = addr.ss_family == AF_INET
                        ? ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port)
                        : addr.ss_family == AF_INET6
                              ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                              : -1;
    if (boundPort == port && ::listen(static_cast<int>(fd), backlog) == 0) widened = true;
  }
  closedir(dir);
  return widened;
}

}  // namespace wc
