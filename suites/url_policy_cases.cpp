// url-policy — the deployment's webhooks.url policy refuses forbidden URLs at creation (422) on
// every endpoint that takes a webhook and accepts allowed ones; non-URLs are refused anyway.
#include "util/bounded_json.h"
#include "runner/case_context.h"
#include "suites.h"
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

void refusesNonUrls(CaseContext& ctx) {
  for (const std::string bad : {"not a url", "ftp://example.com/hook"}) {
    auto r = tryStartRun(ctx, Endpoint::ThreadRunsCreate,
                         requestFor(ctx, Endpoint::ThreadRunsCreate, bad));
    ctx.check(creationRefused(r, false, "webhook \"" + bad + "\""));
  }
}

}  // namespace

void registerUrlPolicyCases(CaseRegistry& registry) {
  for (const auto& ep : allEndpoints()) {
    CaseInfo info;
    info.id = "url-policy." + ep.slug + "-refuses-forbidden";
    info.area = "url-policy";
    info.endpoint = ep.slug;
    info.level = Level::Must;
    info.title = ep.operation + " refuses a webhook URL the webhooks.url policy forbids (422)";
    info.source = kPolicySource;
    info.purpose = "The policy is the deployment's SSRF guard; it must hold on every entry point.";
    info.requires_ = "--target-config with a webhooks.url policy" +
                     std::string(ep.cron ? "; crons (GET /info flags.crons)" : "") + ".";
    info.procedure = "For each restricting key of the policy build one URL it forbids, otherwise "
                     "like the capture URL (http:// under require_https; a host outside "
                     "allowed_domains; the apex of a wildcard domain; a port outside "
                     "allowed_ports; a URL one character over max_url_length); create a " +
                     std::string(ep.cron ? "cron" : "run") + " with each (an accepted cron is "
                     "deleted at once).";
    info.asserts = "Every creation answers 422.";
    info.needs = {"config:url-policy"};
    if (ep.cron) info.needs.push_back("crons");
    auto endpoint = ep.endpoint;
    registry.add({info, [endpoint](CaseContext& ctx) { refusesForbidden(ctx, endpoint); }});
  }

  CaseInfo ok;
  ok.id = "url-policy.allowed-accepted";
  ok.area = "url-policy";
  ok.endpoint = "threads-runs-create";
  ok.level = Level::Must;
  ok.title = "a webhook URL the webhooks.url policy allows is accepted and delivered";
  ok.source = kPolicySource;
  ok.purpose = "A policy must not refuse what it allows (a refusing guard is not a policy).";
  ok.requires_ = "--target-config with a webhooks.url policy that allows the capture URL.";
  ok.procedure = "Check locally that the capture URL satisfies the policy (error otherwise); "
                 "create a run with it.";
  ok.asserts = "Creation answers 2xx and the webhook arrives.";
  ok.needs = {"webhooks-enabled", "config:url-policy"};
  registry.add({ok, acceptsAllowed});

  CaseInfo bad;
  bad.id = "url-policy.not-a-url-refused";
  bad.area = "url-policy";
  bad.endpoint = "threads-runs-create";
  bad.level = Level::Should;
  bad.title = "webhook values that are not http(s) URLs are refused at creation (4xx)";
  bad.source = "spec: `webhook` has format uri-reference (openapi.json); langgraph-api validates "
               "URLs at creation (spec/README.md); LangGraph.js accepts anything (FINDINGS.md)";
  bad.purpose = "A typo in the URL should fail the request, not the delivery hours later.";
  bad.requires_ = "POST /threads/{thread_id}/runs.";
  bad.procedure = "Create runs with webhook \"not a url\" and \"ftp://example.com/hook\".";
  bad.asserts = "Both creations answer 4xx.";
  registry.add({bad, refusesNonUrls});
}

}  // namespace wc
