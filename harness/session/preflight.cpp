#include "session/preflight.h"

#include "util/excerpt.h"

namespace wc {
namespace {

// An id given by the user may be an assistant id or a graph id; map it to the assistant id.
// Entries that are not objects with a string assistant_id are passed over, never dereferenced.
bool usable(const nlohmann::json& a) {
  return a.is_object() && a.contains("assistant_id") && a["assistant_id"].is_string() &&
         !a["assistant_id"].get_ref<const std::string&>().empty();
}

std::string resolve(const nlohmann::json& assistants, const std::string& wanted, bool byGraphOnly) {
  if (!assistants.is_array()) return "";
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
  return excerpt(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), 120);
}

// The graph ids a deployment has, for the NoTestGraphs message: at most a few, bounded.
std::string graphsListed(const nlohmann::json& assistants) {
  std::string out;
  size_t shown = 0;
  for (const auto& a : assistants) {
    if (!usable(a) || !a.contains("graph_id") || !a["graph_id"].is_string()) continue;
    auto graph = a["graph_id"].get<std::string>().substr(0, 40);
    if (out.find("'" + graph + "'") != std::string::npos) continue;
    if (++shown > 5) return out + ", ...";
    out += (out.empty() ? "'" : ", '") + graph + "'";
  }
  return out.empty() ? "none" : out;
}

bool refusedKey(const ApiResponse& r) { return r.status == 401 || r.status == 403; }

PreflightOutcome keyRefused(const TargetClient& client, const std::string& call, int status,
                            const std::string& keySource) {
  const std::string answered = "target " + displayUrl(client.baseUrl()) + ": " + call +
                               " answered HTTP " + std::to_string(status);
  if (keySource.empty())
    return {PreflightStop::KeyRefused,
            answered + ": it needs an API key and none was given (--api-key, --api-key-file, "
                       "$LANGGRAPH_API_KEY, $LANGSMITH_API_KEY or $LANGCHAIN_API_KEY)"};
  return {PreflightStop::KeyRefused,
          answered + ": it refused the API key from " + keySource +
              " (is it a key of this deployment's workspace, not expired?)"};
}

}  // namespace

ProblemKind problemKindOf(PreflightStop stop) {
  return stop == PreflightStop::Unreachable ? ProblemKind::Unreachable : ProblemKind::Usage;
}

PreflightOutcome preflight(const TargetClient& client, const AssistantChoice& choice,
                           const std::string& keySource, TargetProfile* profile) {
  auto unreachable = [](std::string message) {
    return PreflightOutcome{PreflightStop::Unreachable, std::move(message)};
  };
  // Unreachable or stuck: exit 3. A LangGraph-compatible server without /ok or /info is still
  // tested: what it lacks is noted, and the cases judge what it does.
  auto ok = client.ok();
  if (ok.deadlineExceeded)
    return unreachable(ok.error + " — not a usable LangGraph API (GET /ok must answer promptly)");
  if (ok.transportFailed) return unreachable(ok.error + " (is the target running and reachable?)");
  if (refusedKey(ok)) return keyRefused(client, "GET /ok", ok.status, keySource);
  if (!ok.ok())
    profile->preflightNotes.push_back(ok.error + " — a LangGraph API answers GET /ok with 200; "
                                      "the run goes on");
  auto info = client.info();
  if (info.deadlineExceeded || info.transportFailed)
    return unreachable(info.error + " — not a usable LangGraph API (GET /info must answer promptly)");
  if (refusedKey(info)) return keyRefused(client, "GET /info", info.status, keySource);
  profile->info = nlohmann::json::object();
  if (info.ok() && info.json.is_object())
    profile->info = info.json;
  else
    profile->preflightNotes.push_back(
        (info.ok() ? "target " + displayUrl(client.baseUrl()) + ": GET /info did not answer a JSON object"
                   : info.error) +
        " — version and flags unknown (cases that need them, e.g. crons, skip); the run goes on");

  // The cases need an assistant: a test graph listed by the target, or one named by the user.
  auto search = client.searchAssistants({{"limit", 100}, {"offset", 0}});
  if (refusedKey(search)) return keyRefused(client, "POST /assistants/search", search.status, keySource);
  const bool listed = search.ok() && search.json.is_array();
  if (!listed && choice.assistant.empty())
    return unreachable(
        (search.ok() ? "target " + displayUrl(client.baseUrl()) +
                           ": POST /assistants/search did not answer a JSON array"
                     : search.error + " — cannot list assistants") +
        " (pass --assistant ID if the target has no /assistants/search)");
  if (!listed)
    profile->preflightNotes.push_back(
        (search.ok() ? std::string("POST /assistants/search did not answer a JSON array")
                     : search.error) +
        " — using --assistant " + choice.assistant + " as given");
  nlohmann::json assistants = listed ? search.json : nlohmann::json::array();
  if (listed && !assistants.empty()) {
    bool anyUsable = false;
    for (const auto& a : assistants) anyUsable = anyUsable || usable(a);
    if (!anyUsable)
      return unreachable("target " + displayUrl(client.baseUrl()) +
                         ": POST /assistants/search answered no entry with a string assistant_id "
                         "(first entry: " + clipped(assistants.front()) + ") — not a LangGraph API");
  }
  // A full page may hide a test graph: ask for each by graph id.
  if (listed && assistants.size() >= 100)
    for (const char* graph : {"echo", "fail", "slow", "review"})
      if (resolve(assistants, graph, true).empty()) {
        auto more = client.searchAssistants({{"graph_id", graph}, {"limit", 1}});
        if (more.ok() && more.json.is_array())
          for (const auto& a : more.json) assistants.push_back(a);
      }

  auto pick = [&](const std::string& given, const char* graph) {
    if (!given.empty()) {
      auto id = resolve(assistants, given, false);
      return id.empty() ? given : id;
    }
    return resolve(assistants, graph, true);
  };
  // Never another assistant by default: it may be the team's own agent, billed per run.
  profile->assistantId = pick(choice.assistant, "echo");
  profile->failAssistantId = pick(choice.failAssistant, "fail");
  profile->slowAssistantId = pick(choice.slowAssistant, "slow");
  profile->reviewAssistantId = pick(choice.reviewAssistant, "review");
  if (profile->assistantId.empty()) {
    std::string missing = "echo";
    if (profile->failAssistantId.empty()) missing += ", fail";
    if (profile->slowAssistantId.empty()) missing += ", slow";
    if (profile->reviewAssistantId.empty()) missing += ", review";
    return {PreflightStop::NoTestGraphs,
            "target " + displayUrl(client.baseUrl()) + " has no test graph " + missing +
                " (its graphs: " + graphsListed(assistants) + "); nothing was created on it. "
                "The cases run only on the test graphs or on assistants you name: " +
                kTestGraphsHelp};
  }
  return {};
}

}  // namespace wc
