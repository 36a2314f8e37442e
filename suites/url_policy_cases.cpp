// url-policy — the deployment's webhooks.url policy refuses forbidden URLs at creation (422) on
// every endpoint that takes a webhook and accepts allowed ones; non-URLs are refused anyway.
#include "util/bounded_json.h"
#include "case_table.h"
#include "runner/case_context.h"
#include "support/crons.h"
#include "support/payload_checks.h"
#include "support/target_config.h"
#include "support/url_policy.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

constexpr const char* kPolicySource =
    "spec/README.md: \"webhooks.url policy, checked when the run or cron is created (HTTP 422)\": "
    "max_url_length, require_https, allowed_ports, allowed_domains (exact or *.example.com, "
    "subdomains only); langgraph-cli-config.schema.json webhooks.url";

RunRequest requestFor(CaseContext& ctx, Endpoint endpoint, const std::string& webhook) {
  RunRequest r;
  r.input = caseInput(ctx);
  r.webhook = webhook;
  if (endpointInfo(endpoint).cron) r.extra = {{"schedule", fastestCronSchedule(ctx.profile())}};
  return r;
}

// A creation the target wrongly accepted: a cron must not keep firing at a forbidden URL.
void undoAccepted(CaseContext& ctx, Endpoint endpoint, const ApiResponse& r) {
  if (endpointInfo(endpoint).cron && r.json.is_object() && r.json.contains("cron_id"))
    CronGuard(ctx.target(), textField(r.json, "cron_id")).release();
}

std::string clipUrl(const std::string& url) {
  return url.size() > 100 ? url.substr(0, 100) + "...(" + std::to_string(url.size()) + " chars)" : url;
}

void refusesForbidden(CaseContext& ctx, Endpoint endpoint) {
  auto policy = *urlPolicyOf(*ctx.profile().targetConfig);
  auto vectors = forbiddenUrls(policy, ctx.capture().urlFor(ctx.newRoute(), "?token=policy"));
  if (vectors.empty())
    ctx.error("the configured webhooks.url policy forbids nothing the harness can build a URL for");
  for (const auto& v : vectors) {
    auto r = tryStartRun(ctx, endpoint, requestFor(ctx, endpoint, v.url));
    if (r.status >= 200 && r.status < 300) undoAccepted(ctx, endpoint, r);
    ctx.check(creationRefused(r, true, endpointInfo(endpoint).operation + " with " + v.why + " (" +
                                           clipUrl(v.url) + ")"));
  }
  if (!ctx.failed()) ctx.observe(std::to_string(vectors.size()) + " forbidden URLs refused with 422");
}

void acceptsAllowed(CaseContext& ctx) {
  auto policy = *urlPolicyOf(*ctx.profile().targetConfig);
  auto route = ctx.newRoute();
  auto url = ctx.capture().urlFor(route, "?token=allowed");
  auto why = policyForbids(policy, url);
  if (!why.empty())
    ctx.error("the capture URL " + url + " is itself forbidden by the configured policy (" + why +
              "): pass --callback-url with an allowed URL that reaches the capture server");
  auto r = tryStartRun(ctx, Endpoint::ThreadRunsCreate, requestFor(ctx, Endpoint::ThreadRunsCreate, url));
  ctx.require(creationAccepted(r, "POST /threads/{thread_id}/runs with an allowed webhook URL"));
  CapturedRequest webhook;
  ctx.require(ctx.capture().awaitWebhook(route, webhookTimeout(ctx), &webhook));
  ctx.addEvidence(webhook);
}

// Webhook values no server should accept, whatever its policy.
constexpr const char* kNotUrls[] = {"not a url", "ftp://example.com/hook"};
static_assert(std::size(kNotUrls) == 2, "the write-up says \"Both creations\"");

void refusesNonUrls(CaseContext& ctx) {
  for (const std::string bad : kNotUrls) {
    auto r = tryStartRun(ctx, Endpoint::ThreadRunsCreate,
                         requestFor(ctx, Endpoint::ThreadRunsCreate, bad));
    ctx.check(creationRefused(r, false, "webhook \"" + bad + "\""));
  }
}

// One row per endpoint that takes a webhook (crons too: the policy holds on every entry point).
CaseRow refusesOn(const char* id, Endpoint endpoint) {
  const auto& ep = endpointInfo(endpoint);
  std::vector<Need> needs = {Need::ConfigUrlPolicy};
  if (ep.cron) needs.push_back(Need::Crons);
  return endpointRow(id, Level::Must, endpoint, " refuses a webhook URL the webhooks.url policy forbids (422)",
                     kPolicySource, needs, refusesForbidden)
      .purpose("The policy is the deployment's SSRF guard; it must hold on every entry point.")
      .requiring("--target-config with a webhooks.url policy" +
                 std::string(ep.cron ? "; crons (GET /info flags.crons)" : "") + ".")
      .procedure("For each restricting key of the policy build one URL it forbids, otherwise "
                 "like the capture URL (http:// under require_https; a host outside "
                 "allowed_domains; the apex of a wildcard domain; a port outside allowed_ports; a "
                 "URL one character over max_url_length); create a " +
                 std::string(ep.cron ? "cron" : "run") +
                 " with each (an accepted cron is deleted at once).")
      .asserts("Every creation answers 422.");
}

}  // namespace

CaseTable urlPolicyCases() {
  return {
      refusesOn("url-policy.threads-runs-create-refuses-forbidden", Endpoint::ThreadRunsCreate),
      refusesOn("url-policy.threads-runs-stream-refuses-forbidden", Endpoint::ThreadRunsStream),
      refusesOn("url-policy.threads-runs-wait-refuses-forbidden", Endpoint::ThreadRunsWait),
      refusesOn("url-policy.runs-stream-refuses-forbidden", Endpoint::RunsStream),
      refusesOn("url-policy.runs-wait-refuses-forbidden", Endpoint::RunsWait),
      refusesOn("url-policy.threads-runs-crons-refuses-forbidden", Endpoint::ThreadCron),
      refusesOn("url-policy.runs-crons-refuses-forbidden", Endpoint::Cron),

      CaseRow{"url-policy.allowed-accepted", Level::Must,
              "a webhook URL the webhooks.url policy allows is accepted and delivered",
              kPolicySource, {Need::WebhooksEnabled, Need::ConfigUrlPolicy}, acceptsAllowed}
          .purpose("A policy must not refuse what it allows (a refusing guard is not a policy).")
          .requiring("--target-config with a webhooks.url policy that allows the capture URL.")
          .procedure("Check locally that the capture URL satisfies the policy (error otherwise); "
                     "create a run with it.")
          .asserts("Creation answers 2xx and the webhook arrives."),

      CaseRow{"url-policy.not-a-url-refused", Level::Should,
              "webhook values that are not http(s) URLs are refused at creation (4xx)",
              "spec: `webhook` has format uri-reference (openapi.json); langgraph-api validates "
              "URLs at creation (spec/README.md); LangGraph.js accepts anything (FINDINGS.md)",
              {}, refusesNonUrls}
          .purpose("A typo in the URL should fail the request, not the delivery hours later.")
          .requiring("POST /threads/{thread_id}/runs.")
          .procedure("Create runs with webhook \"" + std::string(kNotUrls[0]) + "\" and \"" +
                     kNotUrls[1] + "\".")
          .asserts("Both creations answer 4xx."),
  };
}

}  // namespace wc
