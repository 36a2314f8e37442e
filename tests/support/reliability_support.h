#pragma once
// Helpers the reliability tests share: a raw TCP connection (to send what no HTTP client would)
// and a child process run with a deadline (to prove the CLI ends, with a code and a message).
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace wc::reliability {

// One TCP connection to 127.0.0.1:port with blocking I/O bounded by a deadline.
class RawConnection {
 public:
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Sends all bytes; false when the peer has closed or reset the connection.
  bool send(const std::string& bytes);
  // Reads until the peer closes the connection or `timeout` passes. *closed says which.
  std::string readUntilClosed(std::chrono::milliseconds timeout, bool* closed);
  // Reads until a response head has arrived, the peer closes, or `timeout` passes.
  std::string readResponseHead(std::chrono::milliseconds timeout, bool* closed);

 private:
  std::string read(std::chrono::milliseconds timeout, bool* closed, bool headOnly);
  int fd_ = -1;
};

// What is left of the time until `deadline`, in ms, as a poll() timeout (0 once it has passed).
int msLeftUntil(std::chrono::steady_clock::time_point deadline);

// A listening TCP socket on 127.0.0.1 at a free port, written to *port; -1 on failure. For the
// loopback peers tests write by hand (stalling, recording): the caller accepts and closes it.
int listenOnLoopback(int* port);

// A loopback port nothing listens on (bound for a moment, never listened on, then released).
int unusedPort();

// "HTTP/1.1 400 Bad Request\r\n..." -> 400; 0 when the text holds no status line.
int statusOf(const std::string& response);

struct ProcessResult {
  int exitCode = -1;  // -1: killed at the deadline or by a signal
  bool timedOut = false;
  std::string out, err;
  std::chrono::milliseconds took{0};
};

// Runs argv[0] with arguments, killing it (and reporting timedOut) at the deadline.
ProcessResult runProcess(const std::vector<std::string>& argv, std::chrono::milliseconds deadline);

// Starts argv[0] with its stdout and stderr on pipes and returns its pid, the pipes' read ends in
// *out and *err; -1 when the pipes or the process cannot be made.
pid_t spawnWithOutputPipes(const std::vector<std::string>& argv, int* out, int* err);

// For a forked child, once its stdout/stderr are in place: becomes argv[0] run with argv, or
// exits 127 (as a shell does) when that cannot start, so the parent sees an exit code either way.
[[noreturn]] void execOrExit127(const std::vector<std::string>& argv);

}  // namespace wc::reliability
