#include "launch/langgraph_js_launcher.h"

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

#include "launch/langgraph_js_versions.h"
#include "launch/launch_project.h"

namespace wc {
namespace {

// The groups to kill from the signal handler: a fixed table, async-signal-safe access only.
constexpr int kMaxLaunchedGroups = 32;
std::atomic<pid_t> gLaunchedGroups[kMaxLaunchedGroups];
std::atomic<int> gLaunchedCount{0};

void killAllGroups() {
  for (auto& slot : gLaunchedGroups) {
    pid_t group = slot.load();
    if (group > 0) kill(-group, SIGKILL);
  }
}

void stopOnSignal(int sig) {
  killAllGroups();
  signal(sig, SIG_DFL);
  raise(sig);
}

// The handlers are installed while at least one server runs.
bool registerGroup(pid_t group) {
  for (auto& slot : gLaunchedGroups) {
    pid_t empty = 0;
    if (slot.compare_exchange_strong(empty, group)) {
      if (gLaunchedCount.fetch_add(1) == 0) {
        signal(SIGINT, stopOnSignal);
        signal(SIGTERM, stopOnSignal);
        signal(SIGHUP, stopOnSignal);
      }
      return true;
    }
  }
  return false;
}

void unregisterGroup(pid_t group) {
  for (auto& slot : gLaunchedGroups) {
    pid_t expected = group;
    if (slot.compare_exchange_strong(expected, 0)) {
      if (gLaunchedCount.fetch_sub(1) == 1) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
      }
      return;
    }
  }
}

}  // namespace

void killLaunchedServerNow() { killAllGroups(); }

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

// The log is bounded: a server that logs without end stops being copied, never stops running.
constexpr size_t kMaxLogBytes = 64u << 20;

void copyToLog(int logFd, const char* data, ssize_t n, size_t* copied) {
  if (logFd < 0 || *copied >= kMaxLogBytes) return;
  size_t take = std::min(static_cast<size_t>(n), kMaxLogBytes - *copied);
  if (::write(logFd, data, take) > 0) *copied += take;
}

bool answersOk(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(std::chrono::milliseconds(500));
  client.set_read_timeout(std::chrono::seconds(2));
  auto res = client.Get("/ok");
  return res && res->status == 200;
}

}  // namespace

LangGraphJsServer::LangGraphJsServer() = default;
LangGraphJsServer::~LangGraphJsServer() { stop(); }

