// url-policy, the SSRF block and relative URLs: what the Python server refuses at creation
// whatever webhooks.url says (cloud metadata, cluster-internal names), what it refuses only when
// asked (private addresses), and relative URLs from 0.10.0 on. Every verdict is the creation's
// answer: nothing the harness runs connects to these hosts.
#include <algorithm>

#include "case_table.h"
#include "runner/case_context.h"
#include "support/payload_checks.h"
#include "support/policy_runs.h"
#include "support/target_config.h"
#include "support/url_policy.h"
#include "util/url.h"

namespace wc {
namespace {

constexpr const char* kSsrfSource =
    "observed in the server's code, not in the docs page: the Python server's webhook.py and "
    "config modules (langgraph_api) as copied in public repositories, and the SSRF policy class "
    "they use "
    "(langchain-ai/langchain libs/core/langchain_core/_security/_policy.py), read 2026-12-07; "
    "docs/PLATFORM.md 'Delivery details'";

// Ports 9 (discard): a target that wrongly accepts one of these tries a port nothing answers on.
constexpr const char* kMetadataUrls[] = {
    "http://169.254.169.254:9/latest/meta-data/?token=ssrf-metadata",
    "http://[fd00:ec2::254]:9/latest/meta-data/?token=ssrf-metadata",
    "http://100.100.100.200:9/latest/meta-data/?token=ssrf-metadata",
    "http://metadata.google.internal:9/computeMetadata/v1/?token=ssrf-metadata"};
// The API server's name resolves in every Kubernetes cluster, so a server without the name rule
// would accept it there (elsewhere its DNS check refuses it too).
constexpr const char* kClusterLocalUrl =
    "http://kubernetes.default.svc.cluster.local:9/hook?token=ssrf-cluster-local";
constexpr const char* kPrivateUrls[] = {"http://10.0.0.1:9/hook?token=ssrf-private",
                                        "http://100.64.0.1:9/hook?token=ssrf-cgn"};
// What an app passed in the outage the loopback change caused (langchain-ai/open-swe PR #1658).
constexpr const char* kRelativeUrl = "/webhooks/run-complete?token=conformance-relative";

// A URL the target would wrongly contact from here, if it accepted it: never sent.
void skipWhenSentFromHere(CaseContext& ctx, const char* example) {
  if (sendsFromHere(ctx.profile()))
    ctx.skip(std::string("the target runs on this machine (a loopback base URL): if it "
                         "accepted the URL it would connect to ") + example +
             " from here, and the harness never causes a connection off this machine; run it "
             "against a deployment");
}

// Creates a run with each URL; every creation must answer 422.
void eachRefused(CaseContext& ctx, const std::vector<std::string>& urls) {
  for (const auto& webhook : urls) {
    auto r = tryStartRun(ctx, Endpoint::ThreadRunsCreate,
                         policyRunRequest(ctx, Endpoint::ThreadRunsCreate, webhook));
    ctx.check(creationRefused(r, true, "POST /threads/{thread_id}/runs with webhook " + webhook));
  }
  if (!ctx.failed()) ctx.observe(std::to_string(urls.size()) + " webhook URLs refused with 422");
}

// An exact or wildcard allowed_domains entry skips the SSRF block: the operator vouched for it.
void skipWhenVouchedFor(CaseContext& ctx, const std::vector<std::string>& urls) {
  if (!ctx.profile().targetConfig) return;
  auto policy = urlPolicyOf(*ctx.profile().targetConfig);
  if (!policy || policy->allowedDomains.empty()) return;
  for (const auto& text : urls)
    if (auto url = parseUrl(text); url && policyForbids(*policy, text).empty())
      ctx.skip("the deployment's webhooks.url.allowed_domains admits " + url->host +
               ", and an admitted host skips the SSRF block");
}

void metadataAddressRefused(CaseContext& ctx) {
  skipWhenSentFromHere(ctx, kMetadataUrls[0]);
  const std::vector<std::string> urls(std::begin(kMetadataUrls), std::end(kMetadataUrls));
  skipWhenVouchedFor(ctx, urls);
  eachRefused(ctx, urls);
}

void clusterLocalRefused(CaseContext& ctx) {
  skipWhenSentFromHere(ctx, kClusterLocalUrl);
  skipWhenVouchedFor(ctx, {kClusterLocalUrl});
  eachRefused(ctx, {kClusterLocalUrl});
}

void privateAddressRefused(CaseContext& ctx) {
  auto policy = urlPolicyOf(*ctx.profile().targetConfig);
  if (policy && restricts(*policy))
    ctx.skip("the deployment's webhooks.url policy restricts URLs: a refusal could not be told "
             "apart from the private-address rule");
  skipWhenSentFromHere(ctx, kPrivateUrls[0]);
  eachRefused(ctx, std::vector<std::string>(std::begin(kPrivateUrls), std::end(kPrivateUrls)));
}

// 0.10.0 on: refused, as loopback (the relative URL was dispatched to the server itself, past
// auth). Before: accepted. Either way the URL names the target, never another host.
void relativeUrlRefused(CaseContext& ctx) {
  const auto& platform = ctx.profile().platform;
  const bool refuses = platform.promises(PlatformChange::LoopbackRefusedByDefault);
  auto r = tryStartRun(ctx, Endpoint::ThreadRunsCreate,
                       policyRunRequest(ctx, Endpoint::ThreadRunsCreate, kRelativeUrl));
  const std::string what = std::string("POST /threads/{thread_id}/runs with the relative webhook ") +
                           kRelativeUrl + " on " + platform.describe();
  ctx.check(refuses ? creationRefused(r, true, what + " (0.10.0 on: refused by default)")
                    : creationAccepted(r, what + " (before 0.10.0: accepted)"));
}

constexpr const char* kDestructiveRemote =
    "Destructive: a target that accepts the URL would then try to deliver inside its own "
    "network, so it runs only with --destructive; on the embedded reference (disposable, and its "
    "sender connects only to loopback) it runs by default. Skipped on any other target on this "
    "machine (--launch, a loopback --target): that target would connect off this machine.";

}  // namespace

CaseTable urlPolicySsrfCases() {
  return {
      CaseRow{"url-policy.metadata-address-refused", Level::Must,
              "cloud-metadata webhook addresses and names are refused at creation, whatever the "
              "webhooks.url configuration",
              kSsrfSource, {Need::Destructive}, metadataAddressRefused}
          .evidence(EvidenceGrade::Observed)
          .since(PlatformChange::SsrfProtection)
          .creates({std::size(kMetadataUrls), std::size(kMetadataUrls), 0})
          .purpose("A webhook URL is a request the deployment makes from inside its network; "
                   "169.254.169.254 and its kin hand out cloud credentials. The Python server "
                   "refuses them whatever disable_private_ips says. The first version with the "
                   "rule is not published (0.10.0 assumed); a changelog entry would settle it.")
          .requiring(std::string("A version that promises the SSRF block, and no allowed_domains "
                                 "entry admitting these hosts (an admitted host skips the block). ") +
                     kDestructiveRemote)
          .procedure("Create runs on POST /threads/{thread_id}/runs with webhooks " +
                     std::string(kMetadataUrls[0]) + ", " + kMetadataUrls[1] + ", " +
                     kMetadataUrls[2] + " and " + kMetadataUrls[3] + ".")
          .asserts("Every creation answers 422. Nothing is sent to these addresses by the harness."),

      CaseRow{"url-policy.cluster-local-refused", Level::Must,
              "a *.svc.cluster.local webhook host is refused at creation, whatever the "
              "webhooks.url configuration",
              kSsrfSource, {Need::Destructive}, clusterLocalRefused}
          .evidence(EvidenceGrade::Observed)
          .since(PlatformChange::SsrfProtection)
          .creates({1, 1, 0})
          .purpose("Cluster-internal services trust callers from inside the cluster; a webhook "
                   "must not turn the deployment into one. The first version with the rule is "
                   "not published (0.10.0 assumed).")
          .requiring(std::string("A version that promises the SSRF block. Outside Kubernetes "
                                 "the name does not resolve and the DNS check refuses it too, "
                                 "so the case can only fail in a cluster. ") +
                     kDestructiveRemote)
          .procedure(std::string("Create a run on POST /threads/{thread_id}/runs with webhook ") +
                     kClusterLocalUrl + ".")
          .asserts("The creation answers 422."),

      CaseRow{"url-policy.private-address-refused", Level::Must,
              "with webhooks.url.disable_private_ips: true, private webhook addresses are "
              "refused at creation",
              kSsrfSource, {Need::ConfigPrivateIpsDisabled, Need::Destructive},
              privateAddressRefused}
          .evidence(EvidenceGrade::Observed)
          .since(PlatformChange::SsrfProtection)
          .creates({std::size(kPrivateUrls), std::size(kPrivateUrls), 0})
          .purpose("Private addresses (RFC 1918, carrier-grade NAT 100.64.0.0/10) are accepted "
                   "by default (the config's docstring: \"Defaults to false\"); an operator who "
                   "turns the switch on must get the refusal.")
          .requiring(std::string("--target-config with webhooks.url.disable_private_ips: true "
                                 "and no other restricting key (on the embedded reference: the "
                                 "private-ips-disabled instance, fixtures/configs/"
                                 "private-ips-disabled.json). ") +
                     kDestructiveRemote)
          .procedure(std::string("Create runs on POST /threads/{thread_id}/runs with webhook ") +
                     kPrivateUrls[0] + " and " + kPrivateUrls[1] + ".")
          .asserts("Both creations answer 422. Nothing is sent to either address by the harness."),

      CaseRow{"url-policy.relative-url-refused", Level::Must,
              "without webhooks.url.disable_loopback, a relative webhook URL is refused (422) "
              "from 0.10.0 and accepted before",
              "documented: Agent Server changelog 0.10.0rc1 (loopback webhook targets, relative "
              "URLs included, refused by default; it fixes advisory GHSA-2c9q-c2q9-qgqv, "
              "relative-URL webhooks dispatched in-process past auth); the outage it caused: "
              "langchain-ai/open-swe PR #1658 (docs/PLATFORM.md 'Versions')",
              {Need::ConfigLoopbackDefault}, relativeUrlRefused}
          .evidence(EvidenceGrade::Documented)
          .dependsOn(PlatformChange::LoopbackRefusedByDefault)
          .purpose("An app that passed a relative webhook URL had every run creation refused "
                   "after upgrading to 0.10 (langchain-ai/open-swe PR #1658: it \"took the whole "
                   "deployment down\"). Such an app should learn it from the suite before the "
                   "upgrade, not from the outage.")
          .requiring("--target-config whose webhooks.url leaves disable_loopback unset (on the "
                     "embedded reference: the platform-defaults instance). The URL names the "
                     "target itself: a server that accepts it posts the webhook to its own route "
                     "(LangGraph.js: an in-process POST answered 404).")
          .procedure(std::string("Create a run on POST /threads/{thread_id}/runs with webhook ") +
                     kRelativeUrl + ".")
          .asserts("On a version that promises the loopback refusal (0.10.0 on, or unknown): the "
                   "creation answers 422. Before 0.10.0: it is accepted (2xx)."),
  };
}

}  // namespace wc
