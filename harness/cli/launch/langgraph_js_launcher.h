#pragma once
// Starts and stops the real LangGraph.js dev server for a run: a free port, a clean
// .langgraph_api/, /ok awaited with a deadline, and the whole process group stopped at the end —
// also on failure and on Ctrl-C/SIGTERM. `--launch langgraph-js` serves fixtures/langgraph-js
// (npm's `latest`, or --launch-dir); `--launch langgraph-js@VERSION` serves the pinned project of
// that @langchain/langgraph-api version (fixtures/langgraph-js if it pins VERSION, else
// fixtures/langgraph-js-versions/VERSION/).
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace wc {

struct LaunchOptions {
  std::string projectDir;  // holds langgraph.json and node_modules/
  std::string label = "langgraph-js";  // what --launch named, for messages
  // When set: the @langchain/langgraph-api version node_modules/ must hold (else start() fails
  // saying to run npm install), so a row labelled VERSION never runs another version.
  std::string expectedVersion;
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

// Where the pinned projects of further versions live: <that>/<version>/ (package.json,
// package-lock.json, langgraph.json).
std::string langGraphJsVersionsDir();

// The versions --launch langgraph-js@VERSION knows, newest first: the one fixtures/langgraph-js
// pins, then every folder of langGraphJsVersionsDir() that has a package.json.
std::vector<std::string> knownLangGraphJsVersions();

// Resolves --launch / --launch-dir into launch options. False with one line (a usage error,
// exit 2) for an unknown server or version, or --launch-dir given with a version.
bool resolveLangGraphJsLaunch(const std::string& launch, const std::string& launchDir,
                              LaunchOptions* out, std::string* error);

// Kills the launched server's process group at once (async-signal-safe): for an exit that
// cannot wait for stop(), such as a second Ctrl-C.
void killLaunchedServerNow();

}  // namespace wc
