#pragma once
// `webhook-conformance capture`: a local webhook.site for LangGraph. Prints each webhook as it
// arrives with its verdicts, keeps them, serves a live view at GET / and exits cleanly on
// SIGINT/SIGTERM.
#include <memory>
#include <ostream>
#include <string>

#include "capture/capture_server.h"

namespace wc {

struct CaptureCommandOptions {
  std::string bind = "127.0.0.1";
  int port = 8765;  // 0: any free port
  std::string expectToken;
};

// The capture server with the UI pages and the console printer attached (tests drive this).
class LiveCapture {
 public:
  LiveCapture(CaptureCommandOptions options, std::ostream& out);
  bool start(std::string* error);
  void stop();
  int port() const { return server_->port(); }
  std::string baseUrl() const;
  size_t received() const { return server_->totalReceived(); }

 private:
  CaptureCommandOptions options_;
  std::ostream& out_;
  std::mutex outMutex_;  // guards out_: handler threads print concurrently
  std::unique_ptr<CaptureServer> server_;
};

// Returns the exit code: 0 after a signal, 2 when the address cannot be bound.
int captureCommand(const CaptureCommandOptions& options);

}  // namespace wc
