#pragma once
// --expected-failures FILE: cases known to fail on a target, so the gate can pass while they are
// fixed. A listed case that now passes is "stale" and fails the gate, so the list cannot rot.
//
// File (JSON or YAML): a list of entries, or an object {"expected_failures": [entries]};
// entry: {id: "<case id>", reason: "<why>", target_version: "<glob>" (optional)}.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runner/case.h"

namespace wc {

struct ExpectedFailure {
  std::string id;
  std::string reason;
  std::string targetVersion;  // glob over the target's /info version; "" -> any version
};

struct IgnoredExpectedFailure {
  ExpectedFailure entry;
  std::string why;  // e.g. "target_version 0.3.* does not match the target's 0.4.1"
};

// Parses the file (YAML is a superset of JSON, but JSON goes through nlohmann for exact
// messages). Returns false with one line naming the file and the problem.
bool loadExpectedFailures(const std::string& path, std::vector<ExpectedFailure>* out,
                          std::string* error);
// The same from text already read; `name` is used in messages.
bool parseExpectedFailures(const std::string& text, const std::string& name,
                           std::vector<ExpectedFailure>* out, std::string* error);

// Entries whose id is not in the catalogue, in file order.
std::vector<std::string> unknownExpectedFailureIds(const std::vector<ExpectedFailure>& entries,
                                                   const CaseRegistry& registry);

// Splits entries into those that apply to a target of `targetVersion` and those ignored.
void applyTargetVersion(const std::vector<ExpectedFailure>& entries,
                        const std::string& targetVersion, std::vector<ExpectedFailure>* active,
                        std::vector<IgnoredExpectedFailure>* ignored);

}  // namespace wc
