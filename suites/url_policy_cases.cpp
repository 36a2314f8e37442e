// url-policy — the deployment's webhooks.url policy refuses forbidden URLs at creation (422) on
// every endpoint that takes a webhook and accepts allowed ones; non-URLs are refused anyway.
#include <algorithm>

#include "util/bounded_json.h"
#include "util/url.h"
#include "case_table.h"
#include "runner/case_context.h"
#include "support/crons.h"
#include "support/delivery_windows.h"
#include "support/run_waits.h"
#include "support/payload_checks.h"
#include "support/policy_runs.h"
#include "support/target_config.h"
#include "support/url_policy.h"
#include "support/webhook_checks.h"
#include "util/excerpt.h"

namespace wc {
namespace {

constexpr const char* kPolicySource =
    "docs/PLATFORM.md: \"webhooks.url policy, checked when the run or cron is created (HTTP 422)\": "
    "max_url_length, require_https, allowed_ports, allowed_domains (exact or *.example.com, "
    "subdomains only); the langgraph.json schema (langchain-ai/langgraph libs/cli/schemas/schema.json) webhooks.url";

// A creation the target wrongly accepted: a cron must not keep firing at a forbidden URL.
void undoAccepted(CaseContext& ctx, Endpoint endpoint, const ApiResponse& r) {
  if (endpointInfo(endpoint).cron && r.json.is_object() && r.json.contains("cron_id"))
    CronGuard(ctx.target(), textField(r.json, "cron_id")).release();
}

void refusesForbidden(CaseContext& ctx, Endpoint endpoint) {
  auto policy = *urlPolicyOf(*ctx.profile().targetConfig);
  auto vectors = forbiddenUrls(policy, ctx.capture().urlFor(ctx.newRoute(), "?token=policy"),
                               sendsFromHere(ctx.profile()));
  if (vectors.empty())
    ctx.error("the configured webhooks.url policy forbids nothing the harness can build a URL for");
  for (const auto& v : vectors) {
    auto r = tryStartRun(ctx, endpoint, policyRunRequest(ctx, endpoint, v.url));
    if (r.status >= 200 && r.status < 300) undoAccepted(ctx, endpoint, r);
    ctx.check(creationRefused(r, true, endpointInfo(endpoint).operation + " with " + v.why + " (" +
                                           excerpt(v.url, 100) + ")"));
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
  auto r = tryStartRun(ctx, Endpoint::ThreadRunsCreate, policyRunRequest(ctx, Endpoint::ThreadRunsCreate, url));
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
                         policyRunRequest(ctx, Endpoint::ThreadRunsCreate, bad));
    ctx.check(creationRefused(r, false, "webhook \"" + bad + "\""));
  }
}

// The capture URL with its host replaced: both name this machine.
std::string withHost(const std::string& url, const std::string& host) {
  auto start = url.find("://");
  auto end = url.find(':', start + 3);
  if (start == std::string::npos || end == std::string::npos) return url;
  return url.substr(0, start + 3) + host + url.substr(end);
}

// 0.10.0 on: an absent disable_loopback means true, so loopback URLs are refused with 422;
// before, they are accepted (and then delivered to the capture server: loopback, ours).
void loopbackDefault(CaseContext& ctx) {
  const auto& platform = ctx.profile().platform;
  const bool refuses = platform.promises(PlatformChange::LoopbackRefusedByDefault);
  auto url = ctx.capture().urlFor(ctx.newRoute(), "?token=loopback-default");
  for (const auto& webhook : {url, withHost(url, "localhost")}) {
    auto r = tryStartRun(ctx, Endpoint::ThreadRunsCreate,
                         policyRunRequest(ctx, Endpoint::ThreadRunsCreate, webhook));
    const std::string what = "POST /threads/{thread_id}/runs with the loopback webhook " +
                             excerpt(webhook, 100) + " on " + platform.describe();
    ctx.check(refuses ? creationRefused(r, true, what + " (0.10.0 on: refused by default)")
                      : creationAccepted(r, what + " (before 0.10.0: accepted)"));
  }
  if (!ctx.failed())
    ctx.observe(std::string("loopback webhook URLs ") + (refuses ? "refused" : "accepted") +
                " as " + platform.describe() + " promises");
}

void patchRefusesForbidden(CaseContext& ctx) {
  auto policy = *urlPolicyOf(*ctx.profile().targetConfig);
  const auto allowed = ctx.capture().urlFor(ctx.newRoute(), "?token=policy-patch");
  auto vectors = forbiddenUrls(policy, allowed, sendsFromHere(ctx.profile()));
  if (vectors.empty())
    ctx.error("the configured webhooks.url policy forbids nothing the harness can build a URL for");
  auto cron = createCron(ctx, Endpoint::Cron, allowed);
  CronGuard guard(ctx.target(), cron.cronId);
  for (const auto& v : vectors) {
    auto r = ctx.target().patch("/runs/crons/" + pathSegment(cron.cronId), {{"webhook", v.url}});
    ctx.check(creationRefused(r, true, "PATCH /runs/crons/{cron_id} with " + v.why + " (" +
                                           excerpt(v.url, 100) + ")"));
  }
  if (!ctx.failed()) ctx.observe(std::to_string(vectors.size()) + " forbidden URLs refused on PATCH");
}

// The one configuration the verdict means something in (fixtures/configs/url-policy.json): the
// capture host listed exactly in allowed_domains, localhost not admitted, disable_loopback false.
// Then only allowed_domains applied at the hop can stop the redirect; an exact entry also skips
// the SSRF and loopback checks, so no other rule decides.
constexpr const char* kRedirectForm =
    "webhooks.url with allowed_domains listing the capture URL's host exactly (127.0.0.1) and "
    "not admitting localhost, and disable_loopback: false (fixtures/configs/url-policy.json)";

// An allowed URL (the capture server on 127.0.0.1) answers 307 toward the same server on
// localhost, which the policy forbids: both ends stay on loopback.
void redirectToForbiddenNotFollowed(CaseContext& ctx) {
  auto policy = *urlPolicyOf(*ctx.profile().targetConfig);
  const auto origin = ctx.newRoute(), forbidden = ctx.newRoute("redirect-target");
  const auto originUrl = ctx.capture().urlFor(origin, "?token=redirect-origin");
  const auto forbiddenUrl =
      withHost(ctx.capture().urlFor(forbidden, "?token=redirect-forbidden"), "localhost");
  if (auto why = policyForbids(policy, originUrl); !why.empty())
    ctx.error("the capture URL " + originUrl + " is itself forbidden by the configured policy (" +
              why + "): pass --callback-url with an allowed URL that reaches the capture server");
  auto originParsed = parseUrl(originUrl);
  const bool listedExactly =
      originParsed && std::find(policy.allowedDomains.begin(), policy.allowedDomains.end(),
                               originParsed->host) != policy.allowedDomains.end();
  if (!listedExactly || policyForbids(policy, forbiddenUrl).empty() ||
      policy.disableLoopback != false)
    ctx.skip(std::string("the verdict depends on how the policy admits the capture host; the "
                         "case runs only with ") + kRedirectForm);
  RouteResponse redirect{307};
  redirect.headers = {{"Location", forbiddenUrl}};
  ctx.capture().setRouteResponse(origin, redirect);
  auto run = startRun(ctx, Endpoint::ThreadRunsCreate,
                      policyRunRequest(ctx, Endpoint::ThreadRunsCreate, originUrl));
  CapturedRequest first;
  auto arrived = ctx.capture().awaitWebhook(origin, webhookTimeout(ctx), &first);
  if (!arrived)
    ctx.require(testing::AssertionFailure()
                << "no first delivery arrived, so the redirect was never offered: "
                << arrived.message());
  auto none = ctx.capture().expectNoWebhook(forbidden, redirectWindow(ctx));
  for (const auto& w : ctx.capture().received(forbidden)) ctx.addEvidence(w);
  ctx.check(none ? none
                 : testing::AssertionFailure()
                       << "the 307 toward " << forbiddenUrl
                       << " (forbidden by webhooks.url) was followed: " << none.message());
}

// One row per endpoint that takes a webhook (crons too: the policy holds on every entry point).
CaseRow refusesOn(const char* id, Endpoint endpoint) {
  const auto& ep = endpointInfo(endpoint);
  std::vector<Need> needs = {Need::ConfigUrlPolicy};
  if (ep.cron) needs.push_back(Need::Crons);
  return endpointRow(id, Level::Must, endpoint, " refuses a webhook URL the webhooks.url policy forbids (422)",
                     kPolicySource, needs, refusesForbidden)
      .evidence(EvidenceGrade::Documented)
      .creates({ep.cron ? 0 : kMaxForbiddenUrls, ep.stateful ? kMaxForbiddenUrls : 0,
                ep.cron ? kMaxForbiddenUrls : 0})  // a run (thread, cron) per forbidden URL
      .since(PlatformChange::WebhookUrlPolicy)
      .purpose("The policy is the deployment's SSRF guard; it must hold on every entry point.")
      .requiring("--target-config with a webhooks.url policy" +
                 std::string(ep.cron ? "; crons (GET /info flags.crons)" : "") + ".")
      .procedure("For each restricting key of the policy build one URL it forbids, otherwise "
                 "like the capture URL (http:// under require_https; a host outside "
                 "allowed_domains; the apex of a wildcard domain; a port outside allowed_ports; a "
                 "URL one character over max_url_length); create a " +
                 std::string(ep.cron ? "cron" : "run") +
                 " with each (an accepted cron is deleted at once). The outside host is "
                 "conformance-forbidden.invalid; on a target on this machine other than the "
                 "embedded reference it is localhost and DNS names are left out, so what a "
                 "target wrongly accepts it sends to loopback, never off this machine.")
      .asserts("Every creation answers 422.");
}

}  // namespace

