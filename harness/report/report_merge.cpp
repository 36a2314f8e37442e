#include "report/report_merge.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "report/json_report.h"
#include "util/ids.h"

namespace wc {
namespace {

// "A (default)": the run as the user named it, and the instance it ran on there.
std::string originLabel(const std::string& runLabel, const std::string& instance) {
  return instance.empty() ? runLabel : runLabel + " (" + instance + ")";
}

const TargetInstance* instanceNamed(const RunReport& run, const std::string& name) {
  for (const auto& i : run.instances)
    if (i.name == name) return &i;
  return nullptr;
}

// "a, b and 3 more": distinct values, in order, at most five named (a URL list is a title).
std::string listed(const std::vector<std::string>& values, const char* separator) {
  std::vector<std::string> distinct;
  for (const auto& v : values)
    if (!v.empty() && std::find(distinct.begin(), distinct.end(), v) == distinct.end()) distinct.push_back(v);
  std::string out;
  for (size_t i = 0; i < distinct.size() && i < 5; ++i) out += (i ? separator : "") + distinct[i];
  if (distinct.size() > 5) out += " and " + std::to_string(distinct.size() - 5) + " more";
  return out;
}

// The target as the writers title it: the first run's, naming every run's URL and fault.
TargetProfile mergedProfile(const std::vector<ReadReport>& inputs) {
  TargetProfile p = inputs.front().run.profile;
  std::vector<std::string> urls, faults;
  for (const auto& in : inputs) {
    urls.push_back(in.run.profile.baseUrl);
    faults.push_back(in.run.profile.referenceFault);
    p.embeddedReference = p.embeddedReference && in.run.profile.embeddedReference;
  }
  p.baseUrl = listed(urls, " + ");
  p.referenceFault = listed(faults, ", ");
  p.instance.clear();
  return p;
}

struct Entry {
  size_t run, index;
};

}  // namespace

MergedRuns mergeRuns(std::vector<ReadReport> inputs, const std::vector<std::string>& labels,
                     bool strict, const std::string& toolVersion, const CaseRank& rank) {
  MergedRuns m;
  auto& out = m.report;
  out.toolVersion = toolVersion;
  out.profile = mergedProfile(inputs);
  out.strict = strict;
  // Every id with its entries, in order of first appearance; the catalogue order comes below.
  std::vector<std::string> order;
  std::map<std::string, std::vector<Entry>> byId;
  // The wall span of the runs; a run that recorded no start (the epoch) does not stretch it.
  std::optional<std::chrono::system_clock::time_point> first, end;
  nlohmann::json runConfigurations = nlohmann::json::array();
  std::vector<std::string> expectedFiles;
  for (size_t i = 0; i < inputs.size(); ++i) {
    auto& run = inputs[i].run;
    const auto& label = labels[i];
    out.strict = out.strict || run.strict;
    if (run.startedAt != std::chrono::system_clock::time_point{}) {
      first = first ? std::min(*first, run.startedAt) : run.startedAt;
      end = end ? std::max(*end, run.startedAt + run.duration) : run.startedAt + run.duration;
    }
    runConfigurations.push_back({{"report", inputs[i].path}, {"configuration", run.configuration}});
    expectedFiles.push_back(run.expectedFailuresFile.empty() ? "" : label + ": " + run.expectedFailuresFile);
    for (const auto& [id, e] : run.expectedFailures) out.expectedFailures.emplace(id, e);
    for (const auto& ignored : run.ignoredExpectedFailures) out.ignoredExpectedFailures.push_back(ignored);
    if (!run.interruption.empty())
      out.interruption += (out.interruption.empty() ? "" : "; ") + label + ": " + run.interruption;
    for (const auto& d : run.diagnoses) out.diagnoses.push_back(label + ": " + d);
    if (inputs[i].errorExitCode != 0) {
      out.diagnoses.push_back(label + ": no case ran (exit " + std::to_string(inputs[i].errorExitCode) +
                              "): " + inputs[i].errorMessage);
      m.unreachable = m.unreachable || inputs[i].errorExitCode == 3;
      // A run stopped by a signal before its first case never passes: it tested nothing.
      if (inputs[i].errorExitCode != 3)
        out.interruption += (out.interruption.empty() ? "" : "; ") + label + ": stopped before any case";
    }
    for (size_t r = 0; r < run.results.size(); ++r) {
      auto [it, fresh] = byId.try_emplace(run.results[r].info.id);
      if (fresh) order.push_back(it->first);
      it->second.push_back({i, r});
    }
  }
  out.startedAt = first.value_or(std::chrono::system_clock::time_point{});
  if (first) out.duration = std::chrono::duration_cast<std::chrono::milliseconds>(*end - *first);
  out.expectedFailuresFile = listed(expectedFiles, "; ");
  out.configuration = {{"command", "merge"}, {"strict", out.strict}, {"runs", runConfigurations}};
  // Catalogue order (the writers group by area and show it in this order); unknown ids last,
  // in order of first appearance (stable sort).
  if (rank)
    std::stable_sort(order.begin(), order.end(),
                     [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  std::map<std::string, size_t> instanceIndex;  // origin label -> out.instances
  for (const auto& id : order) {
    const auto& entries = byId[id];
    std::vector<Entry> kept;
    for (const auto& e : entries)
      if (inputs[e.run].run.results[e.index].verdict != Verdict::Skip) kept.push_back(e);
    if (kept.empty()) kept.push_back(entries.front());  // skipped everywhere: one skip
    for (const auto& e : kept) {
      if (out.results.size() >= kMaxMergedCases) break;
      auto& run = inputs[e.run].run;
      auto result = std::move(run.results[e.index]);
      const auto* inst = instanceNamed(run, result.instance);
      CaseOrigin o{e.run, inputs[e.run].path, inst && !inst->baseUrl.empty() ? inst->baseUrl : run.profile.baseUrl,
                   result.instance};
      result.instance = originLabel(labels[e.run], o.instance);
      auto [slot, fresh] = instanceIndex.try_emplace(result.instance, out.instances.size());
      if (fresh) out.instances.push_back({result.instance, inst ? inst->configFile : "", o.target, 0});
      ++out.instances[slot->second].cases;
      out.results.push_back(std::move(result));
      m.origins.push_back(std::move(o));
    }
  }
  for (auto& in : inputs) in.run.results.clear();
  m.inputs = std::move(inputs);
  return m;
}

nlohmann::json mergedJsonReport(const JudgedRun& judged, const MergedRuns& merged) {
  auto doc = buildJsonReport(judged);
  auto& cases = doc["cases"];
  for (size_t i = 0; i < cases.size() && i < merged.origins.size(); ++i) {
    const auto& o = merged.origins[i];
    cases[i]["origin"] = {{"run", o.run},
                          {"report", o.report},
                          {"target", o.target},
                          {"instance", o.instance.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.instance)}};
  }
  auto runs = nlohmann::json::array();
  for (const auto& in : merged.inputs) {
    auto orNull = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
    size_t cases = 0;
    for (const auto& o : merged.origins) cases += merged.inputs.data() + o.run == &in;
    runs.push_back({{"report", in.path},
                    {"target", in.run.profile.baseUrl},
                    {"started_at", isoTimestamp(in.run.startedAt)},
                    {"tool_version", in.run.toolVersion},
                    {"gate", orNull(in.gate)},
                    {"strict", in.run.strict},
                    {"cases_kept", cases},
                    {"error", orNull(in.errorMessage)},
                    {"interrupted", orNull(in.run.interruption)}});
  }
  doc["merged_from"] = runs;
  return doc;
}

}  // namespace wc
