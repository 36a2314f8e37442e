#pragma once
// The webhook body, as langgraph_api/webhook.py builds it: the run row with its final status,
// run_started_at, run_ended_at, webhook_sent_at (filled in per attempt by the sender), `values`
// (the thread's final values; null for stateless runs) and `error` whenever the worker ended the
// run with an exception (failed, cancelled, rolled back); then
// filtered to webhooks.allowed_fields.
#include <nlohmann/json.hpp>

#include "reference/config/reference_options.h"
#include "reference/config/webhook_config.h"
#include "reference/faults/faults.h"
#include "reference/runs/run_record.h"

namespace wc::reference {

nlohmann::json buildWebhookPayload(const RunRecord& record, const nlohmann::json& threadValues,
                                   const ReferenceOptions& options, const WebhookConfig& config,
                                   const Fault& fault);

}  // namespace wc::reference
