// openSession, step by step: check the options, gather the client's settings and the secrets,
// start the target, check it, start the capture servers, then the environments the cases run in.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "launch/langgraph_js_launcher.h"
#include "launch/langgraph_js_versions.h"
#include "live/relay_protocol.h"
#include "reference/reference_target.h"
#include "runner/runner.h"
#include "session/api_key.h"
#include "session/callback_probe.h"
#include "session/configuration_instances.h"
#include "session/exit_codes.h"
#include "session/reference_log.h"
#include "session/relay_puller.h"
#include "session/session.h"
#include "client/created_resources.h"
#include "support/target_config.h"
#include "util/bounded_json.h"
#include "util/deployment_config_forms.h"
#include "util/env_templates.h"
#include "util/self_signed_cert.h"
#include "util/url.h"
#include "reference/config/webhook_config.h"

namespace wc {
namespace {

bool hasLineBreak(const std::string& text) {
  return text.find_first_of("\r\n") != std::string::npos || text.find('\0') != std::string::npos;
}

// A report directory that cannot be written is found before the run, not after it.
std::string reportDirProblem(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return "cannot create " + dir + ": " + ec.message();
  auto probe = std::filesystem::path(dir) / (".write-test-" + std::to_string(::getpid()));
  {
    std::ofstream out(probe);
    if (!out || !(out << "x") || !out.flush()) return "cannot write into " + dir;
  }
  std::filesystem::remove(probe, ec);
  return "";
}

// A signing secret: short ones are refused, since the redactor cannot mask them safely.
std::optional<std::string> readWebhookSecret(const std::string& path, std::string* error) {
  constexpr size_t kMaxSecretBytes = 4096, kMinSecretBytes = 8;
  std::string text;
  if (!readBoundedFile(path, kMaxSecretBytes, &text, error)) return std::nullopt;
  const auto first = text.find_first_not_of(" \t\r\n");
  text = first == std::string::npos ? "" : text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  if (text.size() < kMinSecretBytes || hasLineBreak(text)) {
    *error = path + " must hold one secret of at least " + std::to_string(kMinSecretBytes) +
             " bytes on one line";
    return std::nullopt;
  }
  return text;
}

}  // namespace

// Each step returns false after fail() (or usage()): the problem's exit code and its line, what
// it learnt for the exit-3 reports handed to the hooks.
class SessionOpener {
 public:
  SessionOpener(const SessionOptions& options, const SessionHooks& hooks)
      : o_(options), hooks_(hooks), session_(new Session()) {}

  std::unique_ptr<Session> open(int* exitCode, std::string* error) {
    session_->cancellation_ = hooks_.cancellation ? hooks_.cancellation : std::make_shared<Cancellation>();
    const bool opened = checkOptions() && clientSettings() && readTargetFiles() && startTarget() &&
                        checkTarget() && startCapture() && startEnvironments();
    if (opened) return std::move(session_);
    *exitCode = exitCode_;
    *error = error_;
    if (hooks_.knownProfile) *hooks_.knownProfile = profile_;
    if (hooks_.redactor) *hooks_.redactor = session_->redactor_;
    return nullptr;
  }

 private:
  bool fail(const Problem& problem) {
    exitCode_ = exitCodeFor(problem.kind);
    error_ = problem.message;
    return false;
  }
  bool usage(const std::string& message) { return fail({ProblemKind::Usage, message}); }

