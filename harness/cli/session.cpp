#include "cli/session.h"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "cli/api_key.h"
#include "cli/callback_probe.h"
#include "client/created_resources.h"
#include "cli/configuration_instances.h"
#include "cli/exit_codes.h"
#include "cli/launch/langgraph_js_launcher.h"
#include "cli/launch/langgraph_js_versions.h"
#include "cli/reference_log.h"
#include "cli/relay_protocol.h"
#include "cli/relay_puller.h"
#include "reference/config/webhook_config.h"
#include "reference/reference_target.h"
#include "runner/runner.h"
#include "support/target_config.h"
#include "util/bounded_json.h"
#include "util/deployment_config_forms.h"
#include "util/env_templates.h"
#include "util/self_signed_cert.h"
#include "util/url.h"

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

Session::Session() = default;
Session::~Session() { close(); }

std::string Session::referenceLogMention() const {
  return referenceLog_ ? referenceLog_->mention() : "";
}

Environment& Session::environmentFor(const CaseDef& def) {
  if (!def.unmetNeed || !def.unmetNeed(environment_->profile())) return *environment_;
  for (auto& c : configurations_)
    if (!def.unmetNeed(c.environment->profile())) return *c.environment;
  return *environment_;
}

std::vector<Session::Instance> Session::instances() const {
  std::vector<Instance> out = {{profile().instance, profile().instance == "default" ? "default.json" : "",
                                profile().baseUrl, environment_.get()}};
  for (const auto& c : configurations_)
    out.push_back({c.environment->profile().instance, c.file, c.environment->profile().baseUrl,
                   c.environment.get()});
  return out;
}

size_t Session::webhooksReceived() {
  size_t n = capture_ ? capture_->totalReceived() : 0;
  if (auto* tls = environment_ ? environment_->httpsCapture() : nullptr; tls && tls != capture_.get())
    n += tls->totalReceived();
  return n;
}

std::string Session::callbackBase() const {
  if (!capture_) return "";
  auto url = capture_->urlFor("");
  auto hook = url.find("/hook/");
  return hook == std::string::npos ? url : url.substr(0, hook);
}

void Session::close() {
  // Each stop waits for its own threads and connections (tens of ms for a reference instance);
  // they share nothing, so they run at once: the run's end waits for the slowest, not the sum.
  if (relayPuller_) {  // before the capture server it injects into
    relayPuller_->stop();
    if (capture_) capture_->setOnRouteResponse(nullptr);  // the cases are over
  }
  std::vector<std::thread> stops;
  if (environment_) stops.emplace_back([this] { environment_->stopCapture(); });
  else if (capture_) stops.emplace_back([this] { capture_->stop(); });
  for (auto& c : configurations_) stops.emplace_back([&c] { c.target->stop(); });
  if (embedded_) stops.emplace_back([this] { embedded_->stop(); });
  if (launched_) stops.emplace_back([this] { launched_->stop(); });
  for (auto& t : stops) t.join();
}

CaptureOptions captureOptionsFrom(const RunCommandOptions& o) {
  CaptureOptions co;
  co.bindAddress = o.captureBind;
  co.port = o.capturePort;
  co.callbackBaseUrl = o.callbackUrl;
  if (!o.relayUrl.empty()) {  // the relay is the callback; this run's routes under their own prefix
    co.callbackBaseUrl = o.relayUrl;
    co.routePrefix = newRelayRoutePrefix();
  }
  co.tlsCertFile = o.captureTlsCert;
  co.tlsKeyFile = o.captureTlsKey;
  return co;
}

