#pragma once
// What one run is given: the target, the capture server, the cases and the reports. The CLI
// fills it from flags; the session library never sees a flag.
#include <string>
#include <vector>

#include "session/preflight.h"

namespace wc {

struct SessionOptions {
  std::string target;  // "" -> the embedded reference target
  std::string launch;     // "langgraph-js": start that server for the run
  std::string launchDir;  // its project directory ("" -> fixtures/langgraph-js)
  AssistantChoice assistants;
  std::string apiKey;      // --api-key; see session/api_key.h for the file and the environment
  std::string apiKeyFile;  // --api-key-file
  std::vector<std::string> headers;  // "Name: value"
  // --webhook-secret-file: verifies webhook signatures; the embedded reference signs with it.
  std::string webhookSecretFile;
  std::string caFile;  // --ca-file: verifies the target's certificate ("" -> the system's CAs)
  std::string callbackUrl;
  // --relay URL: webhooks go to that relay (`capture --relay`) and are pulled back from it;
  // the shared secret from --relay-token-file or WEBHOOK_CONFORMANCE_RELAY_TOKEN.
  std::string relayUrl, relayTokenFile;
  std::string captureBind = "127.0.0.1";
  int capturePort = 0;
  std::string captureTlsCert, captureTlsKey;  // PEM files: the capture server serves HTTPS
  std::string targetConfig;
  std::string reportDir = "reports";
  std::string junitPath;  // overrides <report-dir>/junit.xml (--gtest_output=xml:PATH)
  std::vector<std::string> filters;
  // On the harness's own deployment, the configuration instances the selected cases need.
  // Load mode judges no case and runs on the default instance alone.
  bool configurationInstances = true;
  bool strict = false;
  bool destructive = false;
  std::string expectedFailures;
  int jobs = 32;
  double timeoutScale = 1.0;
  std::string referenceFault;
  std::string platformVersion;  // --platform-version: judge as this langgraph-api version
  std::string emulateVersion;   // --emulate-version: the embedded reference's version
  bool dryRun = false;
  bool quiet = false;  // no progress lines (tests)
  bool failFast = false;     // stop at the first case that breaks the gate
  bool rerunFailed = false;  // only the fail/error/stale/interrupted cases of <report-dir>/report.json
  std::string annotations = "auto";  // GitHub workflow commands: auto, github, none
  bool noStepSummary = false;        // do not append summary.md to $GITHUB_STEP_SUMMARY
  bool cleanup = false;  // delete what the run created on the target when it ends
  std::string color = "auto";        // console colour: auto, always, never (console_style.h)
};

// Parses "Name: value"; false when there is no colon or the name is empty.
bool parseHeader(const std::string& text, std::string* name, std::string* value);

}  // namespace wc
