#pragma once
// Secrets (API key, --header values, configured webhook header values) never reach a report or
// log: every text written out passes through redact().
#include <string>
#include <vector>

namespace wc {

class Redactor {
 public:
  void addSecret(const std::string& secret);
  std::string redact(std::string text) const;
  bool empty() const { return secrets_.empty(); }

 private:
  std::vector<std::string> secrets_;  // longest first, so a secret containing another goes whole
};

}  // namespace wc
