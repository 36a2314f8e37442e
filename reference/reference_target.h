#pragma once
// The embedded reference target: a LangGraph-compatible API server that keeps the documented
// webhook promises (or breaks exactly one, in a fault mode). Runs in-process for the harness's
// default target and standalone as `webhook-conformance serve-reference`.
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "reference/config/reference_options.h"
#include "reference/config/webhook_config.h"
#include "reference/faults/faults.h"

namespace httplib {
class Server;
}

namespace wc::reference {

class RunEngine;
class WebhookSender;
class CronScheduler;

class ReferenceTarget {
 public:
  explicit ReferenceTarget(ReferenceOptions options = {});
  ~ReferenceTarget();
  ReferenceTarget(const ReferenceTarget&) = delete;
  ReferenceTarget& operator=(const ReferenceTarget&) = delete;

  // Binds (port 0: any free port) and serves on a background thread. False with one line saying
  // what to fix when the configuration is refused (unknown fault, a webhooks.headers template
  // naming an unset or unprefixed variable, a wrongly typed key) or binding fails.
  bool start(const std::string& host, int port, std::string* error);
  void stop();

  int port() const { return port_; }
  std::string baseUrl() const;
  // Until no webhook is queued, backing off or being sent (WebhookSender::awaitSettled): true
  // then; false at the deadline with *pending saying what was still under way.
  bool awaitDeliveriesSettled(std::chrono::steady_clock::time_point deadline,
                              std::string* pending) const;

 private:
  void installRoutes();

  ReferenceOptions options_;
  Fault fault_;
  WebhookConfig config_;
  std::string configError_;  // why the configuration was refused, "" when it is fine
  std::unique_ptr<WebhookSender> sender_;
  std::unique_ptr<RunEngine> engine_;
  std::unique_ptr<CronScheduler> crons_;
  std::unique_ptr<httplib::Server> server_;
  std::thread listener_;
  std::string host_;
  int port_ = 0;
};

}  // namespace wc::reference
