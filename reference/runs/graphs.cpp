#include "reference/runs/graphs.h"

#include <chrono>
#include <functional>

namespace wc::reference {

const std::vector<GraphInfo>& graphs() {
  static const std::vector<GraphInfo> all = {
      {"echo", "a1f4c9e2-0000-4000-8000-0000000ec400"},
      {"slow", "a1f4c9e2-0000-4000-8000-00000005101f"},
      {"fail", "a1f4c9e2-0000-4000-8000-00000000fa11"},
      {"review", "a1f4c9e2-0000-4000-8000-0000000e7e40"},
  };
  return all;
}

const GraphInfo* findGraph(const std::string& id) {
  for (const auto& g : graphs())
    if (g.graphId == id || g.assistantId == id) return &g;
  return nullptr;
}

namespace {

constexpr double kMaxSleepSeconds = 3600;  // the slow graph's longest sleep

// Thread values keep a `messages` list; the input's messages are appended to it.
nlohmann::json withInputMessages(const nlohmann::json& current, const nlohmann::json& input) {
  nlohmann::json values = current.is_object() ? current : nlohmann::json::object();
  if (!values.contains("messages") || !values["messages"].is_array())
    values["messages"] = nlohmann::json::array();
  if (input.is_object() && input.contains("messages") && input["messages"].is_array())
    for (const auto& m : input["messages"]) values["messages"].push_back(m);
  return values;
}

std::string lastContent(const nlohmann::json& values) {
  const auto& messages = values["messages"];
  if (messages.empty()) return "";
  const auto& last = messages.back();
  if (last.is_object() && last.contains("content") && last["content"].is_string())
    return last["content"].get<std::string>();
  return last.dump();
}

}  // namespace

GraphOutcome runGraph(const std::string& graphId, const nlohmann::json& currentValues,
                      const nlohmann::json& input,
                      const std::function<bool(std::chrono::milliseconds)>& sleepFor) {
  GraphOutcome out;
  out.values = withInputMessages(currentValues, input);
  if (graphId == "fail") {
    out.error = "fail graph raised as designed";
    return out;
  }
  if (graphId == "review") {
    // As a LangGraph node calling interrupt() before it answers: the input is checkpointed, no
    // reply is appended until a resume (which the harness never sends).
    out.reviewRequest = {{"question", "approve this answer?"}, {"draft", lastContent(out.values)}};
    return out;
  }
  if (graphId == "slow") {
    double seconds = 0;
    if (input.is_object() && input.contains("seconds") && input["seconds"].is_number())
      seconds = input["seconds"].get<double>();
    // From a request body: clamp, so 1e300 or NaN cannot overflow the duration.
    if (!(seconds >= 0)) seconds = 0;
    if (seconds > kMaxSleepSeconds) seconds = kMaxSleepSeconds;
    if (!sleepFor(std::chrono::milliseconds(static_cast<long long>(seconds * 1000)))) {
      out.error = "cancelled";
      out.errorType = "CancelledError";
      return out;
    }
  }
  out.values["messages"].push_back(
      {{"role", "ai"}, {"content", "echo: " + lastContent(out.values)}});
  return out;
}

}  // namespace wc::reference
