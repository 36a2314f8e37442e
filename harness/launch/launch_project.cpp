#include "launch/launch_project.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>

#include <filesystem>
#include <fstream>

#include "util/bounded_json.h"

namespace wc {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxProjectConfigBytes = 1 << 20;

std::string absoluteIn(const std::string& projectDir, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  auto absolute = (fs::path(projectDir) / path).lexically_normal().string();
  if (absolute.size() > 1 && absolute.back() == '/') absolute.pop_back();  // "." -> the dir itself
  return absolute;
}

// "./src/graph.mjs:echo" -> "<projectDir>/src/graph.mjs:echo"; the export follows the last ':'.
std::string absoluteGraphSpec(const std::string& projectDir, const std::string& spec) {
  auto colon = spec.rfind(':');
  if (colon == std::string::npos) return absoluteIn(projectDir, spec);
  return absoluteIn(projectDir, spec.substr(0, colon)) + spec.substr(colon);
}

void absolutePathAt(nlohmann::json* object, const char* key, const std::string& projectDir) {
  if (!object->is_object()) return;
  auto it = object->find(key);
  if (it != object->end() && it->is_string())
    *it = absoluteIn(projectDir, it->get<std::string>());
}

}  // namespace

nlohmann::json launchConfigFor(const nlohmann::json& projectConfig, const std::string& projectDir,
                               const nlohmann::json& overlay) {
  nlohmann::json config = projectConfig.is_object() ? projectConfig : nlohmann::json::object();
  if (auto it = config.find("graphs"); it != config.end() && it->is_object()) {
    for (auto& [name, graph] : it->items()) {
      if (graph.is_string()) graph = absoluteGraphSpec(projectDir, graph.get<std::string>());
      else if (graph.is_object() && graph.contains("path") && graph["path"].is_string())
        graph["path"] = absoluteGraphSpec(projectDir, graph["path"].get<std::string>());
    }
  }
  if (auto it = config.find("dependencies"); it != config.end() && it->is_array())
    for (auto& dependency : *it)
      if (dependency.is_string()) dependency = absoluteIn(projectDir, dependency.get<std::string>());
  if (auto it = config.find("ui"); it != config.end() && it->is_object())
    for (auto& [name, path] : it->items())
      if (path.is_string()) path = absoluteGraphSpec(projectDir, path.get<std::string>());
  absolutePathAt(&config, "env", projectDir);
  if (auto it = config.find("auth"); it != config.end()) absolutePathAt(&*it, "path", projectDir);
  if (auto it = config.find("http"); it != config.end()) absolutePathAt(&*it, "app", projectDir);
  if (overlay.is_object()) config.merge_patch(overlay);
  return config;
}

LaunchProject::~LaunchProject() {
  if (dir_.empty()) return;
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

bool LaunchProject::create(const std::string& projectDir, const nlohmann::json& overlay,
                           std::string* error) {
  std::string text, why;
  const std::string source = projectDir + "/langgraph.json";
  if (!readBoundedFile(source, kMaxProjectConfigBytes, &text, &why)) {
    *error = why;
    return false;
  }
  auto projectConfig = parseBoundedJson(text, {}, &why);
  if (!projectConfig || !projectConfig->is_object()) {
    *error = source + " is not a JSON object" + (why.empty() ? "" : ": " + why);
    return false;
  }
  std::error_code ec;
  const std::string absoluteProject = fs::absolute(projectDir, ec).lexically_normal().string();
  std::string pattern = (fs::temp_directory_path(ec) / "webhook-conformance-launch-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) {  // mode 0700
    *error = "cannot create a temporary directory for the server: " + std::string(strerror(errno));
    return false;
  }
  dir_ = pattern;
  for (const char* link : {"node_modules", "package.json"}) {
    fs::create_symlink(fs::path(absoluteProject) / link, fs::path(dir_) / link, ec);
    if (ec) {
      *error = "cannot link " + absoluteProject + "/" + link + " into " + dir_ + ": " + ec.message();
      return false;
    }
  }
  std::ofstream out(configPath());
  out << launchConfigFor(*projectConfig, absoluteProject, overlay).dump(2) << "\n";
  if (!out.flush()) {
    *error = "cannot write " + configPath();
    return false;
  }
  return true;
}

}  // namespace wc