  // Every option against its limit, and the secrets the options name (relay token, API key).
  bool checkOptions() {
    Redactor shown;  // for echoing what the user gave back in an error line
    shown.addSecretsFromUrl(o_.target);
    shown.addSecretsFromUrl(o_.callbackUrl);
    if (o_.jobs < 1 || o_.jobs > kMaxJobs)
      return usage("--jobs must be between 1 and " + std::to_string(kMaxJobs));
    if (!std::isfinite(o_.timeoutScale) || o_.timeoutScale < kMinTimeoutScale ||
        o_.timeoutScale > kMaxTimeoutScale)
      return usage("--timeout-scale must be a number from 0.1 to 100");
    if (o_.capturePort < 0 || o_.capturePort > 65535)
      return usage("--capture-port must be 0-65535 (0: any free port), got " +
                                  std::to_string(o_.capturePort));
    if (!o_.target.empty())
      if (auto why = baseUrlProblem(o_.target); !why.empty())
        return usage("--target " + why + ", got '" + shown.redact(o_.target) + "'");
    if (!o_.target.empty() && !o_.referenceFault.empty())
      return usage("--reference-fault applies to the embedded reference; drop --target");
    if (!o_.referenceFault.empty() && !reference::isKnownFault(o_.referenceFault))
      return usage("--reference-fault: unknown fault mode '" + o_.referenceFault +
                                  "'; valid: " + reference::faultNameList());
    if (!o_.callbackUrl.empty())
      if (auto why = baseUrlProblem(o_.callbackUrl); !why.empty())
        return usage("--callback-url " + why + ", got '" + shown.redact(o_.callbackUrl) + "'");
    if (!checkRelay(shown)) return false;
    std::string keyError;
    apiKey_ = resolveApiKey(o_.apiKey, o_.apiKeyFile, processEnvironment(), &keyError);
    if (!apiKey_) return usage(keyError);
    if (!o_.reportDir.empty())
      if (auto why = reportDirProblem(o_.reportDir); !why.empty())
        return usage("--report-dir: " + why);
    if (!o_.platformVersion.empty() && !parseVersionTriple(o_.platformVersion))
      return usage("--platform-version must look like MAJOR.MINOR.PATCH (e.g. 0.7.45), "
                              "got '" + o_.platformVersion.substr(0, 64) + "'");
    if (!o_.emulateVersion.empty() && (!o_.target.empty() || !o_.launch.empty()))
      return usage("--emulate-version applies to the embedded reference; drop --target/--launch");
    if (o_.captureTlsCert.empty() != o_.captureTlsKey.empty())
      return usage("--capture-tls-cert and --capture-tls-key go together (PEM files)");
    if (auto problem = caFileProblem(o_.caFile); !problem.empty()) return usage(problem);
    return true;
  }

  // --relay: an origin, not beside --callback-url, and its shared secret.
  bool checkRelay(const Redactor& shown) {
    if (o_.relayUrl.empty()) {
      if (!o_.relayTokenFile.empty()) return usage("--relay-token-file goes with --relay URL");
      return true;
    }
    if (auto why = baseUrlProblem(o_.relayUrl); !why.empty())
      return usage("--relay " + why + ", got '" + shown.redact(o_.relayUrl) + "'");
    if (!o_.callbackUrl.empty())
      return usage("--relay and --callback-url exclude each other (the relay is the callback)");
    auto scheme = o_.relayUrl.find("://");
    auto path = o_.relayUrl.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    if (path != std::string::npos && o_.relayUrl.find_first_not_of('/', path) != std::string::npos)
      return usage("--relay takes the relay's origin (scheme://host:port), no path");
    std::string why;
    auto token = readRelayToken(o_.relayTokenFile, &why);
    if (!token) return usage("--relay: " + why);
    relayToken_ = *token;
    session_->redactor_.addSecret(relayToken_);
    return true;
  }

  // What every call to the target carries (key, headers, this run's tag), its secrets redacted.
  bool clientSettings() {
    auto& redactor = session_->redactor_;
    client_.apiKey = apiKey_->value;
    client_.caFile = o_.caFile;
    session_->conformanceRun_ = newConformanceRunId();
    client_.creationMetadata = creationTag(session_->conformanceRun_);
    client_.cancellation = session_->cancellation_;
    redactor.addSecret(apiKey_->value);
    redactor.addSecretHeaderName("x-api-key");
    redactor.addSecretHeaderName("authorization");
    redactor.addSecretsFromUrl(o_.target);
    redactor.addSecretsFromUrl(o_.callbackUrl);
    for (const auto& h : o_.headers) {
      std::string name, value;
      if (hasLineBreak(h))
        return usage("--header must not contain CR, LF or NUL (one header per flag)");
      if (!parseHeader(h, &name, &value))
        return usage("--header must look like 'Name: value', got '" +
                                    h.substr(0, h.find(':')) + ": ...'");
      client_.headers.emplace_back(name, value);
      redactor.addSecret(value);
      redactor.addSecretHeaderName(name);
    }
    return true;
  }

