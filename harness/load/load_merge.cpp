#include "load/load_merge.h"

#include <algorithm>
#include <set>

namespace wc::load {

bool mergeLoadFiles(const std::vector<std::string>& paths, double maxP99Ms, LoadReport* merged,
                    std::string* error) {
  if (paths.empty()) {
    *error = "merge needs the load.json files of the shards";
    return false;
  }
  if (paths.size() > kMaxMergeFiles) {
    *error = "merge takes at most " + std::to_string(kMaxMergeFiles) + " files";
    return false;
  }
  auto& h = merged->header;
  std::set<int> shards;
  std::set<long> indices;
  size_t strays = 0;
  std::vector<std::string> interruptions;
  for (size_t f = 0; f < paths.size(); ++f) {
    LoadHeader fileHeader;
    std::vector<LoadRun> runs;
    size_t fileStrays = 0;
    if (!readLoadJson(paths[f], &fileHeader, &runs, &fileStrays, error)) return false;
    if (f == 0) {
      h = fileHeader;
      h.shardsMerged.clear();
      h.shardIndex = 0;
    } else if (fileHeader.totalRuns != h.totalRuns || fileHeader.endpoint != h.endpoint ||
               fileHeader.shardCount != h.shardCount) {
      *error = paths[f] + " is from another load test than " + paths[0] + " (total runs " +
               std::to_string(fileHeader.totalRuns) + " vs " + std::to_string(h.totalRuns) +
               ", endpoint " + fileHeader.endpoint + " vs " + h.endpoint + ", shards " +
               std::to_string(fileHeader.shardCount) + " vs " + std::to_string(h.shardCount) + ")";
      return false;
    }
    if (!shards.insert(fileHeader.shardIndex).second) {
      *error = paths[f] + ": shard " + std::to_string(fileHeader.shardIndex + 1) + "/" +
               std::to_string(h.shardCount) + " is given twice";
      return false;
    }
    for (auto& r : runs) {
      if (r.index % h.shardCount != fileHeader.shardIndex || !indices.insert(r.index).second) {
        *error = paths[f] + ": run " + std::to_string(r.index) +
                 " does not belong to its shard or appears twice";
        return false;
      }
      merged->runs.push_back(std::move(r));
    }
    strays += fileStrays;
    if (!fileHeader.interrupted.empty())
      interruptions.push_back("shard " + std::to_string(fileHeader.shardIndex + 1) + ": " + fileHeader.interrupted);
  }
  std::string missing;
  for (int i = 0; i < h.shardCount; ++i)
    if (!shards.count(i)) missing += (missing.empty() ? "" : ", ") + std::to_string(i + 1);
  if (!missing.empty()) {
    *error = "merge: shard(s) " + missing + " of " + std::to_string(h.shardCount) +
             " missing (give every shard's load.json)";
    return false;
  }
  if (static_cast<long>(merged->runs.size()) != h.totalRuns) {
    *error = "merge: the shards hold " + std::to_string(merged->runs.size()) + " runs, the test planned " +
             std::to_string(h.totalRuns);
    return false;
  }
  h.shardsMerged.assign(shards.begin(), shards.end());
  h.interrupted.clear();
  for (const auto& i : interruptions) h.interrupted += (h.interrupted.empty() ? "" : "; ") + i;
  if (maxP99Ms >= 0) h.maxP99Ms = maxP99Ms;
  std::sort(merged->runs.begin(), merged->runs.end(),
            [](const LoadRun& a, const LoadRun& b) { return a.index < b.index; });
  merged->summary = summarize(merged->runs, h.maxP99Ms, strays);
  return true;
}

}  // namespace wc::load
