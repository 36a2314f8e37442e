// Which cases a run selects: --filter's globs, areas and exclusions (README "Commands and flags").
#include "runner/runner.h"

namespace wc {

bool globMatch(const std::string& pattern, const std::string& text) {
  // Iterative wildcard match with backtracking to the last '*'.
  size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

namespace {

std::vector<std::string> splitPatterns(const std::vector<std::string>& patterns) {
  std::vector<std::string> out;
  for (const auto& p : patterns) {
    size_t start = 0;
    while (start <= p.size()) {
      auto comma = p.find_first_of(",:", start);  // ':' so --gtest_filter=a:b works too
      auto piece = p.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!piece.empty()) out.push_back(piece);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

// A bare area name or id prefix selects everything under it: "token" == "token.*".
bool matchOne(const std::string& pattern, const std::string& id) {
  return globMatch(pattern, id) || globMatch(pattern + ".*", id);
}

}  // namespace

bool matchesFilter(const std::string& id, const std::vector<std::string>& patterns) {
  bool anyInclude = false, included = false;
  for (const auto& p : splitPatterns(patterns)) {
    if (p[0] == '-') {
      if (matchOne(p.substr(1), id)) return false;
    } else {
      anyInclude = true;
      if (matchOne(p, id)) included = true;
    }
  }
  return !anyInclude || included;
}

std::vector<const CaseDef*> selectCases(const CaseRegistry& registry,
                                        const std::vector<std::string>& patterns) {
  std::vector<const CaseDef*> out;
  for (const auto& c : registry.all())
    if (matchesFilter(c.info.id, patterns)) out.push_back(&c);
  return out;
}

}  // namespace wc