  // --webhook-secret-file and --target-config: what the cases are told the target is set up with.
  bool readTargetFiles() {
    auto& redactor = session_->redactor_;
    if (!o_.webhookSecretFile.empty()) {
      std::string why;
      auto secret = readWebhookSecret(o_.webhookSecretFile, &why);
      if (!secret) return usage("--webhook-secret-file: " + why);
      profile_.webhookSecret = *secret;
      redactor.addSecret(*secret);
      if (secret->rfind("whsec_", 0) == 0) redactor.addSecret(secret->substr(6));
    }
    profile_.destructive = o_.destructive;
    profile_.timeoutScale = o_.timeoutScale;
    if (o_.targetConfig.empty()) return true;
    std::string why;
    profile_.targetConfig =
        readDeploymentConfig(o_.targetConfig, processEnvironment(), kConfigFileLimits, &why);
    if (!profile_.targetConfig) return usage("--target-config: " + why);
    const std::string form = isEnvForm(o_.targetConfig)
                                 ? std::string(kHttpVariable) + "/" + kWebhooksVariable
                                 : "langgraph.json";
    // The same shape checks whatever the target: a deployment resolves the ${{ env.VAR }}
    // templates from its own environment, so here any variable counts as set.
    auto anyVariableSet = [](const std::string&) { return std::optional<std::string>("set"); };
    if (!reference::loadWebhookConfig(*profile_.targetConfig, false, &why, anyVariableSet))
      return usage("--target-config: " + form + " refused: " + why);
    // webhooks.headers values (templates resolved) are secrets: never in a report or log; by
    // name too, since the deployment may resolve templates from variables we do not have.
    for (const auto& value : configuredWebhookHeaderValues(*profile_.targetConfig))
      redactor.addSecret(value);
    for (const auto& name : configuredWebhookHeaderNames(*profile_.targetConfig))
      redactor.addSecretHeaderName(name);
    return true;
  }

  // The target behind one interface: a launched LangGraph.js server, the embedded reference, or
  // the URL given. The first two are the harness's own deployment.
  bool startTarget() {
    // The harness starts the target itself (the embedded reference or --launch) and the user gave
    // no configuration of theirs: it is its own deployment, so it judges the configuration cases
    // too (configuration instances), and its default instance allows the loopback webhooks the
    // capture server needs (0.10.0 on).
    const bool ownDeployment = o_.target.empty() && !profile_.targetConfig;
    if (ownDeployment) profile_.targetConfig = defaultEmbeddedConfig();
    // A launched server's destructive cases always run on the destructive instance, never beside
    // the others on the default one, --destructive or not: there they kill real workers. (The
    // embedded reference's default instance keeps --destructive: its tests run cases on it alone.)
    if (ownDeployment && !o_.launch.empty()) profile_.destructive = false;
    // delivery.https: a throwaway certificate for a TLS capture server, trusted by the target the
    // harness starts (serve-reference --webhook-ca-file; NODE_EXTRA_CA_CERTS for Node).
    if (o_.target.empty()) {
      session_->certificate_ = std::make_unique<SelfSignedCertificate>();
      if (std::string why; !session_->certificate_->create(&why)) return usage(why);
    }
    if (!o_.launch.empty()) {
      if (!launchLangGraphJs()) return false;
    } else if (o_.target.empty()) {
      if (!startEmbeddedReference()) return false;
    } else {
      client_.baseUrl = o_.target;
    }
    if (ownDeployment) profile_.instance = "default";
    profile_.baseUrl = client_.baseUrl;
    return true;
  }

