#pragma once
// One conformance session: the target (embedded reference or a deployment), the capture server
// and the shared environment the cases run in. `run` and the ctest driver both open one.
#include <memory>
#include <string>

#include "cli/run_command.h"
#include "report/redactor.h"
#include "runner/environment.h"

namespace wc {
class LangGraphJsServer;
namespace reference {
class ReferenceTarget;
}

class Session {
 public:
  ~Session();
  Environment& environment() { return *environment_; }
  const TargetProfile& profile() const { return environment_->profile(); }
  const Redactor& redactor() const { return redactor_; }
  void close();  // stops the capture server and the embedded reference

 private:
  friend std::unique_ptr<Session> openSession(const RunCommandOptions&, int*, std::string*);
  Session() = default;
  std::unique_ptr<reference::ReferenceTarget> embedded_;
  std::unique_ptr<LangGraphJsServer> launched_;
  std::shared_ptr<CaptureServer> capture_;
  std::unique_ptr<Environment> environment_;
  Redactor redactor_;
};

// Validates the options, starts what is needed and checks the target. On failure returns null
// with the exit code (2 usage/configuration, 3 unreachable) and one line saying what to fix.
std::unique_ptr<Session> openSession(const RunCommandOptions& options, int* exitCode,
                                     std::string* error);

}  // namespace wc
