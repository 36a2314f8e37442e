#pragma once
// Which LangGraph.js project `--launch` serves: fixtures/langgraph-js (npm's `latest`, or
// --launch-dir) for `langgraph-js`, the pinned project of that @langchain/langgraph-api version
// for `langgraph-js@VERSION` (fixtures/langgraph-js if it pins VERSION, else
// fixtures/langgraph-js-versions/VERSION/).
#include <string>
#include <vector>

#include "launch/langgraph_js_launcher.h"

namespace wc {

// The project directory used when --launch-dir is not given.
std::string defaultLangGraphJsDir();

// Where the pinned projects of further versions live: <that>/<version>/ (package.json,
// package-lock.json, langgraph.json).
std::string langGraphJsVersionsDir();

// The versions --launch langgraph-js@VERSION knows, newest first: the one fixtures/langgraph-js
// pins, then every folder of langGraphJsVersionsDir() that has a package.json.
std::vector<std::string> knownLangGraphJsVersions();

// The @langchain/langgraph-api version installed in a project's node_modules ("" when none).
std::string installedLangGraphApiVersion(const std::string& projectDir);

// Resolves --launch / --launch-dir into launch options. False with one line (a usage error,
// exit 2) for an unknown server or version, or --launch-dir given with a version.
bool resolveLangGraphJsLaunch(const std::string& launch, const std::string& launchDir,
                              LaunchOptions* out, std::string* error);

}  // namespace wc
