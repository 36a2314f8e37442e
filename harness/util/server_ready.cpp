#include "util/server_ready.h"

#include <httplib.h>

#include <thread>

namespace wc {

bool waitUntilRunning(const httplib::Server& server, std::chrono::milliseconds deadline) {
  auto until = std::chrono::steady_clock::now() + deadline;
  while (!server.is_running()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  return true;
}

}  // namespace wc
