#pragma once
// Before any case runs: is the target there, is it a LangGraph API, which assistants to use.
// Failing here gives one clear line (exit 3) instead of a page of failed cases.
#include <string>

#include "client/target_client.h"
#include "runner/environment.h"

namespace wc {

struct AssistantChoice {
  std::string assistant;      // --assistant ("" -> graph `echo`, else the first found)
  std::string failAssistant;  // --fail-assistant ("" -> graph `fail` when present)
  std::string slowAssistant;  // --slow-assistant ("" -> graph `slow` when present)
};

// Fills profile.info and the assistant ids; returns "" or the one-line reason the target is unusable.
std::string preflight(const TargetClient& client, const AssistantChoice& choice,
                      TargetProfile* profile);

}  // namespace wc
