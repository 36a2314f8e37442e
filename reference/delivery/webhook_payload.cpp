#include "reference/delivery/webhook_payload.h"

#include "util/ids.h"

namespace wc::reference {

nlohmann::json buildWebhookPayload(const RunRecord& r, const nlohmann::json& threadValues,
                                   const ReferenceOptions& options, const WebhookConfig& config,
                                   const Fault& fault) {
  nlohmann::json body = r.run;
  body["run_started_at"] = r.startedAt ? nlohmann::json(*r.startedAt) : nlohmann::json();
  body["run_ended_at"] = r.endedAt ? nlohmann::json(*r.endedAt) : nlohmann::json();
  body["webhook_sent_at"] = nullptr;  // the sender stamps each attempt
  if (r.stateless) {
    body["values"] = nullptr;  // the temporary thread is gone by delivery time
  } else {
    body["values"] = fault.is(FaultMode::StaleValues) ? r.valuesBefore : threadValues;
  }
  if (r.error) {
    body["error"] = options.errorAsObject
                        ? nlohmann::json{{"error", r.errorType}, {"message", *r.error}}
                        : nlohmann::json(*r.error);
  }
  if (fault.is(FaultMode::SchemaBreak, r.endpoint)) body.erase("run_id");
  if (fault.is(FaultMode::WrongRunId, r.endpoint) ||
      (fault.is(FaultMode::WrongRunIdStatelessWait) && r.stateless && r.viaWait))
    body["run_id"] = newUuid4();
  if (fault.is(FaultMode::WrongThreadId, r.endpoint)) body["thread_id"] = newUuid4();
  if (fault.is(FaultMode::WrongAssistantId, r.endpoint)) body["assistant_id"] = newUuid4();
  if (fault.is(FaultMode::StatusNonfinal, r.endpoint)) body["status"] = "running";
  if (fault.is(FaultMode::MetadataDropped, r.endpoint)) body["metadata"] = nlohmann::json::object();
  if (fault.is(FaultMode::InputMissing, r.endpoint) && body["kwargs"].is_object())
    body["kwargs"].erase("input");
  if (config.allowedFields && !fault.is(FaultMode::IgnoresAllowedFields, r.endpoint)) {
    nlohmann::json kept = nlohmann::json::object();
    for (const auto& [key, value] : body.items())
      if (config.allowedFields->count(key)) kept[key] = value;
    body = std::move(kept);
  }
  return body;
}

}  // namespace wc::reference
