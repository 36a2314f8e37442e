// resilience (destructive) — undeliverable webhooks must not tie up the target: after more of
// them than it has workers, a new run still completes and delivers.
#include "runner/case_context.h"
#include "suites.h"
#include "support/run_waits.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

void undeliverableDoNotBlock(CaseContext& ctx) {
  std::vector<std::string> urls;
  for (int i = 0; i < 12; ++i)
    urls.push_back("http://127.0.0.1:" + std::to_string(closedLoopbackPort()) + "/hook/dead-" +
                   std::to_string(i));
  // URLs that cannot be delivered for another reason; the target may refuse them at creation.
  for (const std::string odd : {"http://[::1", "http://256.256.256.256:1/hook",
                                "http://[::1]:1/hook", "http://0.0.0.0:1/hook"})
    urls.push_back(odd);
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

void registerResilienceCases(CaseRegistry& registry) {
  CaseInfo i;
  i.id = "resilience.undeliverable-webhooks-do-not-block";
  i.area = "resilience";
  i.endpoint = "threads-runs-create";
  i.level = Level::Must;
  i.title = "after more undeliverable webhooks than workers, a new run still completes and delivers";
  i.source = "spec/README.md: \"Delivery failures are logged only; ... later runs are unaffected\" "
             "(langgraph-api); LangGraph.js FINDINGS.md 'Worker death' (each failed delivery "
             "kills a queue worker)";
  i.purpose = "A failing receiver must not take the deployment down with it.";
  i.requires_ = "--destructive (a failing target stays blocked afterwards); POST "
                "/threads/{thread_id}/runs.";
  i.procedure = "Create 12 runs whose webhooks point at closed loopback ports and 4 with "
                "unparsable or unroutable URLs (recording which the target refuses); then create "
                "a normal run with a webhook.";
  i.asserts = "The normal run's webhook arrives within the usual timeout.";
  i.needs = {"destructive", "webhooks-enabled"};
  registry.add({i, undeliverableDoNotBlock});
}

}  // namespace wc
