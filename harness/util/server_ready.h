#pragma once
#include <chrono>

namespace httplib {
class Server;
}

namespace wc {
// Waits until a server started with listen_after_bind() on another thread is running.
// cpp-httplib 0.11.4 has no readiness callback (later versions add wait_until_ready(), which
// does exactly this); without it, a stop() that comes first is lost and join() never returns.
bool waitUntilRunning(const httplib::Server& server, std::chrono::milliseconds deadline);
}  // namespace wc
