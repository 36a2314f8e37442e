#include "cli/run_command.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/exit_codes.h"
#include "reference_target.h"
#include "report/junit_report.h"
#include "runner/runner.h"
#include "util/url.h"

namespace wc {
namespace {

int usageError(const std::string& message) {
  std::cerr << "webhook-conformance: " << message << "\n";
  return kExitUsage;
}

std::optional<nlohmann::json> loadJsonFile(const std::string& path, std::string* error) {
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

void printProgress(const Progress& p, bool tty) {
  const auto* r = p.finished;
  if (tty) {
    std::cerr << "\r\033[K[" << p.done << "/" << p.total << "] failures: " << p.failures;
    if (!p.slowestRunning.empty()) std::cerr << "  waiting on: " << p.slowestRunning;
    if (p.done == p.total) std::cerr << "\n";
    std::cerr << std::flush;
  } else if (r) {
    std::cerr << "[" << p.done << "/" << p.total << "] " << toString(r->verdict) << " "
              << r->info.id << " (" << r->duration.count() << " ms)\n";
  }
}

}  // namespace

bool parseHeader(const std::string& text, std::string* name, std::string* value) {
  auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  *name = text.substr(0, colon);
  auto v = text.substr(colon + 1);
  auto first = v.find_first_not_of(" \t");
  *value = first == std::string::npos ? "" : v.substr(first);
  return true;
}

int runCommand(const RunCommandOptions& o) {
  if (o.jobs < 1) return usageError("--jobs must be at least 1");
  if (!(o.timeoutScale > 0)) return usageError("--timeout-scale must be a positive number");
  if (!o.target.empty()) {
    auto url = parseUrl(o.target);
    if (!url || (url->scheme != "http" && url->scheme != "https") || url->host.empty())
      return usageError("--target must be an http(s) URL, got '" + o.target + "'");
    if (!o.referenceFault.empty())
      return usageError("--reference-fault applies to the embedded reference; drop --target");
  }
  if (!o.callbackUrl.empty()) {
    auto url = parseUrl(o.callbackUrl);
    if (!url || (url->scheme != "http" && url->scheme != "https") || url->host.empty())
      return usageError("--callback-url must be an http(s) URL, got '" + o.callbackUrl + "'");
  }
  RunReport report;
  report.toolVersion = WC_VERSION;
  report.strict = o.strict;
  report.startedAt = std::chrono::system_clock::now();
  auto started = std::chrono::steady_clock::now();

  ClientOptions client;
  client.apiKey = o.apiKey;
  report.redactor.addSecret(o.apiKey);
  for (const auto& h : o.headers) {
    std::string name, value;
    if (!parseHeader(h, &name, &value))
      return usageError("--header must look like 'Name: value', got '" + h + "'");
    client.headers.emplace_back(name, value);
    report.redactor.addSecret(value);
  }

  TargetProfile& profile = report.profile;
  profile.destructive = o.destructive;
  profile.timeoutScale = o.timeoutScale;
  if (!o.targetConfig.empty()) {
    std::string error;
    profile.targetConfig = loadJsonFile(o.targetConfig, &error);
    if (!profile.targetConfig) return usageError("--target-config: " + error);
  }

  std::unique_ptr<reference::ReferenceTarget> embedded;
  if (o.target.empty()) {
    reference::ReferenceOptions ro;
    if (profile.targetConfig) ro.langgraphConfig = *profile.targetConfig;
    ro.fault = o.referenceFault;
    embedded = std::make_unique<reference::ReferenceTarget>(ro);
    std::string error;
    if (!embedded->start("127.0.0.1", 0, &error)) return usageError(error);
    client.baseUrl = embedded->baseUrl();
    profile.embeddedReference = true;
    profile.referenceFault = o.referenceFault;
  } else {
    client.baseUrl = o.target;
  }
  profile.baseUrl = client.baseUrl;
  TargetClient targetClient(client);

  ClientOptions probe = client;  // preflight answers fast or not at all
  probe.connectTimeout = std::chrono::seconds(5);
  probe.readTimeout = std::chrono::seconds(8);
  if (auto why = preflight(TargetClient(probe), o.assistants, &profile); !why.empty()) {
    std::cerr << "webhook-conformance: " << report.redactor.redact(why) << "\n";
    return kExitUnreachable;
  }

  CaptureOptions co;
  co.bindAddress = o.captureBind;
  co.port = o.capturePort;
  co.callbackBaseUrl = o.callbackUrl;
  auto capture = std::make_shared<CaptureServer>(co);
  std::string error;
  if (!capture->start(&error)) return usageError(error + " (check --capture-bind/--capture-port)");

  auto selected = selectCases(allCases(), o.filters);
  if (selected.empty()) return usageError("--filter matched no case (see `webhook-conformance list`)");
  if (o.dryRun) {
    for (const auto* c : selected) {
      auto why = skipReason(c->info, profile);
      std::cout << (why ? "skip " : "run  ") << c->info.id << (why ? "  -- " + *why : "") << "\n";
    }
    return kExitConformant;
  }

  Environment env(targetClient, capture, profile);
  RunOptions ro;
  ro.jobs = o.jobs;
  bool tty = isatty(STDERR_FILENO);
  if (!o.quiet) ro.onProgress = [tty](const Progress& p) { printProgress(p, tty); };
  report.results = runCases(selected, env, ro);
  report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  capture->stop();
  if (embedded) embedded->stop();

  std::error_code ec;
  std::filesystem::create_directories(o.reportDir, ec);
  auto junit = o.junitPath.empty() ? o.reportDir + "/junit.xml" : o.junitPath;
  if (!writeJunitReport(report, junit, &error)) return usageError(error);

  auto counts = countVerdicts(report.results);
  bool gateBroken = false;
  for (const auto& r : report.results) {
    if (!breaksGate(r.verdict, o.strict)) continue;
    gateBroken = true;
    std::cout << toString(r.verdict) << " " << r.info.id << ": "
              << report.redactor.redact(r.message) << "\n";
  }
  std::cout << counts.total << " cases: " << counts.pass << " pass, " << counts.fail << " fail, "
            << counts.warn << " warn, " << counts.info << " info, " << counts.skip << " skip, "
            << counts.error << " error in " << report.duration.count() << " ms; reports in "
            << o.reportDir << "\n";
  return gateBroken ? kExitFailures : kExitConformant;
}

}  // namespace wc
