// token — the webhook URL's query (where users put ?token=...) reaches the receiver byte-exact.
#include "case_table.h"
#include "runner/case_context.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

constexpr const char* kSecurityDocs =
    "Docs, 'Use webhooks' > Security: add a token to the webhook URL's query (?token=...) and "
    "validate it in the receiver — docs/PLATFORM.md promise 3";

std::string longToken(size_t length) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  for (size_t i = 0; i < length; ++i) out += alphabet[(i * 7 + i / 64) % 64];
  return out;
}

// How much of a vector the procedure shows.
constexpr size_t kShownSuffix = 60;

// One row per vector: `suffix` is appended to /hook/<route> and must arrive byte-exact. The
// vectors run on POST /threads/{thread_id}/runs unless `endpoint` names another.
CaseRow queryVector(const char* id, std::string suffix, const std::string& why,
                    Endpoint endpoint = Endpoint::ThreadRunsCreate) {
  auto shown = suffix.size() > kShownSuffix ? suffix.substr(0, kShownSuffix) + "..." : suffix;
  const auto& op = endpointInfo(endpoint).operation;
  return CaseRow{id, Level::Must,
                 "query arrives byte-exact: " + why +
                     (endpoint == Endpoint::ThreadRunsCreate ? "" : " (" + op + ")"),
                 kSecurityDocs, {Need::WebhooksEnabled},
                 [suffix, endpoint](CaseContext& ctx) {
                   (void)runAndCapture(ctx, endpoint, suffix);  // checks the target byte-exact
                 }}
      .evidence(EvidenceGrade::Documented)
      .on(endpoint)
      .purpose("A receiver validates the token it finds in the query; any re-encoding makes a "
               "correct token fail validation.")
      .requiring(op + " with a webhook.")
      .procedure("Create a run on " + op + " whose webhook URL ends in '" + shown + "'.")
      .asserts("The captured raw request target equals the sent path and query byte for byte.");
}

void kwargsWebhookIsTheUrlGiven(CaseContext& ctx) {
  auto d = runAndCaptureJson(ctx, Endpoint::ThreadRunsCreate, "?token=kw%20" + longToken(16));
  ctx.check(fieldEquals(d.payload, "/kwargs/webhook", d.request.webhook,
                        "kwargs.webhook holds the URL itself, token included"));
}

}  // namespace

CaseTable tokenCases() {
  return {
      queryVector("token.percent-20", "?token=a%20b", "an encoded space must not become '+' or ' '"),
      queryVector("token.plus", "?token=a+b", "a literal '+' must not become %2B or a space"),
      queryVector("token.runs-create-plus", "?token=a+b%20c",
                  "'+' and %20 must stay as sent", Endpoint::Runs),
      queryVector("token.runs-batch-plus", "?token=a+b%20c",
                  "'+' and %20 must stay as sent", Endpoint::RunsBatch),
      queryVector("token.percent-2f", "?token=a%2Fb", "an encoded '/' must stay encoded"),
      queryVector("token.percent-25", "?token=100%25",
                  "an encoded '%' must not be decoded or double-encoded"),
      queryVector("token.percent-c3-a9", "?token=caf%C3%A9", "UTF-8 percent-encoding must stay as sent"),
      queryVector("token.repeated-key", "?token=first&token=second",
                  "repeated keys keep both values, in order"),
      queryVector("token.empty-value", "?token=&tenant=acme", "an empty value must keep its '='"),
      queryVector("token.long-2000", "?token=" + longToken(2000),
                  "a 2,000-character token must arrive whole"),
      queryVector("token.near-max-length", "?token=" + longToken(3900),
                  "a URL near langgraph-api's default max_url_length (4096) must arrive whole"),
      queryVector("token.reserved-stay-encoded", "?token=a%3Db%26c%3Fd%23e",
                  "encoded '=', '&', '?', '#' must not be decoded (they would change the query's "
                  "meaning)"),
      queryVector("token.path-and-query", "/tenant/acme/events;v=1?token=t0k&region=eu-west-1",
                  "a URL with its own path and query keeps both"),

      CaseRow{"token.kwargs-webhook", Level::Must,
              "kwargs.webhook in the payload is the URL given, token included",
              "docs/PLATFORM.md: \"kwargs.webhook holds the URL itself\" (observed in the Python "
              "server's code)",
              {Need::WebhooksEnabled, Need::FullPayload}, kwargsWebhookIsTheUrlGiven}
          .evidence(EvidenceGrade::Observed)
          .purpose("Receivers may correlate a webhook with the URL they registered.")
          .requiring("POST /threads/{thread_id}/runs with a webhook.")
          .procedure("Create a run with a tokened webhook URL; read kwargs.webhook from the payload.")
          .asserts("kwargs.webhook equals the URL string given, byte for byte."),
  };
}

}  // namespace wc
