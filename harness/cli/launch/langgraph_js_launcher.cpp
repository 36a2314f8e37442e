#include "cli/launch/langgraph_js_launcher.h"

#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <optional>
#include <thread>

#include "util/bounded_json.h"

namespace wc {
namespace {

// The group to kill from the signal handler: async-signal-safe access only.
std::atomic<pid_t> gLaunchedGroup{-1};

void stopOnSignal(int sig) {
  pid_t group = gLaunchedGroup.load();
  if (group > 0) kill(-group, SIGKILL);
  signal(sig, SIG_DFL);
  raise(sig);
}

}  // namespace

void killLaunchedServerNow() {
  pid_t group = gLaunchedGroup.load();
  if (group > 0) kill(-group, SIGKILL);
}

namespace {

int freeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

// A file descriptor that becomes readable when the process exits (Linux 5.3+), so waits for
// exit are poll() calls, not sleep loops. -1 when unavailable.
int openPidFd(pid_t pid) { return static_cast<int>(syscall(SYS_pidfd_open, pid, 0)); }

bool answersOk(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(std::chrono::milliseconds(500));
  client.set_read_timeout(std::chrono::seconds(2));
  auto res = client.Get("/ok");
  return res && res->status == 200;
}

}  // namespace

std::string defaultLangGraphJsDir() { return std::string(WC_SOURCE_DIR) + "/fixtures/langgraph-js"; }

std::string langGraphJsVersionsDir() {
  return std::string(WC_SOURCE_DIR) + "/fixtures/langgraph-js-versions";
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

// The langgraph-api version installed in a project's node_modules ("" when none).
std::string installedApiVersion(const std::filesystem::path& projectDir) {
  auto pkg = readJsonObject(projectDir / "node_modules" / kApiPackage / "package.json");
  return pkg ? stringAt(*pkg, "version") : "";
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
             "; to add one, see README \"Adding a LangGraph.js version\")";
    return false;
  }
  out->projectDir = dir;
  out->expectedVersion = version;
  return true;
}

LangGraphJsServer::~LangGraphJsServer() { stop(); }

bool LangGraphJsServer::start(const LaunchOptions& options, std::string* error) {
  namespace fs = std::filesystem;
  const fs::path dir = options.projectDir;
  const fs::path cli = dir / "node_modules/@langchain/langgraph-cli/dist/cli/cli.mjs";
  if (!fs::exists(dir / "langgraph.json")) {
    *error = "--launch " + options.label + ": no langgraph.json in " + dir.string();
    return false;
  }
  if (!fs::exists(cli)) {
    *error = "--launch " + options.label + ": " + cli.string() + " is missing; run `npm install` in " +
             dir.string() + " first";
    return false;
  }
  if (!options.expectedVersion.empty()) {
    std::string installed = installedApiVersion(dir);
    if (installed != options.expectedVersion) {
      *error = "--launch " + options.label + ": " + dir.string() + "/node_modules holds " +
               kApiPackage + " " + (installed.empty() ? "(unreadable)" : installed) +
               ", not " + options.expectedVersion + "; run `npm install` in " + dir.string();
      return false;
    }
  }
  std::error_code ec;
  fs::remove_all(dir / ".langgraph_api", ec);  // every launch starts from a clean state
  port_ = freeLoopbackPort();
  if (port_ <= 0) {
    *error = "--launch " + options.label + ": no free loopback port";
    return false;
  }
  std::string log = options.logPath.empty()
                        ? (std::filesystem::temp_directory_path() /
                           ("langgraph-dev-" + std::to_string(getpid()) + ".log"))
                              .string()
                        : options.logPath;
  int pipeFds[2];
  if (pipe2(pipeFds, O_CLOEXEC) != 0) {
    *error = "--launch " + options.label + ": pipe: " + std::strerror(errno);
    return false;
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    *error = "--launch " + options.label + ": fork: " + std::strerror(errno);
    return false;
  }
  if (pid == 0) {
    sigset_t none;  // `run` blocks SIGINT/SIGTERM for its signal thread; exec keeps the mask
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    setpgid(0, 0);                         // its own group: stop() kills node and its children
    prctl(PR_SET_PDEATHSIG, SIGKILL);      // and it dies with us even if we are SIGKILLed
    if (getppid() != parent) _exit(127);
    int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out >= 0) {
      dup2(out, STDERR_FILENO);
    }
    dup2(pipeFds[1], STDOUT_FILENO);
    if (chdir(dir.c_str()) != 0) _exit(127);
    setenv("LANGGRAPH_CLI_NO_ANALYTICS", "1", 1);  // else it sends telemetry off-machine
    setenv("BROWSER", "none", 1);
    setenv("LANGSMITH_TRACING", "false", 1);
    std::string port = std::to_string(port_);
    execlp("node", "node", cli.c_str(), "dev", "--host", "127.0.0.1", "--port", port.c_str(),
           "--no-browser", "--config", "langgraph.json", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(pipeFds[1]);
  setpgid(pid, pid);  // also from here, so the group exists before we could signal it
  pgid_ = pid;
  gLaunchedGroup = pid;
  signal(SIGINT, stopOnSignal);
  signal(SIGTERM, stopOnSignal);
  signal(SIGHUP, stopOnSignal);

  // Wait for readiness: woken by the server's output (it prints as it starts), re-checking /ok
  // after each output line or every 250 ms, until the deadline. The server gives no other event.
  auto deadline = std::chrono::steady_clock::now() + options.readyDeadline;
  bool ready = false;
  bool outputOpen = true;
  int exitFd = openPidFd(pid);
  char buf[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      pgid_ = -1;
      gLaunchedGroup = -1;
      close(pipeFds[0]);
      if (exitFd >= 0) close(exitFd);
      *error = "--launch " + options.label + ": the server exited during startup (status " +
               std::to_string(WEXITSTATUS(status)) + "); see " + log;
      return false;
    }
    pollfd fds[2] = {{outputOpen ? pipeFds[0] : -1, POLLIN, 0}, {exitFd, POLLIN, 0}};
    if (poll(fds, 2, 250) > 0 && (fds[0].revents & (POLLIN | POLLHUP))) {
      ssize_t n = read(pipeFds[0], buf, sizeof buf);
      if (n <= 0) outputOpen = false;
    }
    if (answersOk(port_)) {
      ready = true;
      break;
    }
  }
  if (exitFd >= 0) close(exitFd);
  // Keep draining its stdout so the server never blocks on a full pipe.
  std::thread([fd = pipeFds[0]] {
    char sink[4096];
    while (read(fd, sink, sizeof sink) > 0) {
    }
    close(fd);
  }).detach();
  if (!ready) {
    stop();
    *error = "--launch " + options.label + ": GET /ok did not answer within " +
             std::to_string(options.readyDeadline.count()) + " s; see " + log;
    return false;
  }
  return true;
}

void LangGraphJsServer::stop() {
  if (pgid_ <= 0) return;
  kill(-pgid_, SIGTERM);
  // Reap the leader; give the group 5 s to exit on SIGTERM, then SIGKILL what is left.
  int exitFd = openPidFd(pgid_);
  if (exitFd >= 0) {
    pollfd p{exitFd, POLLIN, 0};
    poll(&p, 1, 5000);
    close(exitFd);
  }
  kill(-pgid_, SIGKILL);  // whatever of the group is left (tsx, esbuild)
  int status = 0;
  waitpid(pgid_, &status, 0);
  pgid_ = -1;
  gLaunchedGroup = -1;
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
}

}  // namespace wc
