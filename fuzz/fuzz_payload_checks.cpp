// The checks every case runs on a webhook body, on arbitrary bytes: parse as a JSON object,
// validate against both compiled schemas, compare fields, read the Content-Type. A body a target
// sends must produce a verdict with a message, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "schema/payload_validator.h"
#include "support/webhook_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wc::CapturedRequest request;
  request.method = "POST";
  request.body.assign(reinterpret_cast<const char*>(data), size);
  // The Content-Type header from the first line of the input, so the header check is fuzzed too.
  request.headers.emplace_back("Content-Type", request.body.substr(0, request.body.find('\n')));
  (void)wc::contentTypeIsJson(request);

  nlohmann::json payload;
  auto isObject = wc::bodyIsJsonObject(request, &payload);
  if (!isObject && std::string(isObject.message()).empty()) __builtin_trap();  // a failure explains
  if (!isObject) return 0;

  std::vector<wc::SchemaError> errors;
  auto matches = wc::matchesSchema(payload, wc::SchemaValidator::webhookPayload(), &errors);
  if (!matches && errors.empty()) __builtin_trap();  // a failed match names what failed
  (void)wc::formatSchemaErrors(errors);
  (void)wc::SchemaValidator::run().validate(payload);

  for (const char* pointer : {"/status", "/run_id", "/kwargs/webhook", "/metadata/conformance_case",
                              "/error/message", "/values/0"}) {
    (void)wc::fieldEquals(payload, pointer, "success", "fuzz");
    (void)wc::fieldEquals(payload, pointer, payload, "fuzz");
  }
  return 0;
}
