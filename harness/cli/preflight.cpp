#include "cli/preflight.h"

namespace wc {
namespace {

// An id given by the user may be an assistant id or a graph id; map it to the assistant id.
// Entries that are not objects with a string assistant_id are passed over, never dereferenced.
bool usable(const nlohmann::json& a) {
  return a.is_object() && a.contains("assistant_id") && a["assistant_id"].is_string() &&
         !a["assistant_id"].get_ref<const std::string&>().empty();
}

std::string resolve(const nlohmann::json& assistants, const std::string& wanted, bool byGraphOnly) {
  for (const auto& a : assistants) {
    if (!usable(a)) continue;
    const bool graphMatches =
        a.contains("graph_id") && a["graph_id"].is_string() && a["graph_id"] == wanted;
    if ((!byGraphOnly && a["assistant_id"] == wanted) || graphMatches)
      return a["assistant_id"].get<std::string>();
  }
  return "";
}

std::string clipped(const nlohmann::json& value) {
  auto text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.size() > 120 ? text.substr(0, 120) + "..." : text;
}

}  // namespace

std::string preflight(const TargetClient& client, const AssistantChoice& choice,
                      TargetProfile* profile) {
  // Unreachable or stuck: exit 3. A LangGraph-compatible server without /ok or /info is still
  // tested (issue 14): what it lacks is noted, and the cases judge what it does.
  auto ok = client.ok();
  if (ok.deadlineExceeded) return ok.error + " — not a usable LangGraph API (GET /ok must answer promptly)";
  if (ok.transportFailed) return ok.error + " (is the target running and reachable?)";
  if (!ok.ok())
    profile->preflightNotes.push_back(ok.error + " — a LangGraph API answers GET /ok with 200; "
                                      "the run goes on");
  auto info = client.info();
  if (info.deadlineExceeded || info.transportFailed)
    return info.error + " — not a usable LangGraph API (GET /info must answer promptly)";
  profile->info = nlohmann::json::object();
  if (info.ok() && info.json.is_object())
    profile->info = info.json;
  else
    profile->preflightNotes.push_back(
        (info.ok() ? "target " + displayUrl(client.baseUrl()) + ": GET /info did not answer a JSON object"
                   : info.error) +
        " — version and flags unknown (cases that need them, e.g. crons, skip); the run goes on");

  // The cases need an assistant: listed by the target, or named with --assistant.
  auto search = client.searchAssistants({{"limit", 100}, {"offset", 0}});
  const bool listed = search.ok() && search.json.is_array();
  if (!listed && choice.assistant.empty())
    return (search.ok() ? "target " + displayUrl(client.baseUrl()) +
                              ": POST /assistants/search did not answer a JSON array"
                        : search.error + " — cannot list assistants") +
           " (pass --assistant ID if the target has no /assistants/search)";
  if (!listed)
    profile->preflightNotes.push_back(
        (search.ok() ? std::string("POST /assistants/search did not answer a JSON array")
                     : search.error) +
        " — using --assistant " + choice.assistant + " as given");
  const nlohmann::json assistants = listed ? search.json : nlohmann::json::array();

  if (!choice.assistant.empty()) {
    auto id = resolve(assistants, choice.assistant, false);
    profile->assistantId = id.empty() ? choice.assistant : id;
  } else {
    profile->assistantId = resolve(assistants, "echo", true);
    if (profile->assistantId.empty()) {
      if (assistants.empty())
        return "target " + displayUrl(client.baseUrl()) + ": no assistants (POST /assistants/search answered "
               "[]); deploy a graph or pass --assistant ID";
      for (const auto& a : assistants)
        if (usable(a)) {
          profile->assistantId = a["assistant_id"].get<std::string>();
          break;
        }
      if (profile->assistantId.empty())
        return "target " + displayUrl(client.baseUrl()) + ": POST /assistants/search answered no "
               "entry with a string assistant_id (first entry: " + clipped(assistants.front()) +
               ") — not a LangGraph API";
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
