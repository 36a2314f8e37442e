#include "reference/delivery/webhook_signing.h"

#include <chrono>

#include "util/webhook_signatures.h"

namespace wc::reference {

httplib::Headers withSignatures(const httplib::Headers& headers, const ReferenceOptions& options,
                                const Fault& fault, const std::string& runId,
                                const std::string& body) {
  const bool wrongKey = fault.is(FaultMode::BadSignature);
  if (options.webhookSigningSecret.empty() && !wrongKey) return headers;
  const std::string secret = wrongKey ? options.webhookSigningSecret + "-not-the-secret"
                                      : options.webhookSigningSecret;
  httplib::Headers out = headers;
  const auto bodySignature = hexBodySignature(secret, body);
  out.emplace(kLangSmithSignatureHeader, bodySignature);
  out.emplace(kGitHubSignatureHeader, bodySignature);
  // A secret that is not whsec_<base64> keys Standard Webhooks with its text as it is.
  auto key = standardWebhooksKey(options.webhookSigningSecret).value_or(options.webhookSigningSecret);
  if (wrongKey) key += "-not-the-key";
  const auto id = "msg_" + runId;
  const auto timestamp = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
  out.emplace(kStandardIdHeader, id);
  out.emplace(kStandardTimestampHeader, timestamp);
  out.emplace(kStandardSignatureHeader, standardWebhooksSignature(key, id, timestamp, body));
  return out;
}

}  // namespace wc::reference
