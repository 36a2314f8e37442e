#pragma once
// The webhook signature schemes a deployment may adopt (Agent Server run webhooks carry none
// today): LangSmith's `X-LangSmith-Signature: sha256=<hex>` and GitHub's `X-Hub-Signature-256`
// (HMAC-SHA256 of the raw body, keyed with the secret's text), and Standard Webhooks
// (`webhook-signature: v1,<base64>` over "<webhook-id>.<webhook-timestamp>.<body>", keyed with
// the base64 after `whsec_`). The reference signs with these functions and the cases verify
// with them, so both follow one reading of the schemes.
#include <optional>
#include <string>

namespace wc {

inline constexpr const char* kLangSmithSignatureHeader = "X-LangSmith-Signature";
inline constexpr const char* kGitHubSignatureHeader = "X-Hub-Signature-256";
inline constexpr const char* kStandardIdHeader = "webhook-id";
inline constexpr const char* kStandardTimestampHeader = "webhook-timestamp";
inline constexpr const char* kStandardSignatureHeader = "webhook-signature";

// "sha256=<lowercase hex of HMAC-SHA256(secret, body)>" (X-LangSmith-Signature, X-Hub-Signature-256).
std::string hexBodySignature(const std::string& secret, const std::string& body);
// The header value matches hexBodySignature (hex compared case-insensitively).
bool hexBodySignatureMatches(const std::string& headerValue, const std::string& secret,
                             const std::string& body);

// Standard base64 (RFC 4648, with padding); base64Decoded: nullopt when the text is not that
// (an empty text included).
std::string base64Of(const std::string& bytes);
std::optional<std::string> base64Decoded(const std::string& text);

// The Standard Webhooks key: the base64 after an optional `whsec_`; nullopt when it is not base64.
std::optional<std::string> standardWebhooksKey(const std::string& secret);
// "v1,<base64 of HMAC-SHA256(key, id.timestamp.body)>".
std::string standardWebhooksSignature(const std::string& key, const std::string& id,
                                      const std::string& timestamp, const std::string& body);
// Some space-separated entry of the header value is that signature.
bool standardWebhooksSignatureMatches(const std::string& headerValue, const std::string& key,
                                      const std::string& id, const std::string& timestamp,
                                      const std::string& body);

}  // namespace wc
