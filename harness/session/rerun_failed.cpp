#include "session/rerun_failed.h"

#include <cctype>
#include <map>
#include <set>

#include "util/bounded_json.h"

namespace wc {
namespace {

constexpr size_t kMaxIdBytes = 200;

bool isCaseId(const std::string& id) {
  if (id.empty() || id.size() > kMaxIdBytes) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'))
      return false;  // a glob character here would select more than the run had
  return true;
}

std::string recordedText(const nlohmann::json& configuration, const char* key) {
  auto it = configuration.find(key);
  return it != configuration.end() && it->is_string() ? it->get<std::string>() : "";
}

// One option that names the target: taken from the report when not given, refused when different.
bool sameOrTaken(const nlohmann::json& recorded, const char* key, const char* flag,
                 std::string* given, const std::string& shownGiven, std::string* error) {
  const auto before = recordedText(recorded, key);
  if (given->empty()) {
    *given = before;
    return true;
  }
  if (shownGiven == before) return true;
  *error = std::string("--rerun-failed reruns against the target of the last run (") + flag + " " +
           (before.empty() ? "not given" : "'" + before.substr(0, 200) + "'") + "); " + flag +
           " '" + shownGiven.substr(0, 200) + "' differs: drop it, or run all cases against the "
           "new target";
  return false;
}

}  // namespace

bool casesToRerun(const std::string& path, std::vector<std::string>* ids, std::string* error) {
  std::string text, why;
  if (!readBoundedFile(path, kMaxReportJsonBytes, &text, &why)) {
    *error = "--rerun-failed: " + why + " (run once with this --report-dir first)";
    return false;
  }
  // The bounds merge reads a report.json with (report_reader.h): what merge wrote, a rerun reads.
  auto report = parseBoundedJson(text, {kMaxReportDepth, kMaxReportJsonBytes, kMaxReportValues}, &why);
  auto fail = [&](const std::string& problem) {
    *error = "--rerun-failed: " + path + ": " + problem;
    return false;
  };
  if (!report) return fail("not JSON: " + why);
  if (!report->is_object() || !report->contains("cases") || !(*report)["cases"].is_array())
    return fail("not a report.json of webhook-conformance (no \"cases\" list)");
  static const std::set<std::string> kAttention = {"fail", "error", "stale", "interrupted"};
  std::set<std::string> seen;
  for (const auto& c : (*report)["cases"]) {
    if (!c.is_object()) return fail("a case is not an object");
    auto id = c.find("id");
    auto outcome = c.find("outcome");
    if (outcome == c.end()) outcome = c.find("verdict");
    if (id == c.end() || !id->is_string() || outcome == c.end() || !outcome->is_string())
      return fail("a case has no string \"id\" and \"outcome\"");
    const auto name = id->get<std::string>();
    if (!isCaseId(name)) return fail("case id '" + name.substr(0, 60) + "' is not a case id");
    if (kAttention.count(outcome->get<std::string>()) && seen.insert(name).second)
      ids->push_back(name);
  }
  return true;
}

std::optional<RerunPlan> planRerun(SessionOptions* o, std::string* error) {
  const auto path = o->reportDir + "/report.json";
  RerunPlan plan;
  if (!casesToRerun(path, &plan.ids, error)) return std::nullopt;
  std::string why;
  if (!readReportJson(path, &plan.previous, &why)) {
    *error = "--rerun-failed: " + why;
    return std::nullopt;
  }
  const auto& last = plan.previous;
  if (last.errorExitCode != 0) {
    *error = "--rerun-failed: the last run in " + o->reportDir + " ended before any case (exit " +
             std::to_string(last.errorExitCode) + "): it judged nothing to rerun; run all cases "
             "again once the target is reachable";
    return std::nullopt;
  }
  // What broke that run's gate as it judged it (a warning under --strict too).
  const JudgedRun judged(last.run);
  std::set<std::string> listed(plan.ids.begin(), plan.ids.end());
  for (const auto& r : last.run.results)
    if (judged.outcome(r).breaksGate && listed.insert(r.info.id).second) plan.ids.push_back(r.info.id);
  if (plan.ids.empty() && !judged.gate.passed()) {
    *error = "--rerun-failed: the last run in " + o->reportDir + " did not pass (" +
             (judged.gate.nothingJudged ? std::string("it judged no case")
                                        : "it was interrupted: " + last.run.interruption.substr(0, 200)) +
             ") yet no case of it needs a rerun: run all cases again";
    return std::nullopt;
  }
  const auto& recorded = last.run.configuration;
  // A target URL with a password was recorded masked: it must be given again, and matches when
  // its masked form does.
  const auto recordedTarget = recordedText(recorded, "target");
  if (o->target.empty() && recordedTarget.find(Redactor::kMask) != std::string::npos) {
    *error = "--rerun-failed: the last run's --target carried a password, which reports never "
             "keep: give the same --target again";
    return std::nullopt;
  }
  const auto shownTarget = redactUrlUserinfo(o->target);
  if (o->target.empty()) o->target = recordedTarget;
  else if (!sameOrTaken(recorded, "target", "--target", &o->target, shownTarget, error))
    return std::nullopt;
  struct Identity {
    const char* key;
    const char* flag;
    std::string* value;
  };
  for (const Identity& i : {Identity{"launch", "--launch", &o->launch},
                            Identity{"launch_dir", "--launch-dir", &o->launchDir},
                            Identity{"target_config", "--target-config", &o->targetConfig},
                            Identity{"reference_fault", "--reference-fault", &o->referenceFault},
                            Identity{"emulate_version", "--emulate-version", &o->emulateVersion},
                            Identity{"platform_version", "--platform-version", &o->platformVersion},
                            Identity{"assistant", "--assistant", &o->assistants.assistant},
                            Identity{"fail_assistant", "--fail-assistant", &o->assistants.failAssistant},
                            Identity{"slow_assistant", "--slow-assistant", &o->assistants.slowAssistant},
                            Identity{"review_assistant", "--review-assistant", &o->assistants.reviewAssistant}})
    if (!sameOrTaken(recorded, i.key, i.flag, i.value, *i.value, error)) return std::nullopt;
  // How it was judged: kept unless the user says otherwise.
  if (o->expectedFailures.empty()) o->expectedFailures = recordedText(recorded, "expected_failures");
  if (o->callbackUrl.empty() && recordedText(recorded, "callback_url").find(Redactor::kMask) ==
                                    std::string::npos)
    o->callbackUrl = recordedText(recorded, "callback_url");
  auto flag = [&](const char* key) {
    auto it = recorded.find(key);
    return it != recorded.end() && it->is_boolean() && it->get<bool>();
  };
  o->strict = o->strict || flag("strict");
  o->destructive = o->destructive || flag("destructive");
  if (auto it = recorded.find("timeout_scale"); o->timeoutScale == 1.0 && it != recorded.end() &&
                                                it->is_number())
    o->timeoutScale = it->get<double>();
  o->filters = plan.ids;
  return plan;
}

void mergeRerunResults(const RerunPlan& plan, RunReport* rerun) {
  std::map<std::string, CaseResult*> fresh;
  for (auto& r : rerun->results) fresh[r.info.id] = &r;
  std::vector<CaseResult> merged;
  merged.reserve(plan.previous.run.results.size());
  for (const auto& before : plan.previous.run.results) {
    auto it = fresh.find(before.info.id);
    if (it == fresh.end()) {
      merged.push_back(before);
      continue;
    }
    merged.push_back(std::move(*it->second));
    merged.back().rerun = true;
    fresh.erase(it);
  }
  rerun->results = std::move(merged);
  rerun->rerunOf = plan.previous.run.startedAt;
}

}  // namespace wc
