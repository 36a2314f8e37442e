#pragma once
// --rerun-failed: the cases that needed attention in the last run written to a report dir (its
// report.json): those whose outcome was fail, error, stale or interrupted, as --filter ids.
#include <string>
#include <vector>

namespace wc {

// report.json is untrusted (hand-edited, another version, truncated): bounded, checked; false
// with one line naming the file and the problem. An empty list is not an error.
bool casesToRerun(const std::string& reportJsonPath, std::vector<std::string>* ids,
                  std::string* error);

}  // namespace wc
