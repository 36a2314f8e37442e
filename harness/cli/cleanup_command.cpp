#include "cli/cleanup_command.h"

#include <CLI/CLI.hpp>

#include <cctype>
#include <iostream>

#include "session/api_key.h"
#include "cli/usage_error.h"
#include "cli/run_command.h"
#include "client/created_resources.h"
#include "report/redactor.h"

namespace wc {

CLI::App* addCleanupCommand(CLI::App& app, CleanupCommandOptions* o) {
  auto* cmd = app.add_subcommand(
      "cleanup", "Delete the threads and crons webhook-conformance created on a deployment "
                 "(found by their metadata created_by: webhook-conformance)");
  cmd->add_option("--target", o->target, "LangGraph API base URL of the deployment")->required();
  cmd->add_option("--run", o->conformanceRun,
                  "Only what this run created (its conformance_run id, printed by `run` and in "
                  "report.json); default: every run's");
  cmd->add_flag("--dry-run", o->dryRun, "List what would be deleted; delete nothing");
  cmd->add_option("--api-key", o->apiKey,
                  "Sent as x-api-key (default: --api-key-file, else $LANGGRAPH_API_KEY, "
                  "$LANGSMITH_API_KEY, $LANGCHAIN_API_KEY); never printed");
  cmd->add_option("--api-key-file", o->apiKeyFile, "Read the API key from this file");
  cmd->add_option("--header", o->headers, "Extra header for the target's API, 'Name: value'");
  cmd->add_option("--ca-file", o->caFile,
                  "PEM CA bundle that verifies the target's TLS certificate (a private CA; default: the system's CAs). Proxies: https_proxy, http_proxy, no_proxy from the environment; loopback always direct");
  return cmd;
}

int cleanupCommand(const CleanupCommandOptions& o) {
  Redactor redactor;
  redactor.addSecretsFromUrl(o.target);
  if (auto why = baseUrlProblem(o.target); !why.empty())
    return usageError("--target " + why + ", got '" + redactor.redact(o.target).substr(0, 200) + "'");
  for (char c : o.conformanceRun)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
      return usageError("--run must be a conformance_run id (letters, digits, - and _)");
  std::string error;
  auto key = resolveApiKey(o.apiKey, o.apiKeyFile, processEnvironment(), &error);
  if (!key) return usageError(error);
  ClientOptions client;
  client.baseUrl = o.target;
  client.apiKey = key->value;
  redactor.addSecret(key->value);
  for (const auto& h : o.headers) {
    std::string name, value;
    if (h.find_first_of(std::string("\r\n\0", 3)) != std::string::npos || !parseHeader(h, &name, &value))
      return usageError("--header must look like 'Name: value' on one line");
    client.headers.emplace_back(name, value);
    redactor.addSecret(value);
  }
  if (auto problem = caFileProblem(o.caFile); !problem.empty()) return usageError(problem);
  client.caFile = o.caFile;
  client.callBudget = std::chrono::seconds(15);
  const auto target = TargetClient(client).withDeadline(std::chrono::steady_clock::now() +
                                                        std::chrono::seconds(120));
  CleanupOptions co;
  co.conformanceRun = o.conformanceRun;
  co.dryRun = o.dryRun;
  auto done = cleanUpCreated(target, co);
  for (const auto& id : done.threads) std::cout << "thread " << id << "\n";
  for (const auto& id : done.crons) std::cout << "cron " << id << "\n";
  std::cout << redactor.redact(describeCleanup(done, co)) << "\n";
  if (done.complete()) return kExitConformant;
  for (const auto& p : done.problems) std::cerr << "webhook-conformance: cleanup: " << redactor.redact(p) << "\n";
  const bool nothingAnswered = done.threads.empty() && done.crons.empty();
  return nothingAnswered ? kExitUnreachable : kExitFailures;
}

}  // namespace wc
