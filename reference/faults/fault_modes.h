#pragma once
// The reference target's fault modes: each one breaks exactly one documented promise, so the
// suite can prove that the case checking that promise fails when the promise is broken. Code asks
// for a mode by its enumerator (a misspelled one does not compile); its name, as users type it,
// is written once, in kFaultModes.
#include <cstddef>
#include <iterator>

namespace wc::reference {

enum class FaultMode {
  NoDelivery,
  NoHttpsDelivery,
  DuplicateDelivery,
  EarlyDelivery,
  QueryDropped,
  QueryReencoded,
  TokenChanged,
  WrongContentType,
  SchemaBreak,
  WrongRunId,
  WrongRunIdStatelessWait,
  InputMissing,
  DeliversWhenDisabled,
  QueuedDeliversWhenDisabled,
  IgnoresConfiguredHeaders,
  AcceptsForbiddenUrl,
  RefusesAllowedUrl,
  NoRetry5xx,
  Retries4xx,
  RedirectPastPolicy,
  LostWorker,
  UndeliverableStallsWorker,
  CronNoWebhook,
  NoWebhookOnFailure,
  NoWebhookOnCancel,
  DeliveryFailureFailsRun,
  IgnoresAllowedFields,
  DropsUnderLoad,
  EnqueueOutOfOrder,
  TimestampsUnordered,
  StaleValues,
  CronPatchIgnored,
  SupersededNoWebhook,
  CronDeleteDropsWebhook,
  CronDoubleFire,
  CronDisabledFires,
  DropSometimes,
  DuplicateSometimes,
  SsrfUnprotected,
  MetadataAccepted,
  ClusterLocalAccepted,
  RelativeAccepted,
  PathAppended,
  MethodPut,
  StatusNonfinal,
  WrongThreadId,
  WrongAssistantId,
  MetadataDropped,
  LateDuplicate,
  BadSignature,
};

struct FaultModeRow {
  FaultMode mode;
  const char* name;     // as given to `serve-reference --fault` / `run --reference-fault`
  const char* promise;  // the promise it breaks, in one line
};

// Every fault mode, in declaration order: the `faults` subcommand prints this table, and these
// names are the ones tests/fault_matrix.json and docs/REFERENCE.md use.
inline constexpr FaultModeRow kFaultModes[] = {

    {FaultMode::NoDelivery, "no-delivery", "a run with a webhook sends a POST when it completes"},
    {FaultMode::NoHttpsDelivery, "no-https-delivery",
     "an https:// webhook URL is delivered like an http:// one"},
    {FaultMode::DuplicateDelivery, "duplicate-delivery",
     "each completed run sends its webhook exactly once"},
    {FaultMode::EarlyDelivery, "early-delivery",
     "the webhook is sent after the run's final status is stored (not while `running`)"},
    {FaultMode::QueryDropped, "query-dropped",
     "the webhook URL's query string reaches the receiver"},
    {FaultMode::QueryReencoded, "query-reencoded",
     "the webhook URL's query reaches the receiver byte-exact"},
    {FaultMode::TokenChanged, "token-changed",
     "a `token` query parameter arrives with the value the caller gave"},
    {FaultMode::WrongContentType, "wrong-content-type",
     "the webhook is sent with Content-Type: application/json"},
    {FaultMode::SchemaBreak, "schema-break", "the body has the Run format (run_id present)"},
    {FaultMode::WrongRunId, "wrong-run-id",
     "the body's run_id is the id of the run that completed"},
    {FaultMode::WrongRunIdStatelessWait, "wrong-run-id-stateless-wait",
     "the body's run_id is the id of the run that completed, for stateless /runs/wait runs too"},
    {FaultMode::InputMissing, "input-missing", "the run's input is in the body's kwargs.input"},
    {FaultMode::DeliversWhenDisabled, "delivers-when-disabled",
     "http.disable_webhooks: true means no webhook is sent"},
    {FaultMode::QueuedDeliversWhenDisabled, "queued-delivers-when-disabled",
     "http.disable_webhooks: true means no webhook is sent, also by a stateless run that waited "
     "1.5 s in the queue"},
    {FaultMode::IgnoresConfiguredHeaders, "ignores-configured-headers",
     "webhooks.headers are added to every webhook"},
    {FaultMode::AcceptsForbiddenUrl, "accepts-forbidden-url",
     "a webhook URL that is not a URL or that webhooks.url forbids is refused with 422"},
    {FaultMode::RefusesAllowedUrl, "refuses-allowed-url",
     "a webhook URL that webhooks.url allows is accepted"},
    {FaultMode::NoRetry5xx, "no-retry-5xx", "a 5xx answer is retried (up to 3 attempts)"},
    {FaultMode::Retries4xx, "retries-4xx", "a 4xx answer other than 429 is not retried"},
    {FaultMode::RedirectPastPolicy, "redirect-past-policy",
     "a redirect toward a URL the webhooks.url policy forbids is not followed"},
    {FaultMode::LostWorker, "lost-worker", "an undeliverable webhook never holds up later runs"},
    {FaultMode::UndeliverableStallsWorker, "undeliverable-stalls-worker",
     "a webhook that gets no HTTP answer never stops the target completing runs"},
    {FaultMode::CronNoWebhook, "cron-no-webhook", "every cron-triggered run sends its own webhook"},
    {FaultMode::NoWebhookOnFailure, "no-webhook-on-failure",
     "a run that ends in error still sends its webhook"},
    {FaultMode::NoWebhookOnCancel, "no-webhook-on-cancel",
     "a cancelled run still sends its webhook"},
    {FaultMode::DeliveryFailureFailsRun, "delivery-failure-fails-run",
     "a failed delivery never changes the run's status"},
    {FaultMode::IgnoresAllowedFields, "ignores-allowed-fields",
     "webhooks.allowed_fields limits the body's top-level keys"},
    {FaultMode::DropsUnderLoad, "drops-under-load",
     "webhooks of concurrent runs are all delivered"},
    {FaultMode::EnqueueOutOfOrder, "enqueue-out-of-order",
     "runs enqueued on one thread execute in creation order"},
    {FaultMode::TimestampsUnordered, "timestamps-unordered",
     "created_at <= run_started_at <= run_ended_at <= webhook_sent_at"},
    {FaultMode::StaleValues, "stale-values",
     "the body's values are the thread's values after the run"},
    {FaultMode::CronPatchIgnored, "cron-patch-ignored",
     "a cron's webhook changed by PATCH /runs/crons/{cron_id} is used by later firings"},
    {FaultMode::SupersededNoWebhook, "superseded-no-webhook",
     "a run pushed aside by multitask_strategy interrupt or rollback still sends its webhook"},
    {FaultMode::CronDeleteDropsWebhook, "cron-delete-drops-webhook",
     "a cron firing with on_run_completed: delete still sends its webhook"},
    {FaultMode::CronDoubleFire, "cron-double-fire",
     "the cron scheduler starts one run per schedule tick"},
    {FaultMode::CronDisabledFires, "cron-disabled-fires",
     "a cron with enabled: false does not fire"},
    {FaultMode::DropSometimes, "drop-sometimes",
     "every webhook is delivered, also at volume (1 in 1,000 dropped)"},
    {FaultMode::DuplicateSometimes, "duplicate-sometimes",
     "every webhook is delivered once, also at volume (1 in 1,000 sent twice)"},
    {FaultMode::SsrfUnprotected, "ssrf-unprotected",
     "private webhook URLs are refused at creation when webhooks.url.disable_private_ips is "
     "true"},
    {FaultMode::MetadataAccepted, "metadata-accepted",
     "cloud-metadata webhook addresses and names are refused at creation, whatever the config"},
    {FaultMode::ClusterLocalAccepted, "cluster-local-accepted",
     "*.svc.cluster.local webhook hosts are refused at creation"},
    {FaultMode::RelativeAccepted, "relative-accepted",
     "a relative webhook URL is refused at creation when disable_loopback is on (0.10.0 on: "
     "by default)"},
    {FaultMode::PathAppended, "path-appended",
     "the webhook URL's path reaches the receiver as given"},
    {FaultMode::MethodPut, "method-put", "the webhook is sent as a POST"},
    {FaultMode::StatusNonfinal, "status-nonfinal", "the body's status is the run's final status"},
    {FaultMode::WrongThreadId, "wrong-thread-id",
     "the body's thread_id is the thread of the run that completed"},
    {FaultMode::WrongAssistantId, "wrong-assistant-id",
     "the body's assistant_id is the assistant the run was created with"},
    {FaultMode::MetadataDropped, "metadata-dropped",
     "the body's metadata is the metadata the run was created with"},
    {FaultMode::LateDuplicate, "late-duplicate",
     "each webhook is sent once, also long after the run (a copy 5 s after each delivery)"},
    {FaultMode::BadSignature, "bad-signature",
     "a webhook's signature headers are computed with the deployment's signing secret"},
};

// The modes that can be scoped to one endpoint ("name@endpoint"): applied per delivery, where
// the run's endpoint is known. In the order the usage error lists them.
inline constexpr FaultMode kScopableFaultModes[] = {
    FaultMode::QueryDropped,  FaultMode::QueryReencoded, FaultMode::TokenChanged,
    FaultMode::PathAppended,  FaultMode::MethodPut,      FaultMode::WrongContentType,
    FaultMode::SchemaBreak,   FaultMode::StatusNonfinal, FaultMode::TimestampsUnordered,
    FaultMode::WrongRunId,    FaultMode::WrongThreadId,  FaultMode::WrongAssistantId,
    FaultMode::InputMissing,  FaultMode::MetadataDropped,
    FaultMode::IgnoresConfiguredHeaders, FaultMode::IgnoresAllowedFields,
    FaultMode::DuplicateDelivery, FaultMode::LateDuplicate};

// The table is checked when it compiles: one row per mode, in declaration order, every name
// distinct and every promise written. A new mode goes last, in the enum and the table, and
// becomes the one named below.
namespace fault_table {

constexpr bool sameText(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return *a == *b;
}

constexpr bool rowsFollowTheEnum() {
  for (size_t i = 0; i < std::size(kFaultModes); ++i)
    if (kFaultModes[i].mode != static_cast<FaultMode>(i)) return false;
  return true;
}

constexpr bool namesDistinct() {
  for (size_t i = 0; i < std::size(kFaultModes); ++i)
    for (size_t j = i + 1; j < std::size(kFaultModes); ++j)
      if (sameText(kFaultModes[i].name, kFaultModes[j].name)) return false;
  return true;
}

constexpr bool scopableDistinct() {
  for (size_t i = 0; i < std::size(kScopableFaultModes); ++i)
    for (size_t j = i + 1; j < std::size(kScopableFaultModes); ++j)
      if (kScopableFaultModes[i] == kScopableFaultModes[j]) return false;
  return true;
}

constexpr bool promisesWritten() {
  for (const auto& row : kFaultModes)
    if (!*row.name || !*row.promise) return false;
  return true;
}

}  // namespace fault_table

static_assert(std::size(kFaultModes) == static_cast<size_t>(FaultMode::BadSignature) + 1,
              "every FaultMode has a row in kFaultModes");
static_assert(fault_table::rowsFollowTheEnum(), "kFaultModes lists the modes in enum order");
static_assert(fault_table::namesDistinct(), "two fault modes share a name");
static_assert(fault_table::promisesWritten(), "a fault mode without a name or promise");
static_assert(fault_table::scopableDistinct(), "a mode listed twice in kScopableFaultModes");

}  // namespace wc::reference
