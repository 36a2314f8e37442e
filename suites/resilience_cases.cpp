// resilience (destructive) — undeliverable webhooks must not tie up the target: after more of
// them than it has workers, a new run still completes and delivers.
#include "case_table.h"
#include "runner/case_context.h"
#include "support/run_waits.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

// More dead webhooks than the target has workers (LangGraph.js runs 10 by default), and
// URLs that cannot be delivered for another reason; the target may refuse those at creation.
constexpr int kClosedPortWebhooks = 12;
const std::vector<std::string> kUnroutableWebhooks = {
    "http://[::1", "http://256.256.256.256:1/hook", "http://[::1]:1/hook", "http://0.0.0.0:1/hook"};

void undeliverableDoNotBlock(CaseContext& ctx) {
  std::vector<std::string> urls;
  for (int i = 0; i < kClosedPortWebhooks; ++i)
    urls.push_back("http://127.0.0.1:" + std::to_string(closedLoopbackPort()) + "/hook/dead-" +
                   std::to_string(i));
  urls.insert(urls.end(), kUnroutableWebhooks.begin(), kUnroutableWebhooks.end());
  int accepted = 0;
  std::string refused;
  for (const auto& url : urls) {
    RunRequest request;
    request.input = caseInput(ctx, "undeliverable");
    request.webhook = url;
    auto r = tryStartRun(ctx, Endpoint::ThreadRunsCreate, request);
    if (r.status >= 200 && r.status < 300)
      ++accepted;
    else
      refused += (refused.empty() ? "" : ", ") + url + " -> " + std::to_string(r.status);
  }
  (void)runAndCapture(ctx, Endpoint::ThreadRunsCreate, "?token=after-undeliverable");
  ctx.observe(std::to_string(accepted) + " undeliverable webhooks accepted (" +
              (refused.empty() ? "none refused" : "refused: " + refused) +
              "); a new run then completed and delivered");
}

}  // namespace

CaseTable resilienceCases() {
  return {
      CaseRow{"resilience.undeliverable-webhooks-do-not-block", Level::Must,
              "after more undeliverable webhooks than workers, a new run still completes and "
              "delivers",
              "docs/PLATFORM.md: \"Delivery failures are logged only; ... later runs are "
              "unaffected\" (observed in the Python server's webhook code); LangGraph.js "
              "FINDINGS.md 'Worker death' (measured: each failed delivery kills a queue worker)",
              {Need::Destructive, Need::WebhooksEnabled}, undeliverableDoNotBlock}
          .evidence(EvidenceGrade::Observed)
          .creates({kClosedPortWebhooks + 4 + 1, kClosedPortWebhooks + 4 + 1, 0})  // + unroutable + probe
          .purpose("A failing receiver must not take the deployment down with it.")
          .requiring("--destructive (a failing target stays blocked afterwards); POST "
                     "/threads/{thread_id}/runs. Ties up every worker on some servers "
                     "(LangGraph.js loses one for good to each webhook it cannot send): against "
                     "one target it runs after all other cases, alone, and the health check "
                     "after it says whether the target still completes runs (README \"Target "
                     "health\").")
          .procedure("Create " + std::to_string(kClosedPortWebhooks) +
                     " runs whose webhooks point at closed loopback ports and " +
                     std::to_string(kUnroutableWebhooks.size()) +
                     " with unparsable or unroutable URLs (recording which the target refuses); "
                     "then create a normal run with a webhook.")
          .asserts("The normal run's webhook arrives within the usual timeout."),
  };
}

}  // namespace wc
