#pragma once
// `webhook-conformance capture` as a child process the reliability tests can talk to while it
// runs: started on a free port, its port read from the listening line, signalled, awaited with a
// deadline. (runProcess() only returns once the child has ended.)
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace wc::reliability {

class CaptureProcess {
 public:
  // Starts `WC_BINARY capture --port 0 <extra>` and waits (up to 10 s) for its listening line.
  explicit CaptureProcess(const std::vector<std::string>& extraArgs = {});
  ~CaptureProcess();  // SIGKILLs a child still running
  CaptureProcess(const CaptureProcess&) = delete;
  CaptureProcess& operator=(const CaptureProcess&) = delete;

  int port() const { return port_; }  // 0 when it never said where it listens
  pid_t pid() const { return pid_; }
  bool running();
  void signal(int sig);
  // Waits for the exit; false (child killed) when it is still running after `deadline`.
  bool awaitExit(std::chrono::milliseconds deadline, int* exitCode);
  // Everything it printed so far (stdout).
  std::string output();

 private:
  void drain(int timeoutMs);
  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
  bool exited_ = false;
  std::string text_;
};

}  // namespace wc::reliability
