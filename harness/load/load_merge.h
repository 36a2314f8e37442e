#pragma once
// `webhook-conformance merge`: the load.json files of the shards of one load test (`--shard i/n`
// on several machines) combined into one accounting and one set of percentiles.
#include <string>
#include <vector>

#include "load/load_reports.h"

namespace wc::load {

// Limits on the merge's input: how many files, each at most kMaxLoadJsonBytes.
constexpr size_t kMaxMergeFiles = 1000;

// Reads and checks the files: one load test (same total runs, endpoint and shard count), each
// shard once, every shard present, no run twice. false with one line saying what is wrong.
// maxP99Ms < 0: the budget of the first file.
bool mergeLoadFiles(const std::vector<std::string>& paths, double maxP99Ms, LoadReport* merged,
                    std::string* error);

}  // namespace wc::load
