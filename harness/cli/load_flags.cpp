// The flags of `load` and `merge`. The target and capture flags are `run`'s, with the same
// meaning and limits (openSession checks them).
#include <CLI/CLI.hpp>

#include <cstdlib>

#include "cli/load_command.h"

namespace wc {

CLI::App* addLoadCommand(CLI::App& app, load::LoadOptions* o) {
  auto& s = o->session;
  auto* cmd = app.add_subcommand(
      "load", "Create many runs with webhooks and account for every webhook (lost, duplicated, "
              "payload, token, status), with latency percentiles and throughput");
  cmd->add_option("--target", s.target, "LangGraph API base URL (default: the embedded reference)");
  cmd->add_option("--launch", s.launch,
                  "Start this server for the load and stop it after: langgraph-js or "
                  "langgraph-js@VERSION (as `run --launch`)");
  cmd->add_option("--launch-dir", s.launchDir, "Project directory for --launch langgraph-js");
  cmd->add_option("--runs", o->runs, "Runs to create, 1-100000 (over all shards)")->capture_default_str();
  cmd->add_option("--concurrency", o->concurrency, "Runs in flight at once, 1-256")->capture_default_str();
  cmd->add_option("--rate", o->rate, "At most this many run creations per second (R or R/s, <= 10000)");
  cmd->add_option("--endpoint", o->endpoint,
                  "Endpoint that creates the runs: " + load::loadEndpointList() + " (not crons)")
      ->capture_default_str();
  cmd->add_option("--threads", o->threads,
                  "Spread a thread endpoint's runs over this many threads, enqueued on busy "
                  "ones (default 0: one thread per run)");
  cmd->add_option("--duration", o->durationSeconds,
                  "Stop creating runs after this many seconds (0: no limit); the rest are "
                  "reported not sent");
  cmd->add_option("--max-p99-ms", o->maxP99Ms,
                  "Latency budget: p99 of run creation -> webhook above it fails the gate");
  cmd->add_option("--shard", o->shard,
                  "i/n: this instance drives runs i-1, i-1+n, ... of --runs (several machines "
                  "drive one target; `merge` combines their load.json)");
  cmd->add_flag("--yes", o->yes, "Confirm more than 1000 real runs on a target you named");
  cmd->add_option("--assistant", s.assistants.assistant,
                  "Assistant or graph id for the runs (default: graph `echo`)");
  cmd->add_option("--api-key", s.apiKey,
                  "Sent as x-api-key (default: --api-key-file, else $LANGGRAPH_API_KEY, "
                  "$LANGSMITH_API_KEY, $LANGCHAIN_API_KEY); never printed");
  cmd->add_option("--api-key-file", s.apiKeyFile,
                  "Read the API key from this file (whitespace and quotes around it trimmed)");
  cmd->add_option("--header", s.headers, "Extra header for the target's API, 'Name: value' (repeatable)");
  cmd->add_option("--ca-file", s.caFile,
                  "PEM CA bundle that verifies the target's TLS certificate (a private CA; default: the system's CAs). Proxies: https_proxy, http_proxy, no_proxy from the environment; loopback always direct");
  cmd->add_option("--callback-url", s.callbackUrl, "Advertised base URL of the capture server");
  cmd->add_option("--capture-bind", s.captureBind, "Capture server bind address")->capture_default_str();
  cmd->add_option("--capture-port", s.capturePort, "Capture server port (0: any free port)")->capture_default_str();
  cmd->add_option("--capture-tls-cert", s.captureTlsCert, "PEM certificate: the capture server serves HTTPS");
  cmd->add_option("--capture-tls-key", s.captureTlsKey, "PEM private key of --capture-tls-cert");
  cmd->add_option("--timeout-scale", s.timeoutScale, "Multiply every wait and deadline, 0.1-100")->capture_default_str();
  cmd->add_option("--reference-fault", s.referenceFault, "Start the embedded reference with this fault mode");
  cmd->add_option("--report-dir", s.reportDir, "Directory for load.json, load.html, load-junit.xml")->capture_default_str();
  cmd->add_flag("--quiet", s.quiet, "No progress line");
  return cmd;
}

CLI::App* addMergeCommand(CLI::App& app, MergeCommandOptions* o) {
  auto* cmd = app.add_subcommand(
      "merge", "Combine runs: the report.json of conformance runs into one report and verdict, "
               "or the load.json files of a sharded load test into one accounting");
  cmd->add_option("files", o->files, "report dirs (or their report.json / load.json)")->required();
  cmd->add_option("--report-dir", o->reportDir, "Directory for the merged reports")->capture_default_str();
  cmd->add_option("--max-p99-ms", o->maxP99Ms, "Latency budget (default: the shards')");
  cmd->add_flag("--strict", o->strict, "report.json runs: SHOULD warnings fail (default: as the runs were)");
  cmd->add_option("--annotations", o->annotations,
                  "report.json runs: GitHub ::error/::warning lines per case: auto (when "
                  "GITHUB_ACTIONS=true), github or none")
      ->capture_default_str();
  cmd->add_flag("--no-step-summary", o->noStepSummary,
                "report.json runs: do not append summary.md to $GITHUB_STEP_SUMMARY");
  return cmd;
}

}  // namespace wc