std::unique_ptr<Session> openSession(const RunCommandOptions& o, int* exitCode,
                                     std::string* error, const SessionHooks& hooks) {
  std::unique_ptr<Session> session(new Session());
  TargetProfile profile;
  auto fail = [&](int code, const std::string& message) {
    *exitCode = code;
    *error = message;
    if (hooks.knownProfile) *hooks.knownProfile = profile;
    if (hooks.redactor) *hooks.redactor = session->redactor_;
    return nullptr;
  };
  session->cancellation_ = hooks.cancellation ? hooks.cancellation : std::make_shared<Cancellation>();
  Redactor shown;  // for echoing what the user gave back in an error line
  shown.addSecretsFromUrl(o.target);
  shown.addSecretsFromUrl(o.callbackUrl);
  if (o.jobs < 1 || o.jobs > kMaxJobs)
    return fail(kExitUsage, "--jobs must be between 1 and " + std::to_string(kMaxJobs));
  if (!std::isfinite(o.timeoutScale) || o.timeoutScale < kMinTimeoutScale ||
      o.timeoutScale > kMaxTimeoutScale)
    return fail(kExitUsage, "--timeout-scale must be a number from 0.1 to 100");
  if (o.capturePort < 0 || o.capturePort > 65535)
    return fail(kExitUsage, "--capture-port must be 0-65535 (0: any free port), got " +
                                std::to_string(o.capturePort));
  if (!o.target.empty())
    if (auto why = baseUrlProblem(o.target); !why.empty())
      return fail(kExitUsage, "--target " + why + ", got '" + shown.redact(o.target) + "'");
  if (!o.target.empty() && !o.referenceFault.empty())
    return fail(kExitUsage, "--reference-fault applies to the embedded reference; drop --target");
  if (!o.referenceFault.empty() && !reference::isKnownFault(o.referenceFault))
    return fail(kExitUsage, "--reference-fault: unknown fault mode '" + o.referenceFault +
                                "'; valid: " + reference::faultNameList());
  if (!o.callbackUrl.empty())
    if (auto why = baseUrlProblem(o.callbackUrl); !why.empty())
      return fail(kExitUsage, "--callback-url " + why + ", got '" + shown.redact(o.callbackUrl) + "'");
  std::string relayToken;
  if (!o.relayUrl.empty()) {
    if (auto why = baseUrlProblem(o.relayUrl); !why.empty())
      return fail(kExitUsage, "--relay " + why + ", got '" + shown.redact(o.relayUrl) + "'");
    if (!o.callbackUrl.empty())
      return fail(kExitUsage, "--relay and --callback-url exclude each other (the relay is the callback)");
    auto scheme = o.relayUrl.find("://");
    auto path = o.relayUrl.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    if (path != std::string::npos && o.relayUrl.find_first_not_of('/', path) != std::string::npos)
      return fail(kExitUsage, "--relay takes the relay's origin (scheme://host:port), no path");
    std::string why;
    auto token = readRelayToken(o.relayTokenFile, &why);
    if (!token) return fail(kExitUsage, "--relay: " + why);
    relayToken = *token;
    session->redactor_.addSecret(relayToken);
  } else if (!o.relayTokenFile.empty()) {
    return fail(kExitUsage, "--relay-token-file goes with --relay URL");
  }
  std::string keyError;
  auto apiKey = resolveApiKey(o.apiKey, o.apiKeyFile, processEnvironment(), &keyError);
  if (!apiKey) return fail(kExitUsage, keyError);
  if (!o.reportDir.empty())
    if (auto why = reportDirProblem(o.reportDir); !why.empty())
      return fail(kExitUsage, "--report-dir: " + why);
  if (!o.platformVersion.empty() && !parseVersionTriple(o.platformVersion))
    return fail(kExitUsage, "--platform-version must look like MAJOR.MINOR.PATCH (e.g. 0.7.45), "
                            "got '" + o.platformVersion.substr(0, 64) + "'");
  if (!o.emulateVersion.empty() && (!o.target.empty() || !o.launch.empty()))
    return fail(kExitUsage, "--emulate-version applies to the embedded reference; drop --target/--launch");
  if (o.captureTlsCert.empty() != o.captureTlsKey.empty())
    return fail(kExitUsage, "--capture-tls-cert and --capture-tls-key go together (PEM files)");

  if (auto problem = caFileProblem(o.caFile); !problem.empty()) return fail(kExitUsage, problem);
  ClientOptions client;
  client.apiKey = apiKey->value;
  client.caFile = o.caFile;
  session->conformanceRun_ = newConformanceRunId();
  client.creationMetadata = creationTag(session->conformanceRun_);
  client.cancellation = session->cancellation_;
  session->redactor_.addSecret(apiKey->value);
  session->redactor_.addSecretHeaderName("x-api-key");
  session->redactor_.addSecretHeaderName("authorization");
  session->redactor_.addSecretsFromUrl(o.target);
  session->redactor_.addSecretsFromUrl(o.callbackUrl);
  for (const auto& h : o.headers) {
    std::string name, value;
    if (hasLineBreak(h))
      return fail(kExitUsage, "--header must not contain CR, LF or NUL (one header per flag)");
    if (!parseHeader(h, &name, &value))
      return fail(kExitUsage, "--header must look like 'Name: value', got '" +
                                  h.substr(0, h.find(':')) + ": ...'");
    client.headers.emplace_back(name, value);
    session->redactor_.addSecret(value);
    session->redactor_.addSecretHeaderName(name);
  }

  if (!o.webhookSecretFile.empty()) {
    std::string why;
    auto secret = readWebhookSecret(o.webhookSecretFile, &why);
    if (!secret) return fail(kExitUsage, "--webhook-secret-file: " + why);
    profile.webhookSecret = *secret;
    session->redactor_.addSecret(*secret);
    if (secret->rfind("whsec_", 0) == 0) session->redactor_.addSecret(secret->substr(6));
  }
  profile.destructive = o.destructive;
  profile.timeoutScale = o.timeoutScale;
  if (!o.targetConfig.empty()) {
    std::string why;
    profile.targetConfig =
        readDeploymentConfig(o.targetConfig, processEnvironment(), kConfigFileLimits, &why);
    if (!profile.targetConfig) return fail(kExitUsage, "--target-config: " + why);
    const std::string form = isEnvForm(o.targetConfig)
                                 ? std::string(kHttpVariable) + "/" + kWebhooksVariable
                                 : "langgraph.json";
    // The same shape checks whatever the target: a deployment resolves the ${{ env.VAR }}
    // templates from its own environment, so here any variable counts as set.
    auto anyVariableSet = [](const std::string&) { return std::optional<std::string>("set"); };
    if (!reference::loadWebhookConfig(*profile.targetConfig, false, &why, anyVariableSet))
      return fail(kExitUsage, "--target-config: " + form + " refused: " + why);
    // webhooks.headers values (templates resolved) are secrets: never in a report or log; by
    // name too, since the deployment may resolve templates from variables we do not have.
    for (const auto& value : configuredWebhookHeaderValues(*profile.targetConfig))
      session->redactor_.addSecret(value);
    for (const auto& name : configuredWebhookHeaderNames(*profile.targetConfig))
      session->redactor_.addSecretHeaderName(name);
  }

  // The harness starts the target itself (the embedded reference or --launch) and the user gave
  // no configuration of theirs: it is its own deployment, so it judges the configuration cases too
  // (configuration instances), and its default instance allows the loopback webhooks the capture
  // server needs (0.10.0 on).
  const bool ownDeployment = o.target.empty() && !profile.targetConfig;
  if (ownDeployment) profile.targetConfig = defaultEmbeddedConfig();
  // A launched server's destructive cases always run on the destructive instance, never beside
  // the others on the default one, --destructive or not: there they kill real workers. (The
  // embedded reference's default instance keeps --destructive: its tests run cases on it alone.)
  if (ownDeployment && !o.launch.empty()) profile.destructive = false;
  // delivery.https: a throwaway certificate for a TLS capture server, trusted by the target the
  // harness starts (serve-reference --webhook-ca-file; NODE_EXTRA_CA_CERTS for Node).
  if (o.target.empty()) {
    session->certificate_ = std::make_unique<SelfSignedCertificate>();
    if (std::string why; !session->certificate_->create(&why)) return fail(kExitUsage, why);
  }
  InstanceStarter startInstance;
  if (!o.launch.empty()) {
    // langgraph-js (fixtures/langgraph-js or --launch-dir) or langgraph-js@VERSION (its pinned
    // project); an unknown server or version is a usage error naming the known ones.
    LaunchOptions lo;
    std::string unknown;
    if (!resolveLangGraphJsLaunch(o.launch, o.launchDir, &lo, &unknown))
      return fail(kExitUsage, unknown);
    if (!o.target.empty()) return fail(kExitUsage, "--launch and --target exclude each other");
    // It runs with the configuration the cases are told it has (the project's langgraph.json
    // with --target-config, or the default configuration, merged over it).
    if (profile.targetConfig) lo.configuration = *profile.targetConfig;
    lo.environment.emplace_back("NODE_EXTRA_CA_CERTS", session->certificate_->certFile());
    startInstance = langGraphJsInstances(lo, o.reportDir);
    // The server's output is part of the run's record: beside the reports, never in the tree.
    if (!o.reportDir.empty()) lo.logPath = o.reportDir + "/langgraph-dev.log";
    session->launched_ = std::make_unique<LangGraphJsServer>();
    std::string why;
    if (!session->launched_->start(lo, &why))
      return fail(why.find("npm install") != std::string::npos ? kExitUsage : kExitUnreachable, why);
    client.baseUrl = session->launched_->baseUrl();
  } else if (o.target.empty()) {
    reference::ReferenceOptions ro;
    ro.langgraphConfig = *profile.targetConfig;
    if (std::string why; !reference::emulateVersion(
            &ro, o.emulateVersion.empty() ? kNewestPlatformVersion : o.emulateVersion, &why))
      return fail(kExitUsage, why);
    ro.fault = o.referenceFault;
    ro.webhookSigningSecret = profile.webhookSecret;
    // Short timeouts so failure cases end fast; the cases' windows follow (knownDelivery).
    ro.timing = reference::harnessDeliveryTiming(o.timeoutScale);
    profile.knownDelivery = KnownDeliveryTiming{ro.timing.readTimeout, ro.timing.backoffBase,
                                                ro.timing.maxAttempts};
    // Its lines go to reference.log beside the reports, never into the progress line.
    if (!o.reportDir.empty()) {
      session->referenceLog_ = std::make_unique<ReferenceLog>(o.reportDir + "/reference.log");
      ro.logSink = [log = session->referenceLog_.get()](const std::string& line) { log->write(line); };
    }
    ro.log = !o.quiet || ro.logSink;
    ro.webhookCaFile = session->certificate_->certFile();
    startInstance = referenceInstances(ro);
    session->embedded_ = std::make_unique<reference::ReferenceTarget>(ro);
    std::string why;
    if (!session->embedded_->start("127.0.0.1", 0, &why)) return fail(kExitUsage, why);
    client.baseUrl = session->embedded_->baseUrl();
    profile.embeddedReference = true;
    profile.referenceFault = o.referenceFault;
  } else {
    client.baseUrl = o.target;
  }
  if (ownDeployment) profile.instance = "default";
  profile.baseUrl = client.baseUrl;

  ClientOptions probe = client;  // preflight answers fast or not at all
  probe.connectTimeout = std::chrono::seconds(5);
  probe.readTimeout = std::chrono::seconds(8);
  probe.callBudget = std::chrono::seconds(8);
  // /ok, /info and /assistants/search share one budget: exit 3 within 15 s whatever the target
  // does (drips, heartbeats, endless bodies).
  auto preflightClient =
      TargetClient(probe).withDeadline(std::chrono::steady_clock::now() + kPreflightBudget);
  auto checked = preflight(preflightClient, o.assistants, apiKey->value.empty() ? "" : apiKey->source,
                           &profile);
  if (checked.stop != PreflightStop::None)
    return fail(exitCodeOf(checked.stop), session->redactor_.redact(checked.message));

  profile.platform = platformProfileOf(profile.info, o.platformVersion);

  session->capture_ = std::make_shared<CaptureServer>(captureOptionsFrom(o));
  std::string why;
  if (!session->capture_->start(&why))
    return fail(kExitUsage, why + " (check --capture-bind/--capture-port/--capture-tls-*)");
  std::shared_ptr<CaptureServer> httpsCapture;
  if (session->certificate_) {  // a target the harness starts: a second capture server, on TLS
    CaptureOptions tls;
    tls.tlsCertFile = session->certificate_->certFile();
    tls.tlsKeyFile = session->certificate_->keyFile();
    httpsCapture = std::make_shared<CaptureServer>(tls);
    if (!httpsCapture->start(&why)) return fail(kExitUsage, why);
  }
  if (!o.relayUrl.empty()) {
    session->relayPuller_ = std::make_unique<RelayPuller>(
        RelayPullerOptions{o.relayUrl, relayToken, o.caFile}, *session->capture_,
        session->cancellation_);
    session->relayPuller_->start();
    // The relay answers the deployment: a case's programmed answer must be the relay's.
    session->capture_->setOnRouteResponse(
        [puller = session->relayPuller_.get()](const std::string& route, const RouteResponse& response) {
          puller->programRoute(route, response);
        });
  }
  // Nothing has been created on the target yet: a callback URL that cannot bring webhooks back,
  // or alters them, ends the run here, not after minutes of timeouts blamed on the target. Through
  // a relay the probe goes there and comes back with the puller, like every webhook.
  if (auto problem = probeCallback(*session->capture_, client.cancellation); !problem.empty()) {
    if (session->relayPuller_ && !session->relayPuller_->lastProblem().empty())
      problem += "; pulling from the relay: " + session->relayPuller_->lastProblem();
    return fail(kExitUnreachable, session->redactor_.redact(problem));
  }
  profile.httpsCallback = httpsCapture || session->capture_->urlFor("").rfind("https://", 0) == 0;
  session->environment_ =
      std::make_unique<Environment>(TargetClient(client), session->capture_, profile);
  session->environment_->setHttpsCapture(httpsCapture);
  if (auto* reference = session->embedded_.get())
    session->environment_->setDeliveriesSettledWait(
        [reference](std::chrono::steady_clock::time_point deadline, std::string* pending) {
          return reference->awaitDeliveriesSettled(deadline, pending);
        });
  if (!profile.instance.empty()) {
    why.clear();
    session->configurations_ = startConfigurationInstances(
        selectCases(allCases(), o.filters), session->environment_->profile(), startInstance,
        o.assistants, client, session->capture_, &session->redactor_, &why);
    if (!why.empty())
      return fail(o.launch.empty() ? kExitUsage : kExitUnreachable, session->redactor_.redact(why));
    for (auto& c : session->configurations_) c.environment->setHttpsCapture(httpsCapture);
  }
  return session;
}

}  // namespace wc
