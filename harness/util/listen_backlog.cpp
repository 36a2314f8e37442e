#include "util/listen_backlog.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstdlib>
#include <string>

namespace wc {
namespace {

int portOf(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
  if (addr.ss_family == AF_INET6)
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
  return -1;
}

std::string addressOf(const sockaddr_storage& addr) {
  char text[INET6_ADDRSTRLEN] = "";
  if (addr.ss_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&addr)->sin_addr, text, sizeof text);
  else if (addr.ss_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_addr, text, sizeof text);
  return text;
}

bool isListening(int fd) {
  int listening = 0;
  socklen_t len = sizeof listening;
  return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 && listening;
}

int localPort(int fd) {
  sockaddr_storage addr{};
  socklen_t alen = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0) return -1;
  return portOf(addr);
}

// Calls visit(fd) for every open descriptor of this process.
template <typename Visit>
void forEachFd(Visit visit) {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return;
  int own = dirfd(dir);
  while (dirent* entry = readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (*end != '\0' || fd < 0 || fd == own) continue;
    visit(static_cast<int>(fd));
  }
  closedir(dir);
}

}  // namespace

bool widenListenBacklog(int port, int backlog) {
  bool widened = false;
  forEachFd([&](int fd) {
    if (isListening(fd) && localPort(fd) == port && ::listen(fd, backlog) == 0) widened = true;
  });
  return widened;
}

std::vector<AcceptedSocket> acceptedSockets(int port) {
  std::vector<AcceptedSocket> out;
  forEachFd([&](int fd) {
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) return;
    if (isListening(fd) || localPort(fd) != port) return;
    sockaddr_storage peer{};
    socklen_t plen = sizeof peer;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &plen) != 0) return;
    out.push_back({fd, st.st_ino, addressOf(peer) + ":" + std::to_string(portOf(peer))});
  });
  return out;
}

bool shutdownAcceptedSocket(const AcceptedSocket& socket) {
  struct stat st {};
  if (fstat(socket.fd, &st) != 0 || st.st_ino != socket.inode) return false;
  return ::shutdown(socket.fd, SHUT_RDWR) == 0;
}

size_t shutdownAcceptedSockets(int port) {
  size_t n = 0;
  for (const auto& s : acceptedSockets(port)) n += shutdownAcceptedSocket(s) ? 1 : 0;
  return n;
}

}  // namespace wc
