#pragma once
// The reference signs its webhooks only when given a signing secret (the Agent Server signs none):
// then every attempt carries X-LangSmith-Signature, X-Hub-Signature-256 and the Standard Webhooks
// headers (util/webhook_signatures.h), so the harness's verification runs against something.
// The fault bad-signature signs with another key.
#include <httplib.h>

#include <string>

#include "reference/config/reference_options.h"
#include "reference/faults/faults.h"

namespace wc::reference {

// `headers` plus the signature headers of one attempt of run `runId`'s webhook with `body`;
// `headers` unchanged when the reference does not sign. The webhook-id is the same for every
// attempt of a webhook, as Standard Webhooks asks.
httplib::Headers withSignatures(const httplib::Headers& headers, const ReferenceOptions& options,
                                const Fault& fault, const std::string& runId,
                                const std::string& body);

}  // namespace wc::reference
