#include "report/run_report.h"

#include <sstream>

namespace wc {

VerdictCounts countVerdicts(const std::vector<CaseResult>& results) {
  VerdictCounts c;
  for (const auto& r : results) {
    ++c.total;
    switch (r.verdict) {
      case Verdict::Pass: ++c.pass; break;
      case Verdict::Fail: ++c.fail; break;
      case Verdict::Warn: ++c.warn; break;
      case Verdict::Info: ++c.info; break;
      case Verdict::Skip: ++c.skip; break;
      case Verdict::Error: ++c.error; break;
    }
  }
  return c;
}

bool breaksGate(Verdict verdict, bool strict) {
  return verdict == Verdict::Fail || verdict == Verdict::Error ||
         (strict && verdict == Verdict::Warn);
}

std::string evidenceText(const CaseResult& result, const Redactor& redactor) {
  std::ostringstream out;
  for (const auto& f : result.evidence.failures) out << "FAILED: " << f << "\n";
  for (const auto& e : result.evidence.schemaErrors)
    out << "schema: " << (e.pointer.empty() ? "(root)" : e.pointer) << ": " << e.message << "\n";
  for (const auto& o : result.evidence.observations) out << "observed: " << o << "\n";
  for (const auto& r : result.evidence.requests) {
    out << "captured: " << r.method << " " << r.target << " from " << r.peer << "\n";
    for (const auto& [k, v] : r.headers) out << "  " << k << ": " << v << "\n";
    std::string body = r.body.size() > 4000 ? r.body.substr(0, 4000) + "...(truncated)" : r.body;
    out << "  body: " << body << "\n";
  }
  return redactor.redact(out.str());
}

}  // namespace wc
