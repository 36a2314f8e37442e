// headers — signature and delivery-id headers: recorded when a deployment sends them, verified
// when the user hands over the signing secret. Agent Server run webhooks carry none today;
// LangChain's newer webhook products and other LangGraph API servers do.
#include "case_table.h"
#include "runner/case_context.h"
#include "support/run_waits.h"
#include "support/webhook_checks.h"
#include "support/webhook_contract.h"
#include "util/webhook_signatures.h"

namespace wc {
namespace {

constexpr const char* kSignatureSources =
    "langchain-ai/docs src/langsmith/engine-webhooks.mdx (LangSmith Engine webhooks: "
    "\"X-LangSmith-Signature: sha256=<hex HMAC-SHA256 of the raw body>\", a delivery id stable "
    "across retries); the Standard Webhooks specification (webhook-id, webhook-timestamp, "
    "webhook-signature v1 over id.timestamp.body); GitHub's X-Hub-Signature-256. Agent Server run "
    "webhooks carry none (observed in its webhook code, docs/PLATFORM.md)";

constexpr const char* kSigningHeaders[] = {kLangSmithSignatureHeader, kGitHubSignatureHeader,
                                           kStandardIdHeader, kStandardTimestampHeader,
                                           kStandardSignatureHeader};

// Header text from the target, bounded and printable, for a message.
std::string headerText(const std::string& text) {
  std::string out;
  for (unsigned char c : text.substr(0, 100)) out += (c < 0x20 || c >= 0x7f) ? '?' : static_cast<char>(c);
  return text.size() > 100 ? out + "..." : out;
}

std::string signingHeadersOf(const CapturedRequest& attempt) {
  std::string names;
  for (const char* name : kSigningHeaders)
    if (attempt.headerCount(name)) names += (names.empty() ? "" : ", ") + std::string(name);
  return names;
}

// Each signature the attempt carries is checked against what its header claims: a mismatch
// fails the case (CaseContext::must), whatever the row's level.
void verifyAttempt(CaseContext& ctx, const CapturedRequest& attempt, const std::string& secret,
                   const std::string& which) {
  if (attempt.bodyTruncated)
    return ctx.observe(which + ": the body exceeded the capture limit; its signatures were not verified");
  for (const char* name : {kLangSmithSignatureHeader, kGitHubSignatureHeader}) {
    if (!attempt.headerCount(name)) continue;
    const auto value = attempt.header(name);
    if (ctx.must(hexBodySignatureMatches(value, secret, attempt.body)
                     ? testing::AssertionSuccess()
                     : testing::AssertionFailure()
                           << which << ": " << name << " (" << headerText(value)
                           << ") is not sha256=<hex HMAC-SHA256 of the raw body> under the "
                              "--webhook-secret-file secret"))
      ctx.observe(which + ": " + name + " verified");
  }
  if (!attempt.headerCount(kStandardSignatureHeader)) return;
  const auto id = attempt.header(kStandardIdHeader), timestamp = attempt.header(kStandardTimestampHeader);
  const auto key = standardWebhooksKey(secret).value_or(secret);
  testing::AssertionResult verified = testing::AssertionSuccess();
  if (id.empty() || timestamp.empty())
    verified = testing::AssertionFailure()
               << which << ": webhook-signature arrived without webhook-id and webhook-timestamp, "
                  "so the signed content (id.timestamp.body) is unknown";
  else if (!standardWebhooksSignatureMatches(attempt.header(kStandardSignatureHeader), key, id,
                                             timestamp, attempt.body))
    verified = testing::AssertionFailure()
               << which << ": webhook-signature (" << headerText(attempt.header(kStandardSignatureHeader))
               << ") holds no v1 HMAC-SHA256 of id.timestamp.body under the --webhook-secret-file "
                  "secret (whsec_<base64>: its base64 decoded is the key)";
  if (ctx.must(verified)) ctx.observe(which + ": webhook-signature verified");
}

// The receiver answers 500 once, so the run's webhook comes at least twice (the platform
// retries 5xx): what the first attempt and the retry carry, and whether they are the same bytes.
void signatureObserved(CaseContext& ctx) {
  Delivery d;
  d.route = ctx.newRoute("signature");
  ctx.capture().setRouteResponse(d.route, {500});
  d.expectedTarget = ctx.capture().targetFor(d.route, "?token=signature");
  d.request.input = caseInput(ctx);
  d.request.webhook = ctx.capture().urlFor(d.route, "?token=signature");
  d.request.metadata = {{"conformance_case", ctx.info().id}};
  d.run = startRun(ctx, Endpoint::ThreadRunsCreate, d.request);
  auto first = ctx.capture().awaitWebhook(d.route, webhookTimeout(ctx));
  if (!first) ctx.require(testing::AssertionFailure() << "no webhook arrived: " << first.message());
  ctx.capture().setRouteResponse(d.route, {200});
  auto attempts = settleAttempts(ctx, d.route, retryQuietWindow(ctx), ctx.scaled(std::chrono::seconds(20)));
  const auto expected = expectationOf(ctx, Endpoint::ThreadRunsCreate, d);
  for (const auto& a : attempts) {
    ctx.addEvidence(a);
    (void)judgeWebhook(ctx, expected, a);
  }
  const auto& secret = ctx.profile().webhookSecret;
  bool anySigned = false;
  for (size_t n = 0; n < attempts.size(); ++n) {
    const auto which = "attempt " + std::to_string(n + 1);
    const auto names = signingHeadersOf(attempts[n]);
    ctx.observe(which + (names.empty() ? ": no signature or delivery-id header" : ": " + names));
    anySigned = anySigned || !names.empty();
    if (!secret.empty() && !names.empty()) verifyAttempt(ctx, attempts[n], secret, which);
  }
  if (anySigned && secret.empty())
    ctx.observe("signatures not verified: pass --webhook-secret-file with the deployment's secret");
  if (attempts.size() < 2)
    return ctx.observe("no retry arrived after the 500 (failure.retry-5xx judges retries)");
  const bool identical = attempts[0].body == attempts[1].body;
  ctx.observe(std::string("the retry's body is ") +
              (identical ? "byte-identical to the first attempt's"
                         : "not byte-identical to the first attempt's (e.g. webhook_sent_at "
                           "stamped per attempt)"));
  const auto firstId = attempts[0].header(kStandardIdHeader);
  if (!firstId.empty())
    ctx.should(attempts[1].header(kStandardIdHeader) == firstId
                   ? testing::AssertionSuccess()
                   : testing::AssertionFailure()
                         << "webhook-id changed between attempts of one webhook ("
                         << headerText(firstId) << ", then "
                         << headerText(attempts[1].header(kStandardIdHeader))
                         << "): Standard Webhooks keeps it for every attempt, so receivers can "
                            "drop repeats");
}

}  // namespace

CaseTable headersSignatureCases() {
  return {
      CaseRow{"headers.signature-observed", Level::Info,
              "signature and delivery-id headers are recorded, retries compared byte for byte, "
              "and signatures verified with the secret when given",
              kSignatureSources, {Need::WebhooksEnabled}, signatureObserved}
          .evidence(EvidenceGrade::Documented)
          .purpose("Receivers that authenticate webhooks by signature need to know whether a "
                   "deployment signs and how; a signature that does not verify gets every "
                   "webhook refused. If the Agent Server adopts signing, this case shows it.")
          .requiring("POST /threads/{thread_id}/runs with a webhook; retries of 5xx answers for "
                     "the retry comparison; --webhook-secret-file with the deployment's secret "
                     "for verification.")
          .procedure("Create a run whose webhook route answers 500 to the first attempt and 200 "
                     "after; collect the attempts until the retries settle. Record which of "
                     "X-LangSmith-Signature, X-Hub-Signature-256, webhook-id, webhook-timestamp, "
                     "webhook-signature each carries, and whether the retry's body equals the "
                     "first attempt's byte for byte. With the secret, verify each signature "
                     "present on each attempt (sha256=<hex HMAC-SHA256 of the raw body>, keyed "
                     "with the secret's text; Standard Webhooks v1 over id.timestamp.body, keyed "
                     "with the base64 after whsec_). The secret is never printed.")
          .asserts("Nothing about a deployment that signs nothing (INFO). A signature header "
                   "that does not verify under the given secret fails the case (MUST: what the "
                   "header claims); a webhook-id that changes between attempts warns (SHOULD); "
                   "every attempt is judged by the webhook contract."),
  };
}

}  // namespace wc
