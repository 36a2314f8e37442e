#pragma once
// The embedded reference's configuration instances (README "Configuration instances"). With no
// --target, --launch or --target-config the harness is its own deployment, so it judges every
// case: it starts one more reference per configuration that a selected case needs, and each case
// runs on the first instance that meets its needs. The default instance comes first; then one per
// file of fixtures/configs/ (compiled in); then a destructive one, so that the cases that may tie
// up workers never share a target with the others.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/run_command.h"
#include "report/redactor.h"
#include "runner/case.h"
#include "runner/environment.h"

namespace wc {

namespace reference {
class ReferenceTarget;
struct ReferenceOptions;
}  // namespace reference

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

struct ConfigurationInstance {
  std::unique_ptr<reference::ReferenceTarget> reference;
  std::unique_ptr<Environment> environment;
  std::string file;  // fixtures/configs/<file>
};

// Starts the instances beyond the default one that `cases` need: those a case cannot run on
// `primary` but can on the configuration (each judged by the case's own needs). Each is a
// reference like `base` with the configuration's langgraph.json, checked by the same preflight,
// sharing `capture` and the client options (cancellation included). Header values of every
// configuration started are added to `redactor`. Empty with *error set when one cannot start.
std::vector<ConfigurationInstance> startConfigurationInstances(
    const std::vector<const CaseDef*>& cases, const TargetProfile& primary,
    const reference::ReferenceOptions& base, const ClientOptions& client,
    const std::shared_ptr<CaptureServer>& capture, Redactor* redactor, std::string* error);

}  // namespace wc
