#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <tuple>

#include "cli/capture_command.h"
#include "cli/cleanup_command.h"
#include "cli/command_suggestion.h"
#include "cli/completion.h"
#include "cli/config_file.h"
#include "cli/usage_error.h"
#include "cli/load_command.h"
#include "util/stop_signals.h"
#include "cli/run_command.h"
#include "cli/serve_reference_command.h"
#include "platform/platform_profile.h"
#include "reference/faults/faults.h"
#include "reference/reference_target.h"
#include "runner/case.h"

namespace wc {
namespace {

// GoogleTest's flags keep working: --gtest_filter, --gtest_output=xml:PATH, --gtest_list_tests.
std::vector<std::string> translateGtestFlags(int argc, char** argv, bool* listTests) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--gtest_filter=", 0) == 0) {
      std::string f = a.substr(15);
      auto dash = f.find('-');
      std::string positive = f.substr(0, dash), negative;
      if (dash != std::string::npos) negative = f.substr(dash + 1);
      if (!positive.empty()) args.insert(args.end(), {"--filter", positive});
      size_t start = 0;
      while (!negative.empty() && start <= negative.size()) {
        auto colon = negative.find(':', start);
        auto piece = negative.substr(start, colon == std::string::npos ? colon : colon - start);
        if (!piece.empty()) args.insert(args.end(), {"--filter", "-" + piece});
        if (colon == std::string::npos) break;
        start = colon + 1;
      }
    } else if (a.rfind("--gtest_output=xml:", 0) == 0) {
      args.insert(args.end(), {"--junit", a.substr(19)});
    } else if (a == "--gtest_list_tests") {
      *listTests = true;
    } else if (a.rfind("--gtest_", 0) == 0) {
      std::cerr << "webhook-conformance: ignoring " << a << " (not meaningful here)\n";
    } else {
      args.push_back(a);
    }
  }
  std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
  return args;
}

// "observed"; an assumed grade says what would settle it.
std::string gradeText(const CaseInfo& i) {
  if (!i.evidenceGrade) return "ungraded";
  std::string text = toString(*i.evidenceGrade);
  return i.settledBy.empty() ? text : text + " (would be settled by " + i.settledBy + ")";
}
nlohmann::json gradeJson(const CaseInfo& i) {
  return i.evidenceGrade ? nlohmann::json(toString(*i.evidenceGrade)) : nlohmann::json(nullptr);
}

int listCases(bool markdown) {
  for (const auto& c : allCases().all()) {
    const auto& i = c.info;
    if (markdown) {
      std::cout << "### `" << i.id << "` — " << toString(i.level) << "\n\n"
                << i.title << "\n\n"
                << "- **Source:** " << i.source << "\n"
                << "- **Evidence:** " << gradeText(i) << "\n"
                << "- **Purpose:** " << i.purpose << "\n"
                << "- **Target must support:** " << i.requires_ << "\n"
                << "- **Procedure:** " << i.procedure << "\n"
                << "- **Asserts:** " << i.asserts << "\n";
      for (const auto* changes : {&i.onlySince, &i.dependsOn})
        for (auto change : *changes)
          std::cout << "- **" << (changes == &i.onlySince ? "Judged since" : "Depends on version")
                    << ":** " << versionsText(change) << "\n";
      if (!i.needs.empty()) {
        std::cout << "- **Needs (skipped without):**";
        for (size_t n = 0; n < i.needs.size(); ++n) std::cout << (n ? ", `" : " `") << toString(i.needs[n]) << "`";
        std::cout << "\n";
      }
      std::cout << "\n";
    } else {
      std::cout << i.id << "  " << toString(i.level) << "  " << i.title << "\n"
                << "    source (" << gradeText(i) << "): " << i.source << "\n";
    }
  }
  return kExitConformant;
}

// `list --json`: for scripts (a CI matrix, a dashboard); the same facts as docs/CASES.md.
int listCasesJson() {
  auto out = nlohmann::json::array();
  for (const auto& c : allCases().all()) {
    const auto& i = c.info;
    nlohmann::json needs = nlohmann::json::array(), since = nlohmann::json::array(),
                   depends = nlohmann::json::array();
    for (auto n : i.needs) needs.push_back(toString(n));
    for (auto change : i.onlySince) since.push_back(versionsText(change));
    for (auto change : i.dependsOn) depends.push_back(versionsText(change));
    out.push_back({{"id", i.id}, {"area", i.id.substr(0, i.id.find('.'))},
                   {"level", toString(i.level)}, {"title", i.title}, {"source", i.source},
                   {"evidence", gradeJson(i)},
                   {"settled_by", i.settledBy.empty() ? nlohmann::json(nullptr)
                                                      : nlohmann::json(i.settledBy)},
                   {"needs", needs}, {"judged_since", since}, {"depends_on_version", depends}});
  }
  std::cout << out.dump(2) << "\n";
  return kExitConformant;
}

