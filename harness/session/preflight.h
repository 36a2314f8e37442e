#pragma once
// Before any case runs: is the target there, is it a LangGraph API, does it take our key, and
// which assistants the cases may run. Failing here gives one clear line instead of a page of
// failed cases, and nothing has been created on the target yet.
#include <string>

#include "client/target_client.h"
#include "runner/environment.h"
#include "util/problem.h"

namespace wc {

struct AssistantChoice {
  std::string assistant;      // --assistant ("" -> graph `echo`; never any other by default)
  std::string failAssistant;  // --fail-assistant ("" -> graph `fail` when present)
  std::string slowAssistant;  // --slow-assistant ("" -> graph `slow` when present)
  std::string reviewAssistant;  // --review-assistant ("" -> graph `review` when present)
};

// Why preflight stopped the run; the exit code follows from its problem kind (problemKindOf).
enum class PreflightStop {
  None,
  Unreachable,     // no answer, stuck, or not a LangGraph API: exit 3
  KeyRefused,      // 401/403: the key is missing or refused: exit 2
  NoTestGraphs,    // no `echo` graph and no --assistant: exit 2, before any run is created
};
ProblemKind problemKindOf(PreflightStop stop);  // not for None

struct PreflightOutcome {
  PreflightStop stop = PreflightStop::None;
  std::string message;  // one line; never the key
};

// The test graphs the cases run on, and where to get them (the NoTestGraphs message).
inline constexpr const char* kTestGraphsHelp =
    "add the test graphs echo, fail, slow and review to the deployment (docs/DEPLOYMENTS.md, "
    "\"Add the test graphs to your deployment\": share/webhook-conformance/langgraph-python for "
    "Python, langgraph-js for JS), or name assistants that behave like them with --assistant, "
    "--fail-assistant, --slow-assistant, --review-assistant";

// Fills profile.info and the assistant ids. `keySource` says where the API key came from ("" when
// none was sent), for the KeyRefused message.
PreflightOutcome preflight(const TargetClient& client, const AssistantChoice& choice,
                           const std::string& keySource, TargetProfile* profile);

}  // namespace wc
