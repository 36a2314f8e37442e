#include "runner/case_context.h"

namespace wc {

std::string CaseContext::newRoute(const std::string& hint) {
  routes_.push_back(capture().newRoute(hint.empty() ? info_.id : hint));
  return routes_.back();
}

void CaseContext::require(const testing::AssertionResult& result) {
  if (!check(result)) throw CaseStop{Verdict::Fail, result.message()};
}

bool CaseContext::check(const testing::AssertionResult& result) {
  if (!result) evidence_.failures.push_back(result.message());
  return static_cast<bool>(result);
}

bool CaseContext::must(const testing::AssertionResult& result) {
  if (!check(result)) evidence_.mustBroken = true;
  return static_cast<bool>(result);
}

bool CaseContext::should(const testing::AssertionResult& result) {
  if (!result) evidence_.warnings.push_back(result.message());
  return static_cast<bool>(result);
}

ApiResponse CaseContext::need(ApiResponse response, const std::string& what) {
  if (!response.ok()) error(what + ": " + response.error);
  return response;
}

void CaseContext::addSchemaErrors(const std::vector<SchemaError>& errors) {
  evidence_.schemaErrors.insert(evidence_.schemaErrors.end(), errors.begin(), errors.end());
}

}  // namespace wc
