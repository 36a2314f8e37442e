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

#include <atomic>
#include <cstring>
#include <filesystem>
#include <thread>

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

LangGraphJsServer::~LangGraphJsServer() { stop(); }

bool LangGraphJsServer::start(const LaunchOptions& options, std::string* error) {
  namespace fs = std::filesystem;
  const fs::path dir = options.projectDir;
  const fs::path cli = dir / "node_modules/@langchain/langgraph-cli/dist/cli/cli.mjs";
  if (!fs::exists(dir / "langgraph.json")) {
    *error = "--launch langgraph-js: no langgraph.json in " + dir.string();
    return false;
  }
  if (!fs::exists(cli)) {
    *error = "--launch langgraph-js: " + cli.string() + " is missing; run `npm install` in " +
             dir.string() + " first";
    return false;
  }
  std::error_code ec;
  fs::remove_all(dir / ".langgraph_api", ec);  // every launch starts from a clean state
  port_ = freeLoopbackPort();
  if (port_ <= 0) {
    *error = "--launch langgraph-js: no free loopback port";
    return false;
  }
  std::string log = options.logPath.empty()
                        ? (std::filesystem::temp_directory_path() /
                           ("langgraph-dev-" + std::to_string(getpid()) + ".log"))
                              .string()
                        : options.logPath;
  int pipeFds[2];
  if (pipe2(pipeFds, O_CLOEXEC) != 0) {
    *error = std::string("--launch langgraph-js: pipe: ") + std::strerror(errno);
    return false;
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    *error = std::string("--launch langgraph-js: fork: ") + std::strerror(errno);
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
      *error = "--launch langgraph-js: the server exited during startup (status " +
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
    *error = "--launch langgraph-js: GET /ok did not answer within " +
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
