#include "cli/command_suggestion.h"

#include <algorithm>

namespace wc {
namespace {

// Damerau's optimal string alignment distance: a swapped pair of letters ("lsit") is one edit,
// the commonest typo.
size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t substitution = d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

}  // namespace

std::string closestCommand(const std::string& typed, const std::vector<std::string>& known) {
  constexpr size_t kMostEdits = 2;
  // A typed word of any length is one argument; past this it is no mistyped command name, and the
  // distance table stays small.
  constexpr size_t kLongestCompared = 64;
  if (typed.empty() || typed.size() > kLongestCompared) return "";
  // A command cut short ("serve") is meant more surely than one a few edits away ("merge").
  std::string extended;
  for (const auto& command : known)
    if (command.rfind(typed, 0) == 0) {
      if (!extended.empty()) {  // a prefix of several: no single guess from it
        extended.clear();
        break;
      }
      extended = command;
    }
  if (!extended.empty()) return extended;
  std::string nearest;
  size_t nearestDistance = kMostEdits + 1;
  for (const auto& command : known) {
    size_t distance = editDistance(typed, command);
    if (distance < nearestDistance && distance < typed.size()) {
      nearest = command;
      nearestDistance = distance;
    }
  }
  return nearest;
}

}  // namespace wc
