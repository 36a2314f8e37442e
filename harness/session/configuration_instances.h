#pragma once
// Configuration instances (README "Configuration instances"). When the harness starts the target
// itself — the embedded reference, or a server it launches (--launch) — and the user gave no
// --target-config, it judges every case: it starts one more target per configuration that a
// selected case needs, and each case runs on the first instance that meets its needs. The default
// instance comes first; then one per file of fixtures/configs/ (compiled in); then a destructive
// one, so that the cases that may tie up workers never share a target with the others; then
// private-ips-disabled, for the one case that needs that switch.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "session/preflight.h"
#include "session/session_options.h"
#include "report/redactor.h"
#include "runner/case.h"
#include "runner/environment.h"

namespace wc {

namespace reference {
struct ReferenceOptions;
}  // namespace reference
struct LaunchOptions;

struct EmbeddedConfiguration {
  const char* name;                // the instance's name in reports
  const char* file;                // fixtures/configs/<file>; "" for none
  std::string_view langgraphJson;  // the file's content, compiled in; "" for none
  bool destructive;                // runs the destructive cases
};
// "default" first, then the configurations in the order cases are matched to them.
const std::vector<EmbeddedConfiguration>& embeddedConfigurations();
// fixtures/configs/default.json: the default (and destructive) instance's langgraph.json.
nlohmann::json defaultEmbeddedConfig();

// The variable fixtures/configs/headers.json templates. When it is unset, the run sets it to a
// fresh random value (a canary: it must arrive in the header and never appear in a report).
constexpr const char* kHeadersCanaryVariable = "LG_WEBHOOK_CONFORMANCE_CANARY";

// One started target of a configuration: an embedded reference or a launched server.
class InstanceTarget {
 public:
  virtual ~InstanceTarget() = default;
  virtual std::string baseUrl() const = 0;
  virtual void stop() = 0;
  // Environment::DeliveriesSettledWait for this target; null when it cannot say (a launched server).
  virtual Environment::DeliveriesSettledWait deliveriesSettledWait() { return nullptr; }
};
// Starts a target running `langgraphJson` for configuration `c`; null with *error on failure.
// Called from several threads at once (the instances start concurrently).
using InstanceStarter = std::function<std::unique_ptr<InstanceTarget>(
    const EmbeddedConfiguration& c, const nlohmann::json& langgraphJson, std::string* error)>;
// Embedded references like `base`, with the configuration's langgraph.json.
InstanceStarter referenceInstances(const reference::ReferenceOptions& base);
// LangGraph.js servers like `base`, each with its configuration merged over the project's
// langgraph.json and its log at <logDir>/langgraph-dev-<instance>.log (temp dir when "").
InstanceStarter langGraphJsInstances(const LaunchOptions& base, const std::string& logDir);

struct ConfigurationInstance {
  std::unique_ptr<InstanceTarget> target;
  std::unique_ptr<Environment> environment;
  std::string file;  // fixtures/configs/<file>
};

// Starts the instances beyond the default one that `cases` need: those a case cannot run on
// `primary` but can on the configuration (each judged by the case's own needs), all at once,
// each checked by the same preflight (with `assistants`), sharing `capture` and the client
// options (cancellation included). Header values of every configuration started are added to
// `redactor`. Empty with *error set when one cannot start.
std::vector<ConfigurationInstance> startConfigurationInstances(
    const std::vector<const CaseDef*>& cases, const TargetProfile& primary,
    const InstanceStarter& start, const AssistantChoice& assistants, const ClientOptions& client,
    const std::shared_ptr<CaptureServer>& capture, Redactor* redactor, std::string* error);

}  // namespace wc
