#include "launch/langgraph_js_versions.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>

#include "util/bounded_json.h"

namespace wc {

namespace {

// Where the projects are: next to an installed binary (<prefix>/bin/../share/webhook-conformance/,
// cmake --install or the .deb), else in the source tree it was built from.
std::string projectsDir(const std::string& installedName, const std::string& sourceName) {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = exe.parent_path().parent_path() / "share" / "webhook-conformance" / installedName;
    if (std::filesystem::is_directory(installed, ec)) return installed.string();
  }
  return std::string(WC_SOURCE_DIR) + "/fixtures/" + sourceName;
}

}  // namespace

std::string defaultLangGraphJsDir() { return projectsDir("langgraph-js", "langgraph-js"); }

std::string langGraphJsVersionsDir() {
  return projectsDir("langgraph-js-versions", "langgraph-js-versions");
}

namespace {

constexpr const char* kApiPackage = "@langchain/langgraph-api";

// A JSON object read from a small file of ours (package.json), or nullopt.
std::optional<nlohmann::json> readJsonObject(const std::filesystem::path& path) {
  std::string text, why;
  if (!readBoundedFile(path.string(), 1 << 20, &text, &why)) return std::nullopt;
  auto parsed = parseBoundedJson(text, {}, &why);
  if (!parsed || !parsed->is_object()) return std::nullopt;
  return parsed;
}

std::string stringAt(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// The langgraph-api version a project's package.json pins ("" when it pins none).
std::string pinnedApiVersion(const std::filesystem::path& projectDir) {
  auto pkg = readJsonObject(projectDir / "package.json");
  if (!pkg) return "";
  auto deps = pkg->find("dependencies");
  return deps != pkg->end() && deps->is_object() ? stringAt(*deps, kApiPackage) : "";
}

// A folder name that can be a version: no path separators, no "." or "..".
bool plainVersion(const std::string& v) {
  if (v.empty() || v == "." || v == ".." || v.size() > 64) return false;
  return std::all_of(v.begin(), v.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c == '.' || c == '-' || c == '+' || c == '_';
  });
}

// Newer first, comparing dot-separated numbers numerically (1.5.1 > 0.0.71, 2.0.0 > 1.5.1).
bool newerFirst(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    size_t ei = a.find('.', i), ej = b.find('.', j);
    std::string pa = a.substr(i, ei == std::string::npos ? std::string::npos : ei - i);
    std::string pb = b.substr(j, ej == std::string::npos ? std::string::npos : ej - j);
    bool na = !pa.empty() && std::all_of(pa.begin(), pa.end(), ::isdigit);
    bool nb = !pb.empty() && std::all_of(pb.begin(), pb.end(), ::isdigit);
    if (na && nb && pa.size() != pb.size()) return pa.size() > pb.size();
    if (pa != pb) return pa > pb;
    i = ei == std::string::npos ? a.size() : ei + 1;
    j = ej == std::string::npos ? b.size() : ej + 1;
  }
  return false;
}

}  // namespace

std::string installedLangGraphApiVersion(const std::string& projectDir) {
  auto pkg = readJsonObject(std::filesystem::path(projectDir) / "node_modules" / kApiPackage /
                            "package.json");
  return pkg ? stringAt(*pkg, "version") : "";
}

std::vector<std::string> knownLangGraphJsVersions() {
  namespace fs = std::filesystem;
  std::vector<std::string> versions;
  std::string latest = pinnedApiVersion(defaultLangGraphJsDir());
  std::error_code ec;
  for (fs::directory_iterator it(langGraphJsVersionsDir(), ec), end; !ec && it != end;
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (plainVersion(name) && name != latest && fs::exists(it->path() / "package.json"))
      versions.push_back(name);
  }
  std::sort(versions.begin(), versions.end(), newerFirst);
  if (!latest.empty()) versions.insert(versions.begin(), latest);
  return versions;
}

bool resolveLangGraphJsLaunch(const std::string& launch, const std::string& launchDir,
                              LaunchOptions* out, std::string* error) {
  namespace fs = std::filesystem;
  const std::string server = "langgraph-js";
  out->label = launch;
  if (launch == server) {
    out->projectDir = launchDir.empty() ? defaultLangGraphJsDir() : launchDir;
    return true;
  }
  if (launch.rfind(server + "@", 0) != 0) {
    *error = "--launch: unknown server '" + launch + "' (known: langgraph-js, langgraph-js@VERSION)";
    return false;
  }
  const std::string version = launch.substr(server.size() + 1);
  if (!launchDir.empty()) {
    *error = "--launch " + launch + ": --launch-dir names the project itself; use it with "
             "--launch langgraph-js, or drop it to run the pinned project of " + version;
    return false;
  }
  std::string dir;
  if (!version.empty() && version == pinnedApiVersion(defaultLangGraphJsDir()))
    dir = defaultLangGraphJsDir();
  else if (plainVersion(version) && fs::exists(fs::path(langGraphJsVersionsDir()) / version / "package.json"))
    dir = (fs::path(langGraphJsVersionsDir()) / version).string();
  if (dir.empty()) {
    std::string known;
    for (const auto& v : knownLangGraphJsVersions()) known += (known.empty() ? "" : ", ") + v;
    *error = "--launch " + launch + ": no pinned project for @langchain/langgraph-api version '" +
             version + "' (known: " + (known.empty() ? "none" : known) +
             "; to add one, see docs/LANGGRAPH-JS.md, \"Adding a LangGraph.js version\")";
    return false;
  }
  out->projectDir = dir;
  out->expectedVersion = version;
  return true;
}

}  // namespace wc
