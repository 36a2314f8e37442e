#pragma once
// The options a run used, for report.json: what a reader needs to reproduce it, with the API key
// and --header values masked (the names stay: they tell which auth scheme was used), and the
// userinfo of --target and --callback-url masked.
#include <nlohmann/json.hpp>

#include "session/session_options.h"
#include "report/redactor.h"

namespace wc {

nlohmann::json describeConfiguration(const SessionOptions& options);

// Teaches `redactor` every secret the options and the deployment's langgraph.json reveal: the
// API key; each --header value, and its name (captured headers of that name are masked whatever
// their value); user and password of --target and --callback-url; and, when `targetConfig` is
// given, the names of webhooks.headers and their resolvable values. For the session, and for the
// exit-3 reports written before a session exists.
void addOptionSecrets(const SessionOptions& options, const nlohmann::json* targetConfig,
                      Redactor* redactor);

}  // namespace wc
