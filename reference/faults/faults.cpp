#include "reference/faults/faults.h"

namespace wc::reference {

const char* toString(FaultMode mode) { return kFaultModes[static_cast<size_t>(mode)].name; }

std::optional<FaultMode> faultModeNamed(const std::string& name) {
  for (const auto& row : kFaultModes)
    if (name == row.name) return row.mode;
  return std::nullopt;
}

const std::vector<std::string>& webhookEndpoints() {
  static const std::vector<std::string> all = {
      "threads-runs-create", "threads-runs-stream", "threads-runs-wait", "runs-stream",
      "runs-wait",           "runs-create",         "runs-batch",        "threads-runs-crons",
      "runs-crons",          "crons-patch"};
  return all;
}

const std::vector<std::string>& scopableFaults() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> names;
    for (auto mode : kScopableFaultModes) names.push_back(toString(mode));
    return names;
  }();
  return all;
}

namespace {

bool listed(const std::vector<std::string>& list, const std::string& name) {
  for (const auto& item : list)
    if (item == name) return true;
  return false;
}

}  // namespace

bool isKnownFault(const std::string& spec) {
  const auto at = spec.find('@');
  if (at == std::string::npos) return faultModeNamed(spec).has_value();
  const auto name = spec.substr(0, at), scope = spec.substr(at + 1);
  return listed(scopableFaults(), name) && listed(webhookEndpoints(), scope);
}

std::optional<Fault> Fault::parse(const std::string& spec) {
  Fault fault;
  if (spec.empty()) return fault;
  if (!isKnownFault(spec)) return std::nullopt;
  const auto at = spec.find('@');
  fault.mode_ = faultModeNamed(spec.substr(0, at));
  if (at != std::string::npos) fault.scope_ = spec.substr(at + 1);
  return fault;
}

std::string Fault::spec() const {
  if (!mode_) return "";
  return scope_.empty() ? toString(*mode_) : std::string(toString(*mode_)) + "@" + scope_;
}

std::string faultNameList() {
  std::string out;
  for (const auto& f : kFaultModes) out += (out.empty() ? "" : ", ") + std::string(f.name);
  std::string scopable, endpoints;
  for (const auto& f : scopableFaults()) scopable += (scopable.empty() ? "" : ", ") + f;
  for (const auto& e : webhookEndpoints()) endpoints += (endpoints.empty() ? "" : ", ") + e;
  return out + "; " + scopable + " also as NAME@ENDPOINT (one endpoint's webhooks only; " +
         endpoints + ")";
}

}  // namespace wc::reference
