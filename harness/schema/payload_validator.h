#pragma once
// JSON Schema (draft 7) validation with valijson. Errors come back as JSON pointers + messages.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace wc {

struct SchemaError {
  std::string pointer;  // RFC 6901, "" is the document root
  std::string message;
};

class SchemaValidator {
 public:
  // Throws std::runtime_error if the schema itself does not load (a build defect, not input).
  explicit SchemaValidator(const nlohmann::json& schema);
  ~SchemaValidator();
  std::vector<SchemaError> validate(const nlohmann::json& document) const;

  // The schemas compiled into the binary (schemas/*.json).
  static const SchemaValidator& webhookPayload();
  static const SchemaValidator& run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string formatSchemaErrors(const std::vector<SchemaError>& errors, size_t max = 10);

}  // namespace wc