  bool launchLangGraphJs() {
    // langgraph-js (fixtures/langgraph-js or --launch-dir) or langgraph-js@VERSION (its pinned
    // project); an unknown server or version is a usage error naming the known ones.
    LaunchOptions lo;
    std::string unknown;
    if (!resolveLangGraphJsLaunch(o_.launch, o_.launchDir, &lo, &unknown))
      return usage(unknown);
    if (!o_.target.empty()) return usage("--launch and --target exclude each other");
    // It runs with the configuration the cases are told it has (the project's langgraph.json
    // with --target-config, or the default configuration, merged over it).
    if (profile_.targetConfig) lo.configuration = *profile_.targetConfig;
    lo.environment.emplace_back("NODE_EXTRA_CA_CERTS", session_->certificate_->certFile());
    startInstance_ = langGraphJsInstances(lo, o_.reportDir);
    // The server's output is part of the run's record: beside the reports, never in the tree.
    if (!o_.reportDir.empty()) lo.logPath = o_.reportDir + "/langgraph-dev.log";
    session_->launched_ = std::make_unique<LangGraphJsServer>();
    if (auto problem = session_->launched_->start(lo))
      return fail(*problem);
    client_.baseUrl = session_->launched_->baseUrl();
    return true;
  }

  bool startEmbeddedReference() {
    reference::ReferenceOptions ro;
    ro.langgraphConfig = *profile_.targetConfig;
    if (std::string why; !reference::emulateVersion(
            &ro, o_.emulateVersion.empty() ? kNewestPlatformVersion : o_.emulateVersion, &why))
      return usage(why);
    ro.fault = o_.referenceFault;
    ro.webhookSigningSecret = profile_.webhookSecret;
    // Short timeouts so failure cases end fast; the cases' windows follow (knownDelivery).
    ro.timing = reference::harnessDeliveryTiming(o_.timeoutScale);
    profile_.knownDelivery = KnownDeliveryTiming{ro.timing.readTimeout, ro.timing.backoffBase,
                                                 ro.timing.maxAttempts};
    // Its lines go to reference.log beside the reports, never into the progress line.
    if (!o_.reportDir.empty()) {
      session_->referenceLog_ = std::make_unique<ReferenceLog>(o_.reportDir + "/reference.log");
      ro.logSink = [log = session_->referenceLog_.get()](const std::string& line) { log->write(line); };
    }
    ro.log = !o_.quiet || ro.logSink;
    ro.webhookCaFile = session_->certificate_->certFile();
    startInstance_ = referenceInstances(ro);
    session_->embedded_ = std::make_unique<reference::ReferenceTarget>(ro);
    std::string why;
    if (!session_->embedded_->start("127.0.0.1", 0, &why)) return usage(why);
    client_.baseUrl = session_->embedded_->baseUrl();
    profile_.embeddedReference = true;
    profile_.referenceFault = o_.referenceFault;
    return true;
  }

  // Preflight, then the promises the cases judge by.
  bool checkTarget() {
    ClientOptions probe = client_;  // preflight answers fast or not at all
    probe.connectTimeout = std::chrono::seconds(5);
    probe.readTimeout = std::chrono::seconds(8);
    probe.callBudget = std::chrono::seconds(8);
    // /ok, /info and /assistants/search share one budget: exit 3 within 15 s whatever the target
    // does (drips, heartbeats, endless bodies).
    auto preflightClient =
        TargetClient(probe).withDeadline(std::chrono::steady_clock::now() + kPreflightBudget);
    auto checked = preflight(preflightClient, o_.assistants,
                             apiKey_->value.empty() ? "" : apiKey_->source, &profile_);
    if (checked.stop != PreflightStop::None)
      return fail({problemKindOf(checked.stop), session_->redactor_.redact(checked.message)});
    profile_.platform = platformProfileOf(profile_.info, o_.platformVersion);
    return true;
  }

