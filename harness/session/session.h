#pragma once
// One conformance session: the target (embedded reference or a deployment), the capture server
// and the shared environment the cases run in. `run` and the ctest driver both open one.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "runner/case.h"

#include "session/session_options.h"
#include "report/redactor.h"
#include "runner/environment.h"

namespace wc {

class Cancellation;
class SelfSignedCertificate;
class LangGraphJsServer;
class ReferenceLog;
class RelayPuller;
namespace reference {
class ReferenceTarget;
}

struct SessionHooks {
  // Stops the session's calls (preflight included) when cancelled; a fresh one when null.
  std::shared_ptr<Cancellation> cancellation;
  // When openSession fails after it knew the target: what it learnt (exit-3 reports).
  TargetProfile* knownProfile = nullptr;
  Redactor* redactor = nullptr;  // the secrets it registered, for those reports
};

struct ConfigurationInstance;

class Session {
 public:
  ~Session();
  // The target; on the embedded reference with configuration instances, the default instance.
  Environment& environment() { return *environment_; }
  // Where a case runs: the first instance that meets its needs (the default one when none does,
  // and always when the session has a single target).
  Environment& environmentFor(const CaseDef& def);
  // Every instance, the default one first: name ("" for a single target) and config file.
  struct Instance {
    std::string name, configFile, baseUrl;
    const Environment* environment;
  };
  std::vector<Instance> instances() const;
  // Requests the capture servers recorded in the whole session (webhooks, whatever their route).
  size_t webhooksReceived();
  // The URL webhooks are sent to (the capture server's advertised base, no route).
  std::string callbackBase() const;
  // With --relay, this run's webhooks the relay dropped over its limits before they were pulled.
  size_t webhooksDroppedByRelay() const;
  const TargetProfile& profile() const { return environment_->profile(); }
  const Redactor& redactor() const { return redactor_; }
  // This run's id, in the metadata of everything it creates on the target (client/created_resources.h).
  const std::string& conformanceRun() const { return conformanceRun_; }
  // Cancelled by the first SIGINT/SIGTERM or the run's bound: cases stop, reports get written.
  const std::shared_ptr<Cancellation>& cancellation() const { return cancellation_; }
  void close();  // stops the capture server and the embedded reference
  // Where the embedded reference's lines went ("" when it logged nothing or logs to stderr).
  std::string referenceLogMention() const;

 private:
  friend class SessionOpener;  // openSession's steps (session_opener.cpp)
  Session();
  // First: it outlives every reference that writes to it.
  std::unique_ptr<ReferenceLog> referenceLog_;
  std::unique_ptr<SelfSignedCertificate> certificate_;  // the embedded run's TLS capture server's
  std::unique_ptr<reference::ReferenceTarget> embedded_;
  std::unique_ptr<LangGraphJsServer> launched_;
  std::shared_ptr<CaptureServer> capture_;
  std::unique_ptr<RelayPuller> relayPuller_;  // --relay: brings capture_'s webhooks back
  std::unique_ptr<Environment> environment_;
  std::vector<ConfigurationInstance> configurations_;  // beyond the default instance
  Redactor redactor_;
  std::shared_ptr<Cancellation> cancellation_;
  std::string conformanceRun_;
};

// Limits on what the user hands us; the README's flag table states them.
constexpr int kMaxJobs = 256;
constexpr double kMinTimeoutScale = 0.1, kMaxTimeoutScale = 100;
constexpr std::chrono::seconds kPreflightBudget{12};
// A langgraph.json: kConfigFileLimits (util/bounded_json.h), shared with serve-reference --config.

// Validates the options, starts what is needed and checks the target. On failure returns null
// with the exit code (2 usage/configuration, 3 unreachable) and one line saying what to fix.
std::unique_ptr<Session> openSession(const SessionOptions& options, int* exitCode,
                                     std::string* error, const SessionHooks& hooks = {});

// The capture server the --capture-* and --callback-url flags describe (run and load).
CaptureOptions captureOptionsFrom(const SessionOptions& options);

}  // namespace wc
