#include "util/bounded_json.h"
#include "support/payload_checks.h"

#include <algorithm>
#include <set>

#include "util/ids.h"
#include "util/excerpt.h"

namespace wc {
testing::AssertionResult statusIsFinal(const nlohmann::json& run, const std::string& what) {
  if (!run.is_object() || !run.contains("status") || !run["status"].is_string())
    return testing::AssertionFailure() << what << " has no status string";
  auto status = run["status"].get<std::string>();
  if (status == "success" || status == "error" || status == "timeout" || status == "interrupted")
    return testing::AssertionSuccess() << what << " status " << status;
  return testing::AssertionFailure() << what << " reports status '" << status
                                     << "', not a final status (success, error, timeout, "
                                        "interrupted): the webhook went out before the run's "
                                        "final status was stored";
}

testing::AssertionResult runStatusIs(const nlohmann::json& run, const std::string& expected,
                                     const std::string& when) {
  std::string status = run.is_object() && run.contains("status") && run["status"].is_string()
                           ? run["status"].get<std::string>()
                           : "(none)";
  if (status == expected) return testing::AssertionSuccess() << "run status " << status;
  return testing::AssertionFailure() << "GET /threads/{tid}/runs/{rid} reports status " << status
                                     << " " << when << ", expected " << expected;
}

testing::AssertionResult containsEntries(const nlohmann::json& payload, const std::string& pointer,
                                         const nlohmann::json& expected, const std::string& why) {
  nlohmann::json::json_pointer ptr(pointer);
  if (!payload.is_object() || !payload.contains(ptr) || !payload.at(ptr).is_object())
    return testing::AssertionFailure() << "payload has no object at " << pointer << " (" << why
                                       << ")";
  const auto& actual = payload.at(ptr);
  for (const auto& [key, value] : expected.items()) {
    if (!actual.contains(key))
      return testing::AssertionFailure() << "payload " << pointer << " lacks \"" << key
                                         << "\" (sent " << excerpt(value.dump(), 160) << "; " << why
                                         << "); it holds " << excerpt(actual.dump(), 160);
    if (actual[key] != value)
      return testing::AssertionFailure() << "payload " << pointer << "/" << key << " is "
                                         << excerpt(actual[key].dump(), 160) << ", sent "
                                         << excerpt(value.dump(), 160) << " (" << why << ")";
  }
  return testing::AssertionSuccess() << pointer << " holds every entry sent";
}

testing::AssertionResult timestampsOrdered(const nlohmann::json& payload) {
  static const char* const kOrder[] = {"created_at", "run_started_at", "run_ended_at",
                                       "webhook_sent_at"};
  std::chrono::system_clock::time_point previous{};
  std::string previousName;
  for (const char* name : kOrder) {
    if (!payload.is_object() || !payload.contains(name) || !payload[name].is_string())
      return testing::AssertionFailure() << "payload has no " << name << " string";
    std::chrono::system_clock::time_point t;
    auto text = payload[name].get<std::string>();
    if (!parseIsoTimestamp(text, &t))
      return testing::AssertionFailure() << "payload " << name << " '" << excerpt(text, 160)
                                         << "' is not an ISO 8601 timestamp";
    if (!previousName.empty() && t < previous)
      return testing::AssertionFailure()
             << "payload " << name << " (" << text << ") is earlier than " << previousName << " ("
             << payload[previousName].get<std::string>() << ")";
    previous = t;
    previousName = name;
  }
  return testing::AssertionSuccess() << "created_at <= run_started_at <= run_ended_at <= "
                                        "webhook_sent_at";
}

namespace {

// `wantObject`: nullopt accepts either shape; `who` names the version judged by.
testing::AssertionResult errorShapeIs(const nlohmann::json& payload, std::optional<bool> wantObject,
                                      const std::string& who) {
  if (!payload.is_object() || !payload.contains("error"))
    return testing::AssertionFailure() << "the payload has no `error` field";
  const auto& error = payload["error"];
  bool isString = error.is_string();
  bool isObject = error.is_object() && error.contains("error") && error["error"].is_string() &&
                  error.contains("message") && error["message"].is_string();
  if (!wantObject) {
    if (isString || isObject)
      return testing::AssertionSuccess() << "error is " << (isString ? "a string" : "an object")
                                         << " (" << who << ": either shape accepted)";
    return testing::AssertionFailure() << "error is neither a string nor {error, message}: "
                                       << excerpt(error.dump(), 160);
  }
  if (!*wantObject && !isString)
    return testing::AssertionFailure() << who << " (before 0.7.46) sends `error` as a string; got "
                                       << excerpt(error.dump(), 160);
  if (*wantObject && !isObject)
    return testing::AssertionFailure() << who << " (0.7.46 or later) sends `error` as "
                                       << "{error, message}; got " << excerpt(error.dump(), 160);
  return testing::AssertionSuccess() << "error has the shape " << who << " promises ("
                                     << (isObject ? "{error, message}" : "a string") << ")";
}

}  // namespace

testing::AssertionResult errorShapeMatchesPlatform(const nlohmann::json& payload,
                                                   const PlatformProfile& platform) {
  if (!platform.errorShapeJudged())
    return errorShapeIs(payload, std::nullopt,
                        platform.describe() + ", which sends a string in every version read");
  return errorShapeIs(payload, platform.promises(PlatformChange::ErrorObject),
                      platform.server == PlatformProfile::Server::Unknown
                          ? std::string("the newest profile (version unknown)")
                          : platform.describe());
}

testing::AssertionResult errorShapeWhenPresent(const nlohmann::json& payload,
                                               const PlatformProfile& platform) {
  if (!payload.is_object() || !payload.contains("error"))
    return testing::AssertionSuccess() << "no `error` field";
  return errorShapeMatchesPlatform(payload, platform);
}

testing::AssertionResult onlyAllowedKeys(const nlohmann::json& payload,
                                         const std::vector<std::string>& allowed) {
  if (!payload.is_object()) return testing::AssertionFailure() << "payload is not an object";
  std::set<std::string> ok(allowed.begin(), allowed.end());
  std::vector<std::string> extra;
  for (const auto& [key, value] : payload.items())
    if (!ok.count(key)) extra.push_back(key);
  if (extra.empty()) return testing::AssertionSuccess() << "only allowed_fields arrived";
  std::string list;
  for (const auto& k : extra) list += (list.empty() ? "" : ", ") + k;
  return testing::AssertionFailure() << "webhooks.allowed_fields does not list " << list
                                     << ", yet the payload carries it";
}

testing::AssertionResult headerHasSecretValue(const CapturedRequest& request,
                                              const std::string& name,
                                              const std::string& expected) {
  auto count = request.headerCount(name);
  if (count == 0)
    return testing::AssertionFailure() << "configured header " << name << " did not arrive";
  if (count > 1)
    return testing::AssertionFailure() << "configured header " << name << " arrived " << count
                                       << " times";
  auto actual = request.header(name);
  if (actual == expected) return testing::AssertionSuccess() << "header " << name << " as configured";
  bool unresolved = actual.find("${{") != std::string::npos;
  return testing::AssertionFailure()
         << "configured header " << name << " arrived with another value (" << actual.size()
         << " bytes, expected " << expected.size() << " bytes"
         << (unresolved ? "; it still holds a ${{ env.* }} template" : "")
         << "; values not shown: they are secrets)";
}

testing::AssertionResult runIdsDistinct(const std::vector<nlohmann::json>& payloads) {
  std::set<std::string> seen;
  for (const auto& p : payloads) {
    if (!p.is_object() || !p.contains("run_id") || !p["run_id"].is_string())
      return testing::AssertionFailure() << "a payload has no run_id";
    auto id = p["run_id"].get<std::string>();
    if (!seen.insert(id).second)
      return testing::AssertionFailure() << "run " << id << " was reported by " <<
             std::count_if(payloads.begin(), payloads.end(), [&](const nlohmann::json& q) {
               return q.is_object() && textField(q, "run_id") == id;
             }) << " webhooks: each firing must deliver exactly one";
  }
  return testing::AssertionSuccess() << payloads.size() << " webhooks, distinct run ids";
}

testing::AssertionResult arrivedInOrder(const std::vector<CapturedRequest>& requests,
                                        const std::vector<std::string>& labels) {
  for (size_t i = 1; i < requests.size(); ++i)
    if (requests[i].arrivedSteady < requests[i - 1].arrivedSteady)
      return testing::AssertionFailure()
             << (i < labels.size() ? labels[i] : std::to_string(i)) << " arrived before "
             << (i - 1 < labels.size() ? labels[i - 1] : std::to_string(i - 1))
             << ": the webhooks did not arrive in creation order";
  return testing::AssertionSuccess() << "webhooks arrived in creation order";
}

testing::AssertionResult creationRefused(const ApiResponse& response, bool exact422,
                                         const std::string& what) {
  bool refused = exact422 ? response.status == 422
                          : response.status >= 400 && response.status < 500;
  if (refused) return testing::AssertionSuccess() << what << " refused with " << response.status;
  if (response.status == 0)
    return testing::AssertionFailure() << what << ": no HTTP answer (" << response.error << ")";
  return testing::AssertionFailure() << what << " answered " << response.status << ", expected "
                                     << (exact422 ? "422" : "a 4xx refusal") << ": "
                                     << excerpt(response.body, 160);
}

testing::AssertionResult creationAccepted(const ApiResponse& response, const std::string& what) {
  if (response.status >= 200 && response.status < 300)
    return testing::AssertionSuccess() << what << " accepted";
  return testing::AssertionFailure() << what << " answered " << response.status
                                     << ", expected 2xx: " << excerpt(response.body, 160);
}

testing::AssertionResult attemptCountWithin(const std::vector<CapturedRequest>& attempts,
                                            size_t minimum, size_t maximum,
                                            const std::string& why) {
  if (attempts.size() >= minimum && (maximum == 0 || attempts.size() <= maximum))
    return testing::AssertionSuccess() << attempts.size() << " attempts (" << why << ")";
  auto out = testing::AssertionFailure();
  out << attempts.size() << " attempt(s) arrived, expected ";
  if (maximum == minimum) out << "exactly " << minimum;
  else if (maximum == 0) out << "at least " << minimum;
  else out << minimum << " to " << maximum;
  return out << " (" << why << ")";
}

}  // namespace wc
