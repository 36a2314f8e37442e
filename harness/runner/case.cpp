#include "runner/case.h"

#include <stdexcept>

namespace wc {

const char* toString(Level level) {
  switch (level) {
    case Level::Must: return "MUST";
    case Level::Should: return "SHOULD";
    case Level::Info: return "INFO";
  }
  return "?";
}

const char* toString(Verdict verdict) {
  switch (verdict) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return "fail";
    case Verdict::Warn: return "warn";
    case Verdict::Info: return "info";
    case Verdict::Skip: return "skip";
    case Verdict::Error: return "error";
    case Verdict::Interrupted: return "interrupted";
  }
  return "?";
}

const char* toString(Need need) {
  for (const auto& n : kNeedNames)
    if (n.need == need) return n.name;
  return nullptr;
}

void CaseRegistry::add(CaseDef def) {
  if (find(def.info.id)) throw std::logic_error("duplicate case id " + def.info.id);
  cases_.push_back(std::move(def));
}

const CaseDef* CaseRegistry::find(const std::string& id) const {
  for (const auto& c : cases_)
    if (c.info.id == id) return &c;
  return nullptr;
}

}  // namespace wc

namespace wc {

Creations plannedCreations(const CaseInfo& info) {
  if (info.creates) return *info.creates;
  const auto& e = info.endpoint;
  if (e == "threads-runs-crons") return {0, 1, 1};
  if (e == "runs-crons") return {0, 0, 1};
  if (e.rfind("threads-", 0) == 0) return {1, 1, 0};
  return {1, 0, 0};
}

}  // namespace wc
