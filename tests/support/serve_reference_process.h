#pragma once
// `webhook-conformance serve-reference --port 0 ...` as a child process: its URL read from the
// first stdout line, signals sent to it, its exit awaited with a deadline (killed after it).
// (runProcess() only returns once the child has ended.)
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace wc::reliability {

class ServeReferenceProcess {
 public:
  explicit ServeReferenceProcess(std::vector<std::string> extraArgs = {});
  ~ServeReferenceProcess();  // SIGKILLs a child still running
  ServeReferenceProcess(const ServeReferenceProcess&) = delete;
  ServeReferenceProcess& operator=(const ServeReferenceProcess&) = delete;

  // Reads stdout until `text` has appeared (or the deadline): true when it did.
  bool awaitStdout(const std::string& text, std::chrono::milliseconds timeout);
  // The base URL from "reference target listening on http://127.0.0.1:PORT"; "" if none came.
  std::string awaitUrl(std::chrono::milliseconds timeout);
  int port() const;
  pid_t pid() const { return pid_; }
  void signal(int sig);

  // Waits for the exit (both pipes closed, then waitpid); exit code, or -1 on the deadline.
  int awaitExit(std::chrono::milliseconds timeout);
  const std::string& err() const { return err_; }
  const std::string& out() const { return out_; }

 private:
  using Clock = std::chrono::steady_clock;
  // One poll over the open pipes; false on the deadline.
  bool readSome(Clock::time_point deadline);

  pid_t pid_ = -1;
  int outFd_ = -1, errFd_ = -1;
  bool exited_ = false;
  std::string out_, err_;
};

}  // namespace wc::reliability
