#include "cli/session.h"

#include <filesystem>
#include <fstream>

#include "cli/exit_codes.h"
#include "launch/langgraph_js_launcher.h"
#include "reference_target.h"
#include "support/target_config.h"
#include "util/url.h"

namespace wc {
namespace {

std::optional<nlohmann::json> loadJsonFile(const std::string& path, std::string* error) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    *error = "cannot read " + path + " (not a regular file)";
    return std::nullopt;
  }
  std::ifstream in(path);
  if (!in) {
    *error = "cannot read " + path;
    return std::nullopt;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    *error = path + " is not a JSON object (expected a langgraph.json)";
    return std::nullopt;
  }
  return parsed;
}

bool isHttpUrl(const std::string& text) {
  auto url = parseUrl(text);
  return url && (url->scheme == "http" || url->scheme == "https") && !url->host.empty();
}

}  // namespace

Session::~Session() { close(); }

void Session::close() {
  if (capture_) capture_->stop();
  if (embedded_) embedded_->stop();
  if (launched_) launched_->stop();
}

std::unique_ptr<Session> openSession(const RunCommandOptions& o, int* exitCode,
                                     std::string* error) {
  auto fail = [&](int code, const std::string& message) {
    *exitCode = code;
    *error = message;
    return nullptr;
  };
  if (o.jobs < 1) return fail(kExitUsage, "--jobs must be at least 1");
  if (!(o.timeoutScale > 0)) return fail(kExitUsage, "--timeout-scale must be a positive number");
  if (!o.target.empty() && !isHttpUrl(o.target))
    return fail(kExitUsage, "--target must be an http(s) URL, got '" + o.target + "'");
  if (!o.target.empty() && !o.referenceFault.empty())
    return fail(kExitUsage, "--reference-fault applies to the embedded reference; drop --target");
  if (!o.referenceFault.empty() && !reference::isKnownFault(o.referenceFault))
    return fail(kExitUsage, "--reference-fault: unknown fault mode '" + o.referenceFault +
                                "'; valid: " + reference::faultNameList());
  if (!o.callbackUrl.empty() && !isHttpUrl(o.callbackUrl))
    return fail(kExitUsage, "--callback-url must be an http(s) URL, got '" + o.callbackUrl + "'");

  std::unique_ptr<Session> session(new Session());
  ClientOptions client;
  client.apiKey = o.apiKey;
  session->redactor_.addSecret(o.apiKey);
  for (const auto& h : o.headers) {
    std::string name, value;
    if (!parseHeader(h, &name, &value))
      return fail(kExitUsage, "--header must look like 'Name: value', got '" + h + "'");
    client.headers.emplace_back(name, value);
    session->redactor_.addSecret(value);
  }

  TargetProfile profile;
  profile.destructive = o.destructive;
  profile.timeoutScale = o.timeoutScale;
  if (!o.targetConfig.empty()) {
    std::string why;
    profile.targetConfig = loadJsonFile(o.targetConfig, &why);
    if (!profile.targetConfig) return fail(kExitUsage, "--target-config: " + why);
    // webhooks.headers values (templates resolved) are secrets: never in a report or log.
    for (const auto& value : configuredWebhookHeaderValues(*profile.targetConfig))
      session->redactor_.addSecret(value);
  }

  if (!o.launch.empty()) {
    if (o.launch != "langgraph-js")
      return fail(kExitUsage, "--launch: unknown server '" + o.launch + "' (known: langgraph-js)");
    if (!o.target.empty()) return fail(kExitUsage, "--launch and --target exclude each other");
    LaunchOptions lo;
    lo.projectDir = o.launchDir.empty() ? defaultLangGraphJsDir() : o.launchDir;
    session->launched_ = std::make_unique<LangGraphJsServer>();
    std::string why;
    if (!session->launched_->start(lo, &why))
      return fail(why.find("npm install") != std::string::npos ? kExitUsage : kExitUnreachable, why);
    client.baseUrl = session->launched_->baseUrl();
  } else if (o.target.empty()) {
    reference::ReferenceOptions ro;
    if (profile.targetConfig) ro.langgraphConfig = *profile.targetConfig;
    ro.fault = o.referenceFault;
    ro.timing = reference::fastDeliveryTiming();  // failure cases stay fast; cases never rely on it
    ro.log = !o.quiet;
    session->embedded_ = std::make_unique<reference::ReferenceTarget>(ro);
    std::string why;
    if (!session->embedded_->start("127.0.0.1", 0, &why)) return fail(kExitUsage, why);
    client.baseUrl = session->embedded_->baseUrl();
    profile.embeddedReference = true;
    profile.referenceFault = o.referenceFault;
  } else {
    client.baseUrl = o.target;
  }
  profile.baseUrl = client.baseUrl;

  ClientOptions probe = client;  // preflight answers fast or not at all
  probe.connectTimeout = std::chrono::seconds(5);
  probe.readTimeout = std::chrono::seconds(8);
  if (auto why = preflight(TargetClient(probe), o.assistants, &profile); !why.empty())
    return fail(kExitUnreachable, session->redactor_.redact(why));

  CaptureOptions co;
  co.bindAddress = o.captureBind;
  co.port = o.capturePort;
  co.callbackBaseUrl = o.callbackUrl;
  session->capture_ = std::make_shared<CaptureServer>(co);
  std::string why;
  if (!session->capture_->start(&why))
    return fail(kExitUsage, why + " (check --capture-bind/--capture-port)");
  session->environment_ =
      std::make_unique<Environment>(TargetClient(client), session->capture_, profile);
  return session;
}

}  // namespace wc
