#pragma once
// A conformance case: a stable id, a level, the promise it checks and where that comes from,
// and one function that runs it (gRPC interop style: one spec case, one function).
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace wc {

class CaseContext;

enum class Level { Must, Should, Info };
// Interrupted: the run was stopped (SIGINT/SIGTERM or the run's own bound) before the case ended.
enum class Verdict { Pass, Fail, Warn, Info, Skip, Error, Interrupted };

const char* toString(Level level);    // "MUST", "SHOULD", "INFO"
const char* toString(Verdict verdict);  // "pass", "fail", ...

struct CaseInfo {
  std::string id;        // "<area>.<name>", stable: reports, filters and expected-failure files use it
  std::string area;      // delivery, payload, token, ...
  std::string endpoint;  // the endpoint it drives ("" when none in particular)
  Level level = Level::Must;
  std::string title;    // one line: the promise checked
  std::string source;   // the doc sentence or behaviour, and where it comes from
  std::string purpose;  // write-up: why the case exists
  std::string requires_;  // what the target must support
  std::string procedure;
  std::string asserts;
  std::vector<std::string> needs;  // capabilities: "crons", "target-config:headers", "destructive", ...
  // The case's deadline after it starts (x --timeout-scale): every call to the target ends by
  // then. Cron cases wait for real firings and take longer.
  std::chrono::seconds budget{kDefaultCaseBudget};

  static constexpr std::chrono::seconds kDefaultCaseBudget{60};
};

struct CaseDef {
  CaseInfo info;
  std::function<void(CaseContext&)> run;
};

class CaseRegistry {
 public:
  void add(CaseDef def);
  const std::vector<CaseDef>& all() const { return cases_; }
  const CaseDef* find(const std::string& id) const;

 private:
  std::vector<CaseDef> cases_;
};

// Every suite file contributes its cases here (explicit calls: static registration in a static
// library would be dropped by the linker).
const CaseRegistry& allCases();

}  // namespace wc