// `help [COMMAND]`: what --help prints, for people who type the word.
std::vector<std::string> commandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  return names;
}

// "unknown command 'rn'; did you mean 'run'?", or a pointer to the list when nothing is close.
std::string unknownCommandMessage(const CLI::App& app, const std::string& typed) {
  std::string shown = typed.substr(0, 40);
  std::string meant = closestCommand(typed, commandNames(app));
  if (meant.empty()) return "unknown command '" + shown + "' (see webhook-conformance --help)";
  return "unknown command '" + shown + "'; did you mean '" + meant + "'?";
}

int printHelp(const CLI::App& app, const std::string& topic) {
  if (topic.empty()) {
    // app.help() would delegate to the selected subcommand, `help` itself.
    std::cout << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
    return kExitConformant;
  }
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (sub->get_name() == topic) {
      std::cout << sub->help();
      return kExitConformant;
    }
  return usageError("help: " + unknownCommandMessage(app, topic));
}

// `faults`: every fault mode of the reference with the promise it breaks.
int listFaults() {
  std::cout << "fault mode                  promise it breaks\n";
  for (const auto& f : reference::faultModes()) {
    std::string name = f.name;
    name.resize(std::max<size_t>(name.size() + 2, 28), ' ');
    std::cout << name << f.promise << "\n";
  }
  return kExitConformant;
}

}  // namespace

