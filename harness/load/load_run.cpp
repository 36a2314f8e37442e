#include "load/load_run.h"

#include <cstdio>

namespace wc::load {

const char* toString(Problem p) {
  switch (p) {
    case Problem::NotCreated: return "not-created";
    case Problem::Lost: return "lost";
    case Problem::Duplicated: return "duplicated";
    case Problem::PayloadInvalid: return "payload-invalid";
    case Problem::TokenMangled: return "token-mangled";
    case Problem::StatusMismatch: return "status-mismatch";
  }
  return "unknown";
}

std::vector<Problem> problemsOf(const LoadRun& run) {
  std::vector<Problem> out;
  if (!run.sent || (run.interrupted && run.webhooks == 0)) return out;
  if (!run.creationError.empty()) return {Problem::NotCreated};
  if (run.webhooks == 0) return {Problem::Lost};
  if (run.webhooks > 1) out.push_back(Problem::Duplicated);
  if (!run.payloadProblem.empty()) out.push_back(Problem::PayloadInvalid);
  if (!run.tokenProblem.empty()) out.push_back(Problem::TokenMangled);
  if (!run.statusProblem.empty()) out.push_back(Problem::StatusMismatch);
  return out;
}

std::string outcomeOf(const LoadRun& run) {
  if (!run.sent) return "not-sent";
  if (run.interrupted && run.webhooks == 0) return "interrupted";
  auto problems = problemsOf(run);
  return problems.empty() ? "ok" : toString(problems.front());
}

std::string duplicateText(const LoadRun& run) {
  std::string out = std::to_string(run.webhooks) + " webhooks";
  if (run.laterArrivalsMs.empty() || run.firstArrivalMs <= 0) return out;
  out += "; the next ones";
  for (size_t i = 0; i < run.laterArrivalsMs.size(); ++i) {
    char gap[32];
    std::snprintf(gap, sizeof gap, "%s%.1f", i ? ", " : " ", run.laterArrivalsMs[i] - run.firstArrivalMs);
    out += gap;
  }
  return out + " ms after the first";
}

std::string problemText(const LoadRun& r, Problem p) {
  switch (p) {
    case Problem::NotCreated: return r.creationError;
    case Problem::Lost: return "no webhook";
    case Problem::Duplicated: return duplicateText(r);
    case Problem::PayloadInvalid: return r.payloadProblem;
    case Problem::TokenMangled: return r.tokenProblem;
    case Problem::StatusMismatch: return r.statusProblem;
  }
  return "";
}

bool creationLatencyMs(const LoadRun& run, double* ms) {
  if (!run.sent || run.firstArrivalMs <= 0 || run.createStartMs <= 0) return false;
  *ms = run.firstArrivalMs - run.createStartMs;
  return true;
}

bool runEndLatencyMs(const LoadRun& run, double* ms) {
  // The run's end comes from the target's clock, the arrival from ours: on another machine the
  // difference includes the clock offset (it can even be negative).
  if (!run.sent || run.firstArrivalMs <= 0 || run.runEndedMs <= 0) return false;
  *ms = run.firstArrivalMs - run.runEndedMs;
  return true;
}

}  // namespace wc::load
