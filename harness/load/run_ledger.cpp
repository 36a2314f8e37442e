#include "load/run_ledger.h"

#include <algorithm>

#include "report/text_safety.h"

namespace wc::load {

double epochMs(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(t.time_since_epoch()).count();
}

double nowEpochMs() { return epochMs(std::chrono::system_clock::now()); }

RunLedger::RunLedger(std::vector<LoadRun> runs) : runs_(std::move(runs)) {
  firstBodies_.resize(runs_.size());
  slotOfRoute_.reserve(runs_.size());
  for (size_t i = 0; i < runs_.size(); ++i) slotOfRoute_[runs_[i].route] = i;
}

std::optional<size_t> RunLedger::claimRunId(size_t slot, const std::string& runId) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, fresh] = slotOfRunId_.emplace(runId, slot);
  if (fresh || it->second == slot) return std::nullopt;
  return it->second;
}

void RunLedger::record(const CapturedRequest& request) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++webhooks_;
    lastActivity_ = std::chrono::steady_clock::now();
    auto it = slotOfRoute_.find(request.route);
    if (it == slotOfRoute_.end()) {
      ++strays_;  // not one of our runs (another tool, or a route we never handed out)
      return;
    }
    auto& run = runs_[it->second];
    const double arrived = epochMs(request.arrivedAt);
    if (++run.webhooks == 1) {
      run.firstArrivalMs = arrived;
      if (request.body.size() > kMaxHeldBodyBytes)
        run.payloadProblem = "the body has " + std::to_string(request.body.size()) +
                             " bytes, more than the " + std::to_string(kMaxHeldBodyBytes) +
                             " load checks";
      else if (heldBodyBytes_ + request.body.size() > kMaxHeldBodiesBytes)
        run.payloadProblem = "not checked: more than " + std::to_string(kMaxHeldBodiesBytes) +
                             " bytes of bodies were waiting to be checked";
      else
        heldBodyBytes_ += (firstBodies_[it->second] = request.body).size();
      if (run.createStartMs > 0)
        slowestMs_ = std::max(slowestMs_, arrived - run.createStartMs);
    } else if (run.laterArrivalsMs.size() < kMaxArrivalsKept) {
      run.laterArrivalsMs.push_back(arrived);
    }
    // The query (and its token) must arrive byte-exact on every attempt; the first deviation
    // is kept as evidence.
    if (request.target != run.expectedTarget && run.tokenProblem.empty())
      run.tokenProblem = "attempt " + std::to_string(run.webhooks) + " arrived as " +
                         truncateUtf8(terminalSafe(request.target), kMaxProblemBytes) +
                         ", expected " + run.expectedTarget;
  }
  changed_.notify_all();
}

void RunLedger::recordRefused(const std::string& route,
                              std::chrono::system_clock::time_point arrived,
                              const std::string& why) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++webhooks_;
    auto it = slotOfRoute_.find(route);
    if (it == slotOfRoute_.end()) {
      ++strays_;
      return;
    }
    auto& run = runs_[it->second];
    if (++run.webhooks == 1) run.firstArrivalMs = epochMs(arrived);
    else if (run.laterArrivalsMs.size() < kMaxArrivalsKept) run.laterArrivalsMs.push_back(epochMs(arrived));
    if (run.payloadProblem.empty()) run.payloadProblem = truncateUtf8(why, kMaxProblemBytes);
  }
  changed_.notify_all();
}

void RunLedger::update(size_t slot, const std::function<void(LoadRun&)>& change) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    change(runs_[slot]);
    lastActivity_ = std::chrono::steady_clock::now();
  }
  changed_.notify_all();
}

LoadRun RunLedger::row(size_t slot) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return runs_[slot];
}

std::string RunLedger::takeFirstBody(size_t slot) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string body;
  body.swap(firstBodies_[slot]);
  heldBodyBytes_ -= body.size();
  return body;
}

bool RunLedger::awaitWebhook(size_t slot, std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_until(lock, deadline, [&] { return stopped_ || runs_[slot].webhooks > 0; });
  return runs_[slot].webhooks > 0;
}

void RunLedger::awaitQuiet(std::chrono::milliseconds quiet, std::chrono::milliseconds cap) {
  const auto end = std::chrono::steady_clock::now() + cap;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    const size_t seen = webhooks_;
    auto until = std::min(end, std::chrono::steady_clock::now() + quiet);
    bool more = changed_.wait_until(lock, until, [&] { return stopped_ || webhooks_ != seen; });
    if (!more || stopped_ || std::chrono::steady_clock::now() >= end) return;
  }
}

void RunLedger::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
  }
  changed_.notify_all();
}

std::chrono::milliseconds RunLedger::slowestCreationLatency() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::chrono::milliseconds(static_cast<long long>(slowestMs_));
}

std::chrono::steady_clock::time_point RunLedger::lastActivity() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lastActivity_;
}

LedgerCounts RunLedger::counts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  LedgerCounts c;
  c.planned = runs_.size();
  c.webhooks = webhooks_;
  c.strays = strays_;
  for (const auto& r : runs_) {
    c.sent += r.sent;
    c.finished += r.finished;
    c.received += r.webhooks > 0;
    c.missing += r.finished && r.creationError.empty() && r.webhooks == 0;
  }
  return c;
}

std::vector<LoadRun> RunLedger::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return runs_;
}

}  // namespace wc::load
