#include "reference/faults/faults.h"

#include <cassert>

namespace wc::reference {

const std::vector<FaultMode>& faultModes() {
  static const std::vector<FaultMode> all = {
      {"no-delivery", "a run with a webhook sends a POST when it completes"},
      {"no-https-delivery", "an https:// webhook URL is delivered like an http:// one"},
      {"duplicate-delivery", "each completed run sends its webhook exactly once"},
      {"early-delivery",
       "the webhook is sent after the run's final status is stored (not while `running`)"},
      {"query-dropped", "the webhook URL's query string reaches the receiver"},
      {"query-reencoded", "the webhook URL's query reaches the receiver byte-exact"},
      {"token-changed", "a `token` query parameter arrives with the value the caller gave"},
      {"wrong-content-type", "the webhook is sent with Content-Type: application/json"},
      {"schema-break", "the body has the Run format (run_id present)"},
      {"wrong-run-id", "the body's run_id is the id of the run that completed"},
      {"wrong-run-id-stateless-wait",
       "the body's run_id is the id of the run that completed, for stateless /runs/wait runs too"},
      {"input-missing", "the run's input is in the body's kwargs.input"},
      {"delivers-when-disabled", "http.disable_webhooks: true means no webhook is sent"},
      {"queued-delivers-when-disabled",
       "http.disable_webhooks: true means no webhook is sent, also by a stateless run that waited "
       "1.5 s in the queue"},
      {"ignores-configured-headers", "webhooks.headers are added to every webhook"},
      {"accepts-forbidden-url",
       "a webhook URL that is not a URL or that webhooks.url forbids is refused with 422"},
      {"refuses-allowed-url", "a webhook URL that webhooks.url allows is accepted"},
      {"no-retry-5xx", "a 5xx answer is retried (up to 3 attempts)"},
      {"retries-4xx", "a 4xx answer other than 429 is not retried"},
      {"redirect-past-policy",
       "a redirect toward a URL the webhooks.url policy forbids is not followed"},
      {"lost-worker", "an undeliverable webhook never holds up later runs"},
      {"undeliverable-stalls-worker",
       "a webhook that gets no HTTP answer never stops the target completing runs"},
      {"cron-no-webhook", "every cron-triggered run sends its own webhook"},
      {"no-webhook-on-failure", "a run that ends in error still sends its webhook"},
      {"no-webhook-on-cancel", "a cancelled run still sends its webhook"},
      {"delivery-failure-fails-run", "a failed delivery never changes the run's status"},
      {"ignores-allowed-fields", "webhooks.allowed_fields limits the body's top-level keys"},
      {"drops-under-load", "webhooks of concurrent runs are all delivered"},
      {"enqueue-out-of-order", "runs enqueued on one thread execute in creation order"},
      {"timestamps-unordered",
       "created_at <= run_started_at <= run_ended_at <= webhook_sent_at"},
      {"stale-values", "the body's values are the thread's values after the run"},
      {"cron-patch-ignored",
       "a cron's webhook changed by PATCH /runs/crons/{cron_id} is used by later firings"},
      {"superseded-no-webhook",
       "a run pushed aside by multitask_strategy interrupt or rollback still sends its webhook"},
      {"cron-delete-drops-webhook",
       "a cron firing with on_run_completed: delete still sends its webhook"},
      {"cron-double-fire", "the cron scheduler starts one run per schedule tick"},
      {"cron-disabled-fires", "a cron with enabled: false does not fire"},
      {"drop-sometimes", "every webhook is delivered, also at volume (1 in 1,000 dropped)"},
      {"duplicate-sometimes",
       "every webhook is delivered once, also at volume (1 in 1,000 sent twice)"},
      {"ssrf-unprotected",
       "private webhook URLs are refused at creation when webhooks.url.disable_private_ips is "
       "true"},
      {"metadata-accepted",
       "cloud-metadata webhook addresses and names are refused at creation, whatever the config"},
      {"cluster-local-accepted", "*.svc.cluster.local webhook hosts are refused at creation"},
      {"relative-accepted",
       "a relative webhook URL is refused at creation when disable_loopback is on (0.10.0 on: "
       "by default)"},
      {"path-appended", "the webhook URL's path reaches the receiver as given"},
      {"method-put", "the webhook is sent as a POST"},
      {"status-nonfinal", "the body's status is the run's final status"},
      {"wrong-thread-id", "the body's thread_id is the thread of the run that completed"},
      {"wrong-assistant-id", "the body's assistant_id is the assistant the run was created with"},
      {"metadata-dropped", "the body's metadata is the metadata the run was created with"},
      {"late-duplicate",
       "each webhook is sent once, also long after the run (a copy 5 s after each delivery)"},
      {"bad-signature",
       "a webhook's signature headers are computed with the deployment's signing secret"},
  };
  return all;
}

const std::vector<std::string>& webhookEndpoints() {
  static const std::vector<std::string> all = {
      "threads-runs-create", "threads-runs-stream", "threads-runs-wait", "runs-stream",
      "runs-wait",           "runs-create",         "runs-batch",        "threads-runs-crons",
      "runs-crons",          "crons-patch"};
  return all;
}

// Applied per delivery, where the run's endpoint is known.
const std::vector<std::string>& scopableFaults() {
  static const std::vector<std::string> all = {
      "query-dropped",     "query-reencoded",      "token-changed",      "path-appended",
      "method-put",        "wrong-content-type",   "schema-break",       "status-nonfinal",
      "timestamps-unordered", "wrong-run-id",      "wrong-thread-id",    "wrong-assistant-id",
      "input-missing",     "metadata-dropped",     "ignores-configured-headers",
      "ignores-allowed-fields", "duplicate-delivery", "late-duplicate"};
  return all;
}

namespace {

bool listed(const std::vector<std::string>& list, const std::string& name) {
  for (const auto& item : list)
    if (item == name) return true;
  return false;
}

bool inCatalogue(const std::string& name) {
  for (const auto& f : faultModes())
    if (f.name == name) return true;
  return false;
}

}  // namespace

bool isKnownFault(const std::string& spec) {
  const auto at = spec.find('@');
  if (at == std::string::npos) return inCatalogue(spec);
  const auto name = spec.substr(0, at), scope = spec.substr(at + 1);
  return listed(scopableFaults(), name) && listed(webhookEndpoints(), scope);
}

Fault::Fault(const std::string& spec) {
  const auto at = spec.find('@');
  name_ = spec.substr(0, at);
  if (at != std::string::npos) scope_ = spec.substr(at + 1);
}

std::string faultNameList() {
  std::string out;
  for (const auto& f : faultModes()) out += (out.empty() ? "" : ", ") + f.name;
  std::string scopable, endpoints;
  for (const auto& f : scopableFaults()) scopable += (scopable.empty() ? "" : ", ") + f;
  for (const auto& e : webhookEndpoints()) endpoints += (endpoints.empty() ? "" : ", ") + e;
  return out + "; " + scopable + " also as NAME@ENDPOINT (one endpoint's webhooks only; " +
         endpoints + ")";
}

bool Fault::is(const char* name) const {
  assert(inCatalogue(name) && "asked for a fault mode that is not in the catalogue");
  return name_ == name && scope_.empty();
}

bool Fault::is(const char* name, const std::string& endpoint) const {
  assert(inCatalogue(name) && "asked for a fault mode that is not in the catalogue");
  return name_ == name && (scope_.empty() || scope_ == endpoint);
}

}  // namespace wc::reference
