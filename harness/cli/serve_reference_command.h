#pragma once
// `webhook-conformance serve-reference`: the reference target standalone until SIGINT/SIGTERM
// (docs/REFERENCE.md). It stops within 2 s of the first signal, even while a webhook delivery
// hangs; a second signal exits at once with 128 + the signal.
#include <nlohmann/json.hpp>
#include <string>

namespace CLI {
class App;
}

namespace wc {

struct ServeReferenceOptions {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string config, fault, emulateVersion;
  std::string webhookCaFile;  // PEM: the CA https receivers' certificates are verified against
  int connectTimeoutMs = -1, readTimeoutMs = -1, backoffMs = -1;  // -1: the platform's default
};

// Adds the subcommand and its flags (ranges checked by CLI11: a port outside 0..65535 or a
// timing flag out of range is a usage error) to `app`; returns it.
CLI::App* addServeReferenceCommand(CLI::App& app, ServeReferenceOptions* options);

// Returns the exit code: 0 after a signal, 2 for a usage or configuration error.
int serveReference(const ServeReferenceOptions& options);

// The langgraph.json for --config: a regular file of at most 1 MiB holding a JSON object nested
// at most 64 levels. False with one line naming the file and the problem. (The webhook keys'
// types are checked when the reference starts: a wrong type names the key.)
bool readLangGraphConfig(const std::string& path, nlohmann::json* config, std::string* error);

}  // namespace wc