int cliMain(int argc, char** argv) {
  CLI::App app{"webhook-conformance: conformance suite for LangGraph Platform webhooks",
               "webhook-conformance"};
  // The platform profile matters as much as the tool's own version: a newer langgraph-api is
  // judged as the newest one this build knows.
  app.set_version_flag("-V,--version", std::string("webhook-conformance ") + WC_VERSION +
                                           " (judges langgraph-api up to " +
                                           kNewestPlatformVersion + ")");
  app.require_subcommand(1);
  app.set_config("--config", "",
                 "Read flags from a TOML or INI file (at most 1 MiB) given before the command: under "
                 "[run] (or [load], ...) one `flag = value` per line without the dashes, e.g. "
                 "target = \"https://...\" or filter = [\"token\", \"delivery\"]; flags on the "
                 "command line win");

  SessionOptions run;
  auto* runCmd = app.add_subcommand("run", "Run the conformance cases against a target");
  runCmd->add_option("--target", run.target,
                     "LangGraph API base URL (default: the embedded reference target)");
  runCmd->add_option("--launch", run.launch,
                     "Start this server for the run and stop it after: langgraph-js (the "
                     "LangGraph.js dev server in fixtures/langgraph-js, npm's latest) or "
                     "langgraph-js@VERSION (its pinned project in fixtures/langgraph-js-versions)");
  runCmd->add_option("--launch-dir", run.launchDir,
                     "Project directory for --launch (default: fixtures/langgraph-js of the source tree)");
  runCmd->add_option("--assistant", run.assistants.assistant,
                     "Assistant or graph id for runs (default: graph `echo`; never another: "
                     "without echo and this flag, exit 2 before anything is created)");
  runCmd->add_option("--fail-assistant", run.assistants.failAssistant,
                     "Assistant or graph id whose runs raise (default: graph `fail` if present)");
  runCmd->add_option("--slow-assistant", run.assistants.slowAssistant,
                     "Assistant or graph id that sleeps input.seconds (default: graph `slow`)");
  runCmd->add_option("--review-assistant", run.assistants.reviewAssistant,
                     "Assistant or graph id that pauses for human review with interrupt() "
                     "(default: graph `review`)");
  runCmd->add_option("--api-key", run.apiKey,
                     "Sent as x-api-key (default: --api-key-file, else $LANGGRAPH_API_KEY, "
                     "$LANGSMITH_API_KEY, $LANGCHAIN_API_KEY); never printed");
  runCmd->add_option("--api-key-file", run.apiKeyFile,
                     "Read the API key from this file (whitespace and quotes around it trimmed)");
  runCmd->add_option("--header", run.headers,
                     "Extra header for the target's API, 'Name: value' (repeatable); values "
                     "never printed");
  runCmd->add_option("--ca-file", run.caFile,
                     "PEM CA bundle that verifies the target's TLS certificate (a private CA; default: the system's CAs). Proxies: https_proxy, http_proxy, no_proxy from the environment; loopback always direct");
  runCmd->add_option("--callback-url", run.callbackUrl,
                     "Advertised base URL of the capture server, for deployments that cannot "
                     "reach this machine (a tunnel to --capture-bind:--capture-port)");
  runCmd->add_option("--relay", run.relayUrl,
                     "Base URL of a relay (webhook-conformance capture --relay) the deployment "
                     "can reach: webhooks go there and this run pulls its own back (outbound only)");
  runCmd->add_option("--relay-token-file", run.relayTokenFile,
                     "The relay's shared secret, one line (default: $WEBHOOK_CONFORMANCE_RELAY_TOKEN)");
  runCmd->add_option("--capture-bind", run.captureBind, "Capture server bind address")
      ->capture_default_str();
  runCmd->add_option("--capture-port", run.capturePort, "Capture server port (0: any free port)")
      ->capture_default_str();
  runCmd->add_option("--capture-tls-cert", run.captureTlsCert,
                     "PEM certificate (chain): the capture server serves HTTPS (with "
                     "--capture-tls-key)");
  runCmd->add_option("--capture-tls-key", run.captureTlsKey,
                     "PEM private key of --capture-tls-cert");
  runCmd->add_option("--target-config", run.targetConfig,
                     "The deployment's langgraph.json (enables disable/headers/url-policy "
                     "cases; starts the embedded reference with it); or env: (its "
                     "LANGGRAPH_HTTP/LANGGRAPH_WEBHOOKS from this environment) or env:FILE (from "
                     "a dotenv file or Dockerfile), as `langgraph build` writes them");
  runCmd->add_option("--webhook-secret-file", run.webhookSecretFile,
                     "The deployment's webhook signing secret (at most 4 KiB, whitespace around "
                     "it trimmed; never printed): signatures on webhooks (X-LangSmith-Signature, "
                     "Standard Webhooks, X-Hub-Signature-256) are verified; the embedded reference "
                     "signs with it");
  runCmd->add_option("--report-dir", run.reportDir, "Directory for the reports")
      ->capture_default_str();
  runCmd->add_option("--junit", run.junitPath, "JUnit XML path (default: <report-dir>/junit.xml)");
  runCmd->add_option("--filter", run.filters,
                     "Case ids or globs, comma-separated or repeated; a leading '-' excludes");
  runCmd->add_flag("--strict", run.strict, "SHOULD deviations fail the run");
  runCmd->add_flag("--destructive", run.destructive,
                   "Also run cases that may tie up the target's workers");
  runCmd->add_option("--jobs", run.jobs, "Cases run concurrently")->capture_default_str();
  runCmd->add_option("--timeout-scale", run.timeoutScale,
                     "Multiply every wait and observation window")
      ->capture_default_str();
  runCmd->add_option("--reference-fault", run.referenceFault,
                     "Start the embedded reference with this fault mode");
  runCmd->add_option("--platform-version", run.platformVersion,
                     "Judge the target as langgraph-api VERSION (default: its GET /info; an "
                     "unknown version is judged as the newest, " +
                         std::string(kNewestPlatformVersion) + ")");
  runCmd->add_option("--emulate-version", run.emulateVersion,
                     "Embedded reference: the langgraph-api version it emulates (default " +
                         std::string(kNewestPlatformVersion) + ")");
  runCmd->add_flag("--dry-run", run.dryRun,
                   "Print the plan (cases, the runs, threads and crons it would create, its time "
                   "bound) and why anything would skip; create nothing");
  runCmd->add_option("--expected-failures", run.expectedFailures,
                     "JSON or YAML list of {id, reason, target_version}: listed failures do not "
                     "fail the gate; a listed case that passes fails it as stale");
  runCmd->add_flag("--quiet", run.quiet, "No progress lines");
  runCmd->add_flag("--fail-fast", run.failFast,
                   "Stop at the first case that breaks the gate (the rest end as interrupted)");
  runCmd->add_flag("--rerun-failed", run.rerunFailed,
                   "Run only the failed, errored, stale and interrupted cases of "
                   "<report-dir>/report.json (the last run there)");
  runCmd->add_flag("--cleanup", run.cleanup,
                   "At the end, delete the threads and crons this run created on the target "
                   "(found by their metadata; see `cleanup`)");
  runCmd->add_option("--annotations", run.annotations,
                     "GitHub Actions ::error/::warning lines per failing or warning case: auto "
                     "(when GITHUB_ACTIONS=true), github or none")
      ->capture_default_str();
  runCmd->add_flag("--no-step-summary", run.noStepSummary,
                   "Do not append summary.md to $GITHUB_STEP_SUMMARY");
  runCmd->add_option("--color", run.color,
                     "Colour on the console: auto (when the stream is a terminal and NO_COLOR is "
                     "unset or empty), always or never")
      ->capture_default_str();

  bool markdown = false, json = false;
  auto* listCmd = app.add_subcommand("list", "Print the case catalogue (id, level, title, source)");
  listCmd->add_flag("--markdown", markdown, "Full write-ups as Markdown (docs/CASES.md)");
  listCmd->add_flag("--json", json, "The catalogue as one JSON array (id, area, level, title, "
                                    "source, evidence, needs, versions)");

  std::string helpTopic;
  auto* helpCmd = app.add_subcommand("help", "Print the help of the tool or of one command");
  helpCmd->add_option("command", helpTopic, "run, list, capture, serve-reference, load, merge, ...");

  std::string shell;
  auto* completionCmd =
      app.add_subcommand("completion", "Print a shell completion script: source <(webhook-conformance completion bash)");
  completionCmd->add_option("shell", shell, "The shell (bash)")->required()->check(CLI::IsMember({"bash"}));

  ServeReferenceOptions serve;
  auto* serveCmd = addServeReferenceCommand(app, &serve);
  auto* faultsCmd =
      app.add_subcommand("faults", "List the reference's fault modes and the promise each breaks");

  LiveCaptureOptions capture;
  auto* captureCmd = addCaptureCommand(app, &capture);

  // load mode
  load::LoadOptions load;
  auto* loadCmd = addLoadCommand(app, &load);
  MergeCommandOptions merge;
  auto* mergeCmd = addMergeCommand(app, &merge);
  CleanupCommandOptions cleanup;
  auto* cleanupCmd = addCleanupCommand(app, &cleanup);

  // Set after the subcommands are added: CLI11 copies a parent's footer into each new
  // subcommand, and the exit codes belong to the tool's help once, not to every command's.
  app.footer(
      "Exit codes: 0 conformant; 1 a case breaks the gate (fail, error, stale expected failure, "
      "interrupted; a SHOULD warning under --strict); 2 usage or configuration error (also: no test "
      "graph echo and no --assistant, or the API key refused); 3 target unreachable, stuck or not a "
      "LangGraph API; 4 nothing judged (every selected case skipped); 130/143 stopped by SIGINT/SIGTERM (reports "
      "written). `webhook-conformance help COMMAND` for a command's flags.");

  bool listTests = false;
  auto args = translateGtestFlags(argc, argv, &listTests);
  if (listTests) return listCases(false);
  // The first word names the command (the tool itself takes no option with a value); CLI11
  // would only say it was not expected.
  if (!args.empty() && args.back().rfind('-', 0) != 0) {
    auto names = commandNames(app);
    if (std::find(names.begin(), names.end(), args.back()) == names.end())
      return usageError(unknownCommandMessage(app, args.back()));
  }
  if (auto problem = configFileProblem(args)) return usageError(*problem);
  // A misspelt key in a config file is an error, as a misspelt flag is.
  app.allow_config_extras(CLI::config_extras_mode::error);
  for (auto* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    sub->allow_config_extras(CLI::config_extras_mode::error);
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "webhook-conformance: " << e.what() << " (see --help)\n";
    return kExitUsage;
  }
  if (*runCmd) return runCommand(run);
  if (*listCmd) return json ? listCasesJson() : listCases(markdown);
  if (*helpCmd) return printHelp(app, helpTopic);
  if (*completionCmd) {
    std::cout << bashCompletion(app);
    return kExitConformant;
  }
  if (*serveCmd) return serveReference(serve);
  if (*faultsCmd) return listFaults();
  if (*captureCmd) return captureCommand(capture);
  if (*loadCmd) return loadCommand(load);
  if (*mergeCmd) return mergeCommand(merge);
  if (*cleanupCmd) return cleanupCommand(cleanup);
  return kExitUsage;
}

}  // namespace wc
