#include "util/webhook_signatures.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>

namespace wc {
namespace {

std::string hmacSha256(const std::string& key, const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string hexOf(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

// Compares every byte whatever the first difference (a receiver's habit; cheap here too).
bool sameText(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(a[i])) ^
                                       std::tolower(static_cast<unsigned char>(b[i])));
  return diff == 0;
}

}  // namespace

std::string base64Of(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> base64Decoded(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  for (char c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && c != '=')
      return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  size_t padding = 0;  // EVP_DecodeBlock counts the bytes '=' stands for
  for (size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) ++padding;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}


std::string hexBodySignature(const std::string& secret, const std::string& body) {
  return "sha256=" + hexOf(hmacSha256(secret, body));
}

bool hexBodySignatureMatches(const std::string& headerValue, const std::string& secret,
                             const std::string& body) {
  return sameText(headerValue, hexBodySignature(secret, body));
}

std::optional<std::string> standardWebhooksKey(const std::string& secret) {
  const std::string prefix = "whsec_";
  return base64Decoded(secret.rfind(prefix, 0) == 0 ? secret.substr(prefix.size()) : secret);
}

std::string standardWebhooksSignature(const std::string& key, const std::string& id,
                                      const std::string& timestamp, const std::string& body) {
  return "v1," + base64Of(hmacSha256(key, id + "." + timestamp + "." + body));
}

bool standardWebhooksSignatureMatches(const std::string& headerValue, const std::string& key,
                                      const std::string& id, const std::string& timestamp,
                                      const std::string& body) {
  const auto expected = standardWebhooksSignature(key, id, timestamp, body);
  size_t start = 0;
  while (start < headerValue.size()) {
    auto end = headerValue.find(' ', start);
    if (end == std::string::npos) end = headerValue.size();
    const auto entry = headerValue.substr(start, end - start);
    // base64 is case-sensitive: compared exactly.
    if (entry.size() == expected.size() && entry == expected) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace wc
