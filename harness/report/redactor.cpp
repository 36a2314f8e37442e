#include "report/redactor.h"

#include <algorithm>

namespace wc {

void Redactor::addSecret(const std::string& secret) {
  // Very short values would redact ordinary text; they are not worth protecting this way.
  if (secret.size() < 4) return;
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  secrets_.push_back(secret);
  std::sort(secrets_.begin(), secrets_.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string Redactor::redact(std::string text) const {
  static const std::string kMask = "[redacted]";
  for (const auto& secret : secrets_) {
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), kMask);
      at += kMask.size();
    }
  }
  return text;
}

}  // namespace wc
