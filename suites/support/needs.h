#pragma once
// Whether the target meets what a case needs (CaseInfo::needs): the target's /info, the run's
// flags, and the deployment's langgraph.json (--target-config, read by target_config.h). The
// runner does not judge needs itself; every table row's CaseDef::unmetNeed calls skipReason.
#include <optional>
#include <string>
#include <vector>

#include "runner/case.h"
#include "runner/environment.h"

namespace wc {

// Why a case cannot run on this target (its first unmet need), or nullopt when it can.
std::optional<std::string> skipReason(const CaseInfo& info, const TargetProfile& profile);
std::optional<std::string> skipReason(const std::vector<Need>& needs, const TargetProfile& profile);
// Why one need is unmet on this target, or nullopt when it is met.
std::optional<std::string> skipReason(Need need, const TargetProfile& profile);

// Why a case that checks the `since` changes is not judged on this platform version (the first
// change its version predates), or nullopt when the version promises them all.
std::optional<std::string> versionSkipReason(const std::vector<PlatformChange>& since,
                                             const PlatformProfile& platform);

}  // namespace wc