// The SSRF block and relative URLs (url_policy_ssrf_cases.cpp).
CaseTable urlPolicySsrfCases();

CaseTable urlPolicyCases() {
  CaseTable rows = {
      refusesOn("url-policy.threads-runs-create-refuses-forbidden", Endpoint::ThreadRunsCreate),
      refusesOn("url-policy.threads-runs-stream-refuses-forbidden", Endpoint::ThreadRunsStream),
      refusesOn("url-policy.threads-runs-wait-refuses-forbidden", Endpoint::ThreadRunsWait),
      refusesOn("url-policy.runs-stream-refuses-forbidden", Endpoint::RunsStream),
      refusesOn("url-policy.runs-wait-refuses-forbidden", Endpoint::RunsWait),
      refusesOn("url-policy.runs-create-refuses-forbidden", Endpoint::Runs),
      refusesOn("url-policy.runs-batch-refuses-forbidden", Endpoint::RunsBatch),
      refusesOn("url-policy.threads-runs-crons-refuses-forbidden", Endpoint::ThreadCron),
      refusesOn("url-policy.runs-crons-refuses-forbidden", Endpoint::Cron),

      CaseRow{"url-policy.crons-patch-refuses-forbidden", Level::Must,
              "PATCH /runs/crons/{cron_id} refuses a webhook URL the webhooks.url policy forbids "
              "(422)",
              kPolicySource, {Need::ConfigUrlPolicy, Need::Crons}, patchRefusesForbidden}
          .evidence(EvidenceGrade::Documented)
          .since(PlatformChange::WebhookUrlPolicy)
          .since(PlatformChange::CronPatch)
          .budget(std::chrono::seconds(60))
          .creates({0, 0, 1})
          .purpose("A policy that holds at creation but not on PATCH is bypassed in two calls.")
          .requiring("--target-config with a webhooks.url policy; crons with PATCH (0.7.21 on).")
          .procedure("Create a cron on POST /runs/crons with the (allowed) capture URL; PATCH it "
                     "with each URL the policy forbids (as for the creation cases); delete it.")
          .asserts("Every PATCH answers 422."),

      CaseRow{"url-policy.redirect-to-forbidden-not-followed", Level::Should,
              "a redirect toward a URL the webhooks.url policy forbids is not followed",
              "observed, not documented: docs/PLATFORM.md 'Delivery details': the URL policy is "
              "checked on the original URL and again before sending; the Python server's client "
              "follows up to 5 redirects; whether allowed_domains applies at each hop is not "
              "documented",
              {Need::WebhooksEnabled, Need::ConfigUrlPolicy}, redirectToForbiddenNotFollowed}
          .evidence(EvidenceGrade::Assumed)
          .settledBy("a docs sentence, or a real Python server measured: that each redirect hop "
                     "is checked against webhooks.url")
          .since(PlatformChange::WebhookUrlPolicy)
          .purpose("A receiver (or whoever controls it) should not steer the deployment's webhook "
                   "past its own policy with a redirect: that is the SSRF the policy exists to "
                   "stop. A SHOULD: the platform documents no check at redirect hops; the Python "
                   "client re-checks its SSRF policy at each hop, and whether allowed_domains, "
                   "require_https and allowed_ports apply there is unknown. A documented per-hop "
                   "rule (or a measurement on a real server in this configuration) would settle "
                   "it.")
          .requiring(std::string("--target-config with ") + kRedirectForm +
                     ". Pinned because the verdict depends on it: an exact allowed_domains entry "
                     "skips the SSRF and loopback checks, and disable_loopback: false keeps the "
                     "loopback rule from refusing the hop, so only allowed_domains applied at the "
                     "hop can stop it; other forms skip.")
          .procedure("Create a run on POST /threads/{thread_id}/runs whose webhook route answers "
                     "307 with Location: the same capture server on localhost (another route); "
                     "wait for the first attempt; listen " + windowText(kPlatformRedirectWindow) +
                     " on the redirect target.")
          .asserts("Nothing arrives on the redirect target (a target that does not follow "
                   "redirects at all passes)."),

      CaseRow{"url-policy.allowed-accepted", Level::Must,
              "a webhook URL the webhooks.url policy allows is accepted and delivered",
              kPolicySource, {Need::WebhooksEnabled, Need::ConfigUrlPolicy}, acceptsAllowed}
          .evidence(EvidenceGrade::Documented)
          .since(PlatformChange::WebhookUrlPolicy)
          .purpose("A policy must not refuse what it allows (a refusing guard is not a policy).")
          .requiring("--target-config with a webhooks.url policy that allows the capture URL.")
          .procedure("Check locally that the capture URL satisfies the policy (error otherwise); "
                     "create a run with it.")
          .asserts("Creation answers 2xx and the webhook arrives."),

      CaseRow{"url-policy.loopback-default", Level::Must,
              "without webhooks.url.disable_loopback, loopback webhook URLs are refused (422) "
              "from 0.10.0 and accepted before",
              "docs/PLATFORM.md 'Versions': 0.10.0rc1 refuses loopback webhook targets by default "
              "(localhost, 127.0.0.0/8, ::1, relative URLs) unless disable_loopback: false",
              {Need::ConfigLoopbackDefault}, loopbackDefault}
          .evidence(EvidenceGrade::Documented)
          .dependsOn(PlatformChange::LoopbackRefusedByDefault)
          .creates({2, 2, 0})
          .purpose("Deployments upgraded past 0.10 stop delivering to in-cluster receivers on "
                   "localhost unless they opt out; the default must be what the version says.")
          .requiring("--target-config whose webhooks.url leaves disable_loopback unset (on the "
                     "embedded reference: the platform-defaults instance, fixtures/configs/"
                     "platform-defaults.json).")
          .procedure("Create runs on POST /threads/{thread_id}/runs with the capture URL "
                     "(127.0.0.1) and the same URL on localhost.")
          .asserts("On a version that promises the refusal (0.10.0 on, or unknown): both "
                   "creations answer 422. Before 0.10.0: both are accepted (2xx)."),

      CaseRow{"url-policy.not-a-url-refused", Level::Should,
              "webhook values that are not http(s) URLs are refused at creation (4xx)",
              "spec: `webhook` has format uri-reference (openapi.json); langgraph-api validates "
              "URLs at creation (its code; docs/PLATFORM.md); LangGraph.js accepts anything (FINDINGS.md)",
              {}, refusesNonUrls}
          .evidence(EvidenceGrade::Observed)
          .creates({2, 2, 0})
          .purpose("A typo in the URL should fail the request, not the delivery hours later.")
          .requiring("POST /threads/{thread_id}/runs. Ties up workers on some servers: "
                     "LangGraph.js accepts both webhooks and loses one queue worker for good to "
                     "each (it cannot send them), two of its ten per run of this case, so repeated "
                     "runs against one long-lived server end with it completing no runs; the "
                     "health check then says so (README \"Target health\").")
          .procedure("Create runs with webhook \"" + std::string(kNotUrls[0]) + "\" and \"" +
                     kNotUrls[1] + "\".")
          .asserts("Both creations answer 4xx."),
  };
  for (auto& row : urlPolicySsrfCases()) rows.push_back(std::move(row));
  return rows;
}

}  // namespace wc
