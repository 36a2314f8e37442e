#pragma once
// Secrets (API key, --header values, configured webhook header values, URL userinfo) never reach
// a report or log: every text written out passes through redact(), and every captured header is
// rendered through headerValue(), which masks secret header names whatever their value.
#include <string>
#include <vector>

namespace wc {

class Redactor {
 public:
  // Starts knowing the header names that always carry credentials: Authorization,
  // Proxy-Authorization, X-Api-Key, Cookie.
  Redactor();

  // A value masked wherever it occurs: as given, JSON-escaped (as nlohmann::json dumps it, with
  // and without ensure_ascii) and percent-encoded (upper- and lower-case hex). Values under 4
  // characters are ignored (they would blank ordinary text); headers holding them are masked by
  // name instead (addSecretHeaderName).
  void addSecret(const std::string& secret);
  // The user and password of `url`'s userinfo (raw and percent-decoded) as secrets. The URL
  // itself needs no call: redact() masks any `scheme://userinfo@` whatever its length.
  void addSecretsFromUrl(const std::string& url);
  // Captured request headers with this name (case-insensitive) render as [redacted], and
  // "Name: value" in text is masked to the end of the value.
  void addSecretHeaderName(const std::string& name);

  bool isSecretHeader(const std::string& name) const;
  // What a report shows for one captured header: [redacted] for a secret name, else the value
  // redacted.
  std::string headerValue(const std::string& name, const std::string& value) const;

  // Registered secrets, `scheme://userinfo@` and "SecretName: value" masked.
  std::string redact(std::string text) const;
  bool empty() const { return secrets_.empty(); }

  static constexpr const char* kMask = "[redacted]";

 private:
  std::vector<std::string> secrets_;  // longest first, so a secret containing another goes whole
  std::vector<std::string> headerNames_;  // lower-case
};

// Every `scheme://userinfo@` in `text` as `scheme://[redacted]@`.
std::string redactUrlUserinfo(std::string text);

}  // namespace wc
