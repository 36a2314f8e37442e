// token — the webhook URL's query (where users put ?token=...) reaches the receiver byte-exact.
#include "runner/case_context.h"
#include "suites.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

constexpr const char* kSecurityDocs =
    "Docs, 'Use webhooks' > Security: add a token to the webhook URL's query (?token=...) and "
    "validate it in the receiver — spec/README.md promise 3";

struct TokenVector {
  std::string name;
  std::string suffix;  // appended to /hook/<route>
  std::string why;
};

std::string longToken(size_t length) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  for (size_t i = 0; i < length; ++i) out += alphabet[(i * 7 + i / 64) % 64];
  return out;
}

const std::vector<TokenVector>& tokenVectors() {
  static const std::vector<TokenVector> vectors = {
      {"percent-20", "?token=a%20b", "an encoded space must not become '+' or ' '"},
      {"plus", "?token=a+b", "a literal '+' must not become %2B or a space"},
      {"percent-2f", "?token=a%2Fb", "an encoded '/' must stay encoded"},
      {"percent-25", "?token=100%25", "an encoded '%' must not be decoded or double-encoded"},
      {"percent-c3-a9", "?token=caf%C3%A9", "UTF-8 percent-encoding must stay as sent"},
      {"repeated-key", "?token=first&token=second", "repeated keys keep both values, in order"},
      {"empty-value", "?token=&tenant=acme", "an empty value must keep its '='"},
      {"long-2000", "?token=" + longToken(2000), "a 2,000-character token must arrive whole"},
      {"near-max-length", "?token=" + longToken(3900),
       "a URL near langgraph-api's default max_url_length (4096) must arrive whole"},
      {"reserved-stay-encoded", "?token=a%3Db%26c%3Fd%23e",
       "encoded '=', '&', '?', '#' must not be decoded (they would change the query's meaning)"},
      {"path-and-query", "/tenant/acme/events;v=1?token=t0k&region=eu-west-1",
       "a URL with its own path and query keeps both"},
  };
  return vectors;
}

void queryArrivesByteExact(CaseContext& ctx, const TokenVector& vector) {
  auto d = runAndCapture(ctx, Endpoint::ThreadRunsCreate, vector.suffix);
  ctx.check(targetArrivedByteExact(d.webhook, d.expectedTarget));
}

void kwargsWebhookIsTheUrlGiven(CaseContext& ctx) {
  auto d = runAndCaptureJson(ctx, Endpoint::ThreadRunsCreate, "?token=kw%20" + longToken(16));
  ctx.check(fieldEquals(d.payload, "/kwargs/webhook", d.request.webhook,
                        "kwargs.webhook holds the URL itself, token included"));
}

}  // namespace

void registerTokenCases(CaseRegistry& registry) {
  for (const auto& vector : tokenVectors()) {
    CaseInfo info;
    info.id = "token." + vector.name;
    info.area = "token";
    info.endpoint = "threads-runs-create";
    info.level = Level::Must;
    info.title = "query arrives byte-exact: " + vector.why;
    info.source = kSecurityDocs;
    info.purpose = "A receiver validates the token it finds in the query; any re-encoding makes a "
                   "correct token fail validation.";
    info.requires_ = "POST /threads/{thread_id}/runs with a webhook.";
    info.procedure = "Create a run whose webhook URL ends in '" +
                     (vector.suffix.size() > 60 ? vector.suffix.substr(0, 60) + "..." : vector.suffix) +
                     "'.";
    info.asserts = "The captured raw request target equals the sent path and query byte for byte.";
    info.needs = {"webhooks-enabled"};
    registry.add({info, [vector](CaseContext& ctx) { queryArrivesByteExact(ctx, vector); }});
  }
  CaseInfo kw;
  kw.id = "token.kwargs-webhook";
  kw.area = "token";
  kw.endpoint = "threads-runs-create";
  kw.level = Level::Must;
  kw.title = "kwargs.webhook in the payload is the URL given, token included";
  kw.source = "spec/README.md: \"kwargs.webhook holds the URL itself\" (langgraph-api behaviour)";
  kw.purpose = "Receivers may correlate a webhook with the URL they registered.";
  kw.requires_ = "POST /threads/{thread_id}/runs with a webhook.";
  kw.procedure = "Create a run with a tokened webhook URL; read kwargs.webhook from the payload.";
  kw.asserts = "kwargs.webhook equals the URL string given, byte for byte.";
  kw.needs = {"webhooks-enabled", "full-payload"};
  registry.add({kw, kwargsWebhookIsTheUrlGiven});
}

}  // namespace wc
