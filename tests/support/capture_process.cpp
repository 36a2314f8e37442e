#include "capture_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "reliability_support.h"

namespace wc::reliability {

using Clock = std::chrono::steady_clock;

CaptureProcess::CaptureProcess(const std::vector<std::string>& extraArgs) {
  int pipeFds[2];
  if (::pipe2(pipeFds, O_CLOEXEC) != 0) return;
  std::vector<std::string> argv = {WC_BINARY, "capture", "--port", "0"};
  argv.insert(argv.end(), extraArgs.begin(), extraArgs.end());
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(pipeFds[1], STDOUT_FILENO);
    execOrExit127(argv);
  }
  ::close(pipeFds[1]);
  out_ = pipeFds[0];
  const std::string marker = "listening on http://127.0.0.1:";
  for (auto until = Clock::now() + std::chrono::seconds(10); port_ == 0 && Clock::now() < until;) {
    drain(100);
    auto at = text_.find(marker);
    if (at == std::string::npos) continue;
    auto end = text_.find_first_not_of("0123456789", at + marker.size());
    if (end != std::string::npos) port_ = std::stoi(text_.substr(at + marker.size(), end - at - marker.size()));
  }
}

CaptureProcess::~CaptureProcess() {
  if (pid_ > 0 && !exited_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_ >= 0) ::close(out_);
}

void CaptureProcess::drain(int timeoutMs) {
  if (out_ < 0) return;
  pollfd p{out_, POLLIN, 0};
  if (::poll(&p, 1, timeoutMs) <= 0) return;
  char buffer[4096];
  auto n = ::read(out_, buffer, sizeof buffer);
  if (n > 0) text_.append(buffer, static_cast<size_t>(n));
}

bool CaptureProcess::running() {
  if (exited_ || pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    exited_ = true;
    return false;
  }
  return true;
}

void CaptureProcess::signal(int sig) {
  if (pid_ > 0 && !exited_) ::kill(pid_, sig);
}

bool CaptureProcess::awaitExit(std::chrono::milliseconds deadline, int* exitCode) {
  int status = 0;
  for (auto until = Clock::now() + deadline;;) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) break;
    if (Clock::now() > until) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      exited_ = true;
      return false;
    }
    drain(10);  // the pipe is the clock: no sleeping
  }
  exited_ = true;
  *exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  for (int i = 0; i < 100; ++i) {  // what it printed while stopping
    auto before = text_.size();
    drain(0);
    if (text_.size() == before) break;
  }
  return true;
}

std::string CaptureProcess::output() {
  drain(0);
  return text_;
}

}  // namespace wc::reliability
