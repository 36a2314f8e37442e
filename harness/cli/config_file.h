#pragma once
// `run --config FILE`: the run's flags from a TOML or INI file (CLI11 reads it). The file is
// outside input: before CLI11 reads it whole, it must be a regular file of at most 1 MiB.
#include <optional>
#include <string>
#include <vector>

namespace wc {

inline constexpr size_t kMaxConfigFileBytes = 1 << 20;

// CLI11's reversed argument vector: one line naming what is wrong with a --config FILE given
// before the command, or std::nullopt (none given, or every one given is fit to read).
std::optional<std::string> configFileProblem(const std::vector<std::string>& reversedArgs);

}  // namespace wc
