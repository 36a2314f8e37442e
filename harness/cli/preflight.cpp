#include "cli/preflight.h"

namespace wc {
namespace {

// An id given by the user may be an assistant id or a graph id; map it to the assistant id.
std::string resolve(const nlohmann::json& assistants, const std::string& wanted, bool byGraphOnly) {
  for (const auto& a : assistants) {
    if (!a.is_object() || !a.contains("assistant_id") || !a["assistant_id"].is_string()) continue;
    if ((!byGraphOnly && a["assistant_id"] == wanted) ||
        (a.contains("graph_id") && a["graph_id"] == wanted))
      return a["assistant_id"].get<std::string>();
  }
  return "";
}

}  // namespace

std::string preflight(const TargetClient& client, const AssistantChoice& choice,
                      TargetProfile* profile) {
  auto ok = client.ok();
  if (ok.transportFailed) return ok.error + " (is the target running and reachable?)";
  if (!ok.ok()) return ok.error + " — not a LangGraph API (GET /ok must answer 2xx)";
  auto info = client.info();
  if (!info.ok()) return info.error + " — not a LangGraph API (GET /info)";
  if (!info.json.is_object())
    return "target " + client.baseUrl() + ": GET /info did not answer a JSON object — not a "
           "LangGraph API";
  profile->info = info.json;

  auto search = client.searchAssistants({{"limit", 100}, {"offset", 0}});
  if (!search.ok()) return search.error + " — cannot list assistants";
  if (!search.json.is_array())
    return "target " + client.baseUrl() + ": POST /assistants/search did not answer a JSON array";
  const auto& assistants = search.json;

  if (!choice.assistant.empty()) {
    auto id = resolve(assistants, choice.assistant, false);
    profile->assistantId = id.empty() ? choice.assistant : id;
  } else {
    profile->assistantId = resolve(assistants, "echo", true);
    if (profile->assistantId.empty()) {
      if (assistants.empty())
        return "target " + client.baseUrl() + ": no assistants (POST /assistants/search answered "
               "[]); deploy a graph or pass --assistant ID";
      profile->assistantId = assistants.front().value("assistant_id", "");
    }
  }
  auto pick = [&](const std::string& given, const char* graph) {
    if (!given.empty()) {
      auto id = resolve(assistants, given, false);
      return id.empty() ? given : id;
    }
    return resolve(assistants, graph, true);
  };
  profile->failAssistantId = pick(choice.failAssistant, "fail");
  profile->slowAssistantId = pick(choice.slowAssistant, "slow");
  return "";
}

}  // namespace wc
