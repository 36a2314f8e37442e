#include "util/bounded_json.h"
#include "report/run_report.h"

#include <algorithm>
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
      case Verdict::Interrupted: ++c.interrupted; break;
    }
  }
  return c;
}

bool breaksGate(Verdict verdict, bool strict) {
  return verdict == Verdict::Fail || verdict == Verdict::Error ||
         verdict == Verdict::Interrupted || (strict && verdict == Verdict::Warn);
}

Outcome outcomeOf(Verdict verdict) {
  switch (verdict) {
    case Verdict::Pass: return Outcome::Pass;
    case Verdict::Fail: return Outcome::Fail;
    case Verdict::Warn: return Outcome::Warn;
    case Verdict::Info: return Outcome::Info;
    case Verdict::Skip: return Outcome::Skip;
    case Verdict::Error: return Outcome::Error;
    case Verdict::Interrupted: return Outcome::Interrupted;
  }
  return Outcome::Error;  // not reached: every verdict is named above
}

const char* toString(Outcome outcome) {
  switch (outcome) {
    case Outcome::Pass: return "pass";
    case Outcome::Fail: return "fail";
    case Outcome::Warn: return "warn";
    case Outcome::Info: return "info";
    case Outcome::Skip: return "skip";
    case Outcome::Error: return "error";
    case Outcome::Interrupted: return "interrupted";
    case Outcome::ExpectedFailure: return "expected-failure";
    case Outcome::Stale: return "stale";
  }
  return "?";
}

CaseOutcome outcomeOf(const RunReport& report, const CaseResult& result) {
  CaseOutcome o;
  o.message = result.message;
  o.outcome = outcomeOf(result.verdict);
  o.breaksGate = breaksGate(result.verdict, report.strict);
  auto it = report.expectedFailures.find(result.info.id);
  if (it == report.expectedFailures.end()) return o;
  o.expected = &it->second;
  // Not run to its end: neither an expected failure nor stale, and it breaks the gate.
  if (result.verdict == Verdict::Interrupted) return o;
  // Still deviating: a failure, an error or a warning (an INFO case that recorded a failed check).
  bool deviates = result.verdict == Verdict::Fail || result.verdict == Verdict::Error ||
                  result.verdict == Verdict::Warn ||
                  (result.verdict == Verdict::Info &&
                   (!result.evidence.failures.empty() || !result.evidence.warnings.empty()));
  if (result.verdict == Verdict::Skip) return o;  // not exercised: neither expected nor stale
  if (deviates) {
    o.outcome = Outcome::ExpectedFailure;
    o.breaksGate = false;
    return o;
  }
  o.outcome = Outcome::Stale;
  o.breaksGate = true;
  o.message = "stale expected failure: " + result.info.id + " now passes; remove its entry (\"" +
              it->second.reason + "\") from " +
              (report.expectedFailuresFile.empty() ? "the expected-failures file"
                                                   : report.expectedFailuresFile);
  return o;
}

GateSummary summarize(const RunReport& report) { return JudgedRun(report).gate; }

JudgedRun::JudgedRun(const RunReport& run) : report(run) {
  gate.verdicts = countVerdicts(report.results);
  gate.interrupted = !report.interruption.empty();
  gate.nothingJudged = gate.verdicts.skip == gate.verdicts.total;
  outcomes.reserve(report.results.size());
  for (const auto& r : report.results) {
    const auto& o = outcomes.emplace_back(outcomeOf(report, r));
    if (o.outcome == Outcome::ExpectedFailure) ++gate.expectedFailures;
    if (o.outcome == Outcome::Stale) ++gate.stale;
    if (o.breaksGate) ++gate.breaking;
  }
}

const CaseOutcome& JudgedRun::outcome(const CaseResult& result) const {
  const auto* first = report.results.data();
  if (&result < first || &result >= first + report.results.size())
    throw std::logic_error("JudgedRun::outcome: " + result.info.id + " is not a result of this run");
  return outcomes[static_cast<size_t>(&result - first)];
}

std::optional<std::string> nothingJudgedDiagnosis(const RunReport& report) {
  const auto counts = countVerdicts(report.results);
  if (counts.skip != counts.total) return std::nullopt;
  std::string first;
  if (!report.results.empty())
    first = "; the first, " + report.results.front().info.id + ", skipped: " +
            report.results.front().message;
  return "no case was judged: all " + std::to_string(counts.total) + " selected case(s) skipped" +
         first + ". A gate that judged nothing does not pass (exit 4): give the cases what they "
         "need (see `run --dry-run`) or select others";
}

std::optional<std::string> noWebhookDiagnosis(const RunReport& report, size_t webhooksReceived,
                                              const std::string& callbackBase) {
  if (webhooksReceived > 0) return std::nullopt;
  size_t waited = 0;
  for (const auto& r : report.results) {
    bool needsWebhooks = std::find(r.info.needs.begin(), r.info.needs.end(),
                                   Need::WebhooksEnabled) != r.info.needs.end();
    waited += needsWebhooks && r.verdict != Verdict::Skip && r.verdict != Verdict::Interrupted;
  }
  if (waited == 0) return std::nullopt;
  return "no webhook reached the capture server during the whole run (" + std::to_string(waited) +
         " case(s) waited for one at " + callbackBase + "/hook/...). Either the target does not "
         "send webhooks, or it cannot reach that URL: a cloud or remote deployment needs "
         "--callback-url with an address it can reach (a tunnel to the capture server)";
}

std::string whyNoCaseRan(const UnreachableReport& report) {
  return report.exitCode == 3 ? "the target is unreachable or is not a LangGraph API"
                              : "the run was stopped before any case started";
}

std::string prettyBody(const std::string& body, size_t maxBytes) {
  auto parsed = parseBoundedJsonOrDiscarded(body);
  std::string text = parsed.is_discarded()
                         ? body
                         : parsed.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > maxBytes) text = text.substr(0, maxBytes) + "\n...(truncated)";
  return text;
}

std::string evidenceText(const CaseResult& result, const Redactor& redactor) {
  std::ostringstream out;
  for (const auto& f : result.evidence.failures) out << "FAILED: " << f << "\n";
  for (const auto& w : result.evidence.warnings) out << "WARNING: " << w << "\n";
  for (const auto& e : result.evidence.schemaErrors)
    out << "schema: " << (e.pointer.empty() ? "(root)" : e.pointer) << ": " << e.message << "\n";
  for (const auto& o : result.evidence.observations) out << "observed: " << o << "\n";
  for (const auto& r : result.evidence.requests) {
    out << "captured: " << r.method << " " << r.target << " from " << r.peer << "\n";
    // By name: a configured header's value may be unknown to the harness, or too short to match.
    for (const auto& [k, v] : r.headers)
      out << "  " << k << ": " << redactor.headerValue(k, v) << "\n";
    std::string body = r.body.size() > 4000 ? r.body.substr(0, 4000) + "...(truncated)" : r.body;
    out << "  body: " << body << "\n";
  }
  return redactor.redact(out.str());
}

}  // namespace wc
