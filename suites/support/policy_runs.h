#pragma once
// What the url-policy cases share: the run request that carries a webhook URL under test, and
// whether a URL the target wrongly accepts would be sent from this machine.
#include <string>

#include "support/endpoints.h"

namespace wc {

struct TargetProfile;

// A run (or, on a cron endpoint, a cron at the fastest schedule) with `webhook` and the case's input.
RunRequest policyRunRequest(CaseContext& ctx, Endpoint endpoint, const std::string& webhook);

// A target on this machine that is not the embedded reference (whose sender connects only to
// loopback): what it wrongly accepts, it sends from here.
bool sendsFromHere(const TargetProfile& profile);


}  // namespace wc