MaybeProblem LangGraphJsServer::start(const LaunchOptions& options) {
  namespace fs = std::filesystem;
  const fs::path dir = options.projectDir;
  const fs::path cli = dir / "node_modules/@langchain/langgraph-cli/dist/cli/cli.mjs";
  auto fail = [&](ProblemKind kind, const std::string& why) {
    project_.reset();
    return Problem{kind, "--launch " + options.label + ": " + why};
  };
  const auto usage = ProblemKind::Usage;
  const auto unreachable = ProblemKind::Unreachable;
  if (!fs::exists(dir / "langgraph.json")) return fail(usage, "no langgraph.json in " + dir.string());
  if (!fs::exists(cli))
    return fail(usage, cli.string() + " is missing; run `npm install` in " + dir.string() + " first");
  if (!options.expectedVersion.empty()) {
    std::string installed = installedLangGraphApiVersion(dir.string());
    if (installed != options.expectedVersion)
      return fail(usage, dir.string() + "/node_modules holds @langchain/langgraph-api " +
                  (installed.empty() ? "(unreadable)" : installed) + ", not " +
                  options.expectedVersion + "; run `npm install` in " + dir.string());
  }
  project_ = std::make_unique<LaunchProject>();
  if (std::string why; !project_->create(dir.string(), options.configuration, &why))
    return fail(unreachable, why);
  port_ = freeLoopbackPort();
  if (port_ <= 0) return fail(unreachable, "no free loopback port");
  const std::string log =
      options.logPath.empty()
          ? (fs::temp_directory_path() / ("langgraph-dev-" + std::to_string(getpid()) + "-" +
                                          std::to_string(port_) + ".log"))
                .string()
          : options.logPath;
  // Everything the child needs is built here: between fork and exec only async-signal-safe
  // calls, since other threads (other servers starting) may hold locks at fork time.
  // Ours replace the inherited ones of the same name (getenv would see the first).
  std::vector<std::pair<std::string, std::string>> ours = {
      {"LANGGRAPH_CLI_NO_ANALYTICS", "1"},  // else it sends telemetry off-machine
      {"BROWSER", "none"},
      {"LANGSMITH_TRACING", "false"}};
  ours.insert(ours.end(), options.environment.begin(), options.environment.end());
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    auto name = entry.substr(0, entry.find('='));
    if (std::none_of(ours.begin(), ours.end(), [&](const auto& o) { return o.first == name; }))
      env.push_back(std::move(entry));
  }
  for (const auto& [name, value] : ours) env.push_back(name + "=" + value);
  const std::string port = std::to_string(port_), config = project_->configPath(),
                    cwd = project_->dir(), cliPath = cli.string();
  std::vector<std::string> args = {"node", cliPath, "dev", "--host", "127.0.0.1", "--port", port,
                                   "--no-browser", "--config", config};
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  // Its stderr goes to the log directly; its stdout (where it logs requests and errors) comes
  // through a pipe that wakes the readiness wait below, and is copied into the log too.
  const int logFd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  int pipeFds[2];
  if (pipe2(pipeFds, O_CLOEXEC) != 0) {
    if (logFd >= 0) close(logFd);
    return fail(unreachable, std::string("pipe: ") + std::strerror(errno));
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    close(pipeFds[0]);
    close(pipeFds[1]);
    if (logFd >= 0) close(logFd);
    return fail(unreachable, std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    sigset_t none;  // `run` blocks SIGINT/SIGTERM for its signal thread; exec keeps the mask
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    setpgid(0, 0);                         // its own group: stop() kills node and its children
    prctl(PR_SET_PDEATHSIG, SIGKILL);      // and it dies with us even if we are SIGKILLed
    if (getppid() != parent) _exit(127);
    if (logFd >= 0) dup2(logFd, STDERR_FILENO);
    dup2(pipeFds[1], STDOUT_FILENO);
    if (chdir(cwd.c_str()) != 0) _exit(127);
    execvpe("node", argv.data(), envp.data());
    _exit(127);
  }
  close(pipeFds[1]);
  setpgid(pid, pid);  // also from here, so the group exists before we could signal it
  pgid_ = pid;
  if (!registerGroup(pid)) {
    stop();
    return fail(unreachable, "more than " + std::to_string(kMaxLaunchedGroups) + " servers at once");
  }

  // Wait for readiness: woken by the server's output (it prints as it starts), re-checking /ok
  // after each output line or every 250 ms, until the deadline. The server gives no other event.
  auto deadline = std::chrono::steady_clock::now() + options.readyDeadline;
  bool ready = false;
  bool outputOpen = true;
  size_t logged = 0;
  int exitFd = openPidFd(pid);
  char buf[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      unregisterGroup(pgid_);
      pgid_ = -1;
      project_.reset();
      close(pipeFds[0]);
      if (logFd >= 0) close(logFd);
      if (exitFd >= 0) close(exitFd);
      return Problem{unreachable, "--launch " + options.label +
                                      ": the server exited during startup (status " +
                                      std::to_string(WEXITSTATUS(status)) + "); see " + log};
    }
    pollfd fds[2] = {{outputOpen ? pipeFds[0] : -1, POLLIN, 0}, {exitFd, POLLIN, 0}};
    if (poll(fds, 2, 250) > 0 && (fds[0].revents & (POLLIN | POLLHUP))) {
      ssize_t n = read(pipeFds[0], buf, sizeof buf);
      if (n <= 0) outputOpen = false;
      else copyToLog(logFd, buf, n, &logged);
    }
    if (answersOk(port_)) {
      ready = true;
      break;
    }
  }
  if (exitFd >= 0) close(exitFd);
  // Keep draining its stdout so the server never blocks on a full pipe.
  std::thread([fd = pipeFds[0], logFd, logged] {
    char sink[4096];
    size_t copied = logged;
    for (ssize_t n; (n = read(fd, sink, sizeof sink)) > 0;) copyToLog(logFd, sink, n, &copied);
    close(fd);
    if (logFd >= 0) close(logFd);
  }).detach();
  if (!ready) {
    stop();
    return Problem{unreachable, "--launch " + options.label + ": GET /ok did not answer within " +
                                    std::to_string(options.readyDeadline.count()) + " s; see " + log};
  }
  return std::nullopt;
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
  unregisterGroup(pgid_);
  pgid_ = -1;
  project_.reset();  // the server's state goes with it
}

}  // namespace wc
