#pragma once
// A launched server's own project directory. The LangGraph.js CLI keeps its state
// (.langgraph_api/) and a .gitignore beside the langgraph.json it is given, so each launch gets a
// fresh temp dir (0700) holding that langgraph.json and links to the project's node_modules and
// package.json: servers of one project can run side by side (one per configuration instance),
// every launch starts from a clean state, and the project itself (the source tree, or an
// installed share/ directory) is never written.
#include <string>

#include <nlohmann/json.hpp>

namespace wc {

// The project's langgraph.json with its paths (graphs, dependencies, env file, ui, auth, http.app)
// made absolute against projectDir, and `overlay` (a configuration: http, webhooks, ...) merged
// over it (RFC 7386). Pure, for tests.
nlohmann::json launchConfigFor(const nlohmann::json& projectConfig, const std::string& projectDir,
                               const nlohmann::json& overlay);

class LaunchProject {
 public:
  LaunchProject() = default;
  LaunchProject(const LaunchProject&) = delete;
  LaunchProject& operator=(const LaunchProject&) = delete;
  ~LaunchProject();  // removes the directory and all the server left in it

  // Creates the directory for projectDir (which holds langgraph.json and node_modules/). False
  // with one line saying what failed.
  bool create(const std::string& projectDir, const nlohmann::json& overlay, std::string* error);
  const std::string& dir() const { return dir_; }
  std::string configPath() const { return dir_ + "/langgraph.json"; }

 private:
  std::string dir_;
};

}  // namespace wc
