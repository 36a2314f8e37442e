#pragma once
// For the promises that depend on the deployment's configuration (webhooks.headers,
// webhooks.allowed_fields): one case runs on that configuration and judges a webhook from every
// endpoint, so no endpoint is left unjudged there.
#include <string>

#include "runner/case.h"

namespace wc {

class CaseContext;

// One run with a webhook on each of the seven run endpoints, then, when the target has crons, one
// firing each of a thread cron, a stateless cron and a stateless cron whose webhook was PATCHed
// (the three crons fire concurrently and are deleted however the case ends). Every webhook is
// judged by the contract, so a breach names its endpoint. `token` goes into each URL's query.
void judgeWebhookOfEveryEndpoint(CaseContext& ctx, const std::string& token);

// What judgeWebhookOfEveryEndpoint creates at most: seven runs, four threads, three crons.
Creations everyEndpointCreations();

}  // namespace wc
