#include "serve_reference_process.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "reliability_support.h"

namespace wc::reliability {

ServeReferenceProcess::ServeReferenceProcess(std::vector<std::string> extraArgs) {
  std::vector<std::string> argv = {WC_BINARY, "serve-reference", "--port", "0"};
  argv.insert(argv.end(), extraArgs.begin(), extraArgs.end());
  pid_ = spawnWithOutputPipes(argv, &outFd_, &errFd_);
}

ServeReferenceProcess::~ServeReferenceProcess() {
  if (pid_ > 0 && !exited_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  for (int fd : {outFd_, errFd_})
    if (fd >= 0) ::close(fd);
}

bool ServeReferenceProcess::awaitStdout(const std::string& text,
                                        std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (out_.find(text) == std::string::npos) {
    if (!readSome(deadline)) return false;
  }
  return true;
}

std::string ServeReferenceProcess::awaitUrl(std::chrono::milliseconds timeout) {
  const std::string prefix = "reference target listening on ";
  if (!awaitStdout("\n", timeout) || out_.rfind(prefix, 0) != 0) return "";
  return out_.substr(prefix.size(), out_.find('\n') - prefix.size());
}

int ServeReferenceProcess::port() const {
  auto colon = out_.rfind(':', out_.find('\n'));
  return colon == std::string::npos ? 0 : std::atoi(out_.c_str() + colon + 1);
}

void ServeReferenceProcess::signal(int sig) { ::kill(pid_, sig); }

int ServeReferenceProcess::awaitExit(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (outFd_ >= 0 || errFd_ >= 0)
    if (!readSome(deadline)) return -1;
  int status = 0;
  ::waitpid(pid_, &status, 0);
  exited_ = true;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return WIFSIGNALED(status) ? 1000 + WTERMSIG(status) : -1;
}

bool ServeReferenceProcess::readSome(Clock::time_point deadline) {
  pollfd fds[2] = {{outFd_, POLLIN, 0}, {errFd_, POLLIN, 0}};
  if (outFd_ < 0 && errFd_ < 0) return false;
  if (::poll(fds, 2, msLeftUntil(deadline)) <= 0) return false;
  int* owned[2] = {&outFd_, &errFd_};
  std::string* sinks[2] = {&out_, &err_};
  for (int i = 0; i < 2; ++i) {
    if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    char buffer[4096];
    auto n = ::read(fds[i].fd, buffer, sizeof buffer);
    if (n <= 0) {
      ::close(*owned[i]);
      *owned[i] = -1;
    } else {
      sinks[i]->append(buffer, static_cast<size_t>(n));
    }
  }
  return true;
}

}  // namespace wc::reliability
