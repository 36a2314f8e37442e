#pragma once
namespace wc {
// The `webhook-conformance` command line; returns the process exit code.
int cliMain(int argc, char** argv);
}  // namespace wc
