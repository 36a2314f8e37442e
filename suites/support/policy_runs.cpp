#include "support/policy_runs.h"

#include "runner/case_context.h"
#include "support/crons.h"
#include "support/url_policy.h"

namespace wc {

RunRequest policyRunRequest(CaseContext& ctx, Endpoint endpoint, const std::string& webhook) {
  RunRequest r;
  r.input = caseInput(ctx);
  r.webhook = webhook;
  if (endpointInfo(endpoint).cron) r.extra = {{"schedule", fastestCronSchedule(ctx.profile())}};
  return r;
}

bool sendsFromHere(const TargetProfile& profile) {
  return targetOnThisMachine(profile.baseUrl) && !profile.embeddedReference;
}

}  // namespace wc