  // The capture server (a second one on TLS for a target the harness starts), the relay puller,
  // and the probe that proves webhooks can come back.
  bool startCapture() {
    auto& capture = session_->capture_;
    capture = std::make_shared<CaptureServer>(captureOptionsFrom(o_));
    std::string why;
    if (!capture->start(&why))
      return usage(why + " (check --capture-bind/--capture-port/--capture-tls-*)");
    if (session_->certificate_) {
      CaptureOptions tls;
      tls.tlsCertFile = session_->certificate_->certFile();
      tls.tlsKeyFile = session_->certificate_->keyFile();
      httpsCapture_ = std::make_shared<CaptureServer>(tls);
      if (!httpsCapture_->start(&why)) return usage(why);
    }
    if (!o_.relayUrl.empty()) {
      session_->relayPuller_ = std::make_unique<RelayPuller>(
          RelayPullerOptions{o_.relayUrl, relayToken_, o_.caFile}, *capture, session_->cancellation_);
      session_->relayPuller_->start();
      // The relay answers the deployment: a case's programmed answer must be the relay's.
      capture->setOnRouteResponse(
          [puller = session_->relayPuller_.get()](const std::string& route, const RouteResponse& response) {
            puller->programRoute(route, response);
          });
    }
    // Nothing has been created on the target yet: a callback URL that cannot bring webhooks back,
    // or alters them, ends the run here, not after minutes of timeouts blamed on the target.
    // Through a relay the probe goes there and comes back with the puller, like every webhook.
    if (auto problem = probeCallback(*capture, client_.cancellation); !problem.empty()) {
      if (session_->relayPuller_ && !session_->relayPuller_->lastProblem().empty())
        problem += "; pulling from the relay: " + session_->relayPuller_->lastProblem();
      return fail({ProblemKind::Unreachable, session_->redactor_.redact(problem)});
    }
    profile_.httpsCallback = httpsCapture_ || capture->urlFor("").rfind("https://", 0) == 0;
    return true;
  }

  // The default instance's environment, and on the harness's own deployment the configuration
  // instances the selected cases need.
  bool startEnvironments() {
    auto& environment = session_->environment_;
    environment = std::make_unique<Environment>(TargetClient(client_), session_->capture_, profile_);
    environment->setHttpsCapture(httpsCapture_);
    if (auto* reference = session_->embedded_.get())
      environment->setDeliveriesSettledWait(
          [reference](std::chrono::steady_clock::time_point deadline, std::string* pending) {
            return reference->awaitDeliveriesSettled(deadline, pending);
          });
    if (profile_.instance.empty() || !o_.configurationInstances) return true;
    std::string why;
    session_->configurations_ = startConfigurationInstances(
        selectCases(allCases(), o_.filters), environment->profile(), startInstance_, o_.assistants,
        client_, session_->capture_, &session_->redactor_, &why);
    if (!why.empty())
      return fail({o_.launch.empty() ? ProblemKind::Usage : ProblemKind::Unreachable,
                   session_->redactor_.redact(why)});
    for (auto& c : session_->configurations_) c.environment->setHttpsCapture(httpsCapture_);
    return true;
  }

  const SessionOptions& o_;
  const SessionHooks& hooks_;
  std::unique_ptr<Session> session_;
  TargetProfile profile_;
  ClientOptions client_;
  std::optional<ApiKey> apiKey_;
  std::string relayToken_;
  InstanceStarter startInstance_;
  std::shared_ptr<CaptureServer> httpsCapture_;
  int exitCode_ = kExitConformant;
  std::string error_;
};

std::unique_ptr<Session> openSession(const SessionOptions& options, int* exitCode,
                                     std::string* error, const SessionHooks& hooks) {
  return SessionOpener(options, hooks).open(exitCode, error);
}

}  // namespace wc
