#pragma once
// Starts and stops the real LangGraph.js dev server for a run: a free port, a fresh project
// directory of its own (launch_project.h), /ok awaited with a deadline, and the whole process
// group stopped at the end — also on failure and on Ctrl-C/SIGTERM. Several servers may run at
// once (one per configuration instance); the signal handler stops them all.
#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "util/problem.h"

#include <nlohmann/json.hpp>

namespace wc {

class LaunchProject;

struct LaunchOptions {
  std::string projectDir;  // holds langgraph.json and node_modules/
  std::string label = "langgraph-js";  // what --launch named, for messages
  // When set: the @langchain/langgraph-api version node_modules/ must hold (else start() fails
  // saying to run npm install), so a row labelled VERSION never runs another version.
  std::string expectedVersion;
  // Merged over the project's langgraph.json (http, webhooks, ...): the configuration the server
  // runs with. null: the project's as it is.
  nlohmann::json configuration;
  // Added to the server's environment (e.g. NODE_EXTRA_CA_CERTS for the TLS capture server).
  std::vector<std::pair<std::string, std::string>> environment;
  std::chrono::seconds readyDeadline{90};
  std::string logPath;  // server output goes here ("" -> <temp dir>/langgraph-dev-<pid>-<port>.log)
};

class LangGraphJsServer {
 public:
  LangGraphJsServer();
  ~LangGraphJsServer();
  // Starts it, or says what to fix: a project that is missing or not installed is a usage
  // problem, a server that does not come up an unreachable one.
  MaybeProblem start(const LaunchOptions& options);
  void stop();
  std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }
  pid_t processGroup() const { return pgid_; }

 private:
  pid_t pgid_ = -1;
  int port_ = 0;
  std::unique_ptr<LaunchProject> project_;
};

// Kills every launched server's process group at once (async-signal-safe): for an exit that
// cannot wait for stop(), such as a second Ctrl-C.
void killLaunchedServerNow();

}  // namespace wc
