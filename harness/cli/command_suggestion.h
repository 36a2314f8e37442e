#pragma once
// "Did you mean": the known command closest to a mistyped one, so `webhook-conformance rn` says
// which command was meant instead of only that the argument was not expected.
#include <string>
#include <vector>

namespace wc {

// The command in `known` that `typed` most likely meant: the one command `typed` is a prefix of,
// else the nearest by edit distance when at most two edits away (and fewer edits than the typed
// word has letters); "" when nothing is close enough to suggest.
std::string closestCommand(const std::string& typed, const std::vector<std::string>& known);

}  // namespace wc
