#pragma once
// Starts and stops the real LangGraph.js dev server (fixtures/langgraph-js) for a run:
// a free port, a clean .langgraph_api/, /ok awaited with a deadline, and the whole process
// group stopped at the end — also on failure and on Ctrl-C/SIGTERM.
#include <sys/types.h>

#include <chrono>
#include <string>

namespace wc {

struct LaunchOptions {
  std::string projectDir;  // holds langgraph.json and node_modules/
  std::chrono::seconds readyDeadline{90};
  std::string logPath;  // server output goes here ("" -> <temp dir>/langgraph-dev-<pid>.log)
};

class LangGraphJsServer {
 public:
  ~LangGraphJsServer();
  // Starts it; on failure returns false with one line saying what to fix.
  bool start(const LaunchOptions& options, std::string* error);
  void stop();
  std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }
  pid_t processGroup() const { return pgid_; }

 private:
  pid_t pgid_ = -1;
  int port_ = 0;
};

// The project directory used when --launch-dir is not given.
std::string defaultLangGraphJsDir();

// Kills the launched server's process group at once (async-signal-safe): for an exit that
// cannot wait for stop(), such as a second Ctrl-C.
void killLaunchedServerNow();

}  // namespace wc
