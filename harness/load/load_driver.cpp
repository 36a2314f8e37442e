#include "load/load_driver.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "load/creation_pacer.h"
#include "load/payload_inspection.h"
#include "report/text_safety.h"
#include "runner/case_context.h"
#include "support/run_waits.h"
#include "util/bounded_json.h"

namespace wc::load {
namespace {

using Clock = std::chrono::steady_clock;

// A run's calls go through a CaseContext (startRun and the run waits take one), whose deadline
// is the budget x the session's scale: the budget is chosen so that it ends at runBudget().
CaseInfo loadRunInfo(const Environment& env, double timeoutScale) {
  CaseInfo i;
  i.id = "load.run";
  i.area = "load";
  i.title = "one run of a load test";
  const double ratio = timeoutScale / env.profile().timeoutScale;
  i.budget = std::chrono::seconds(static_cast<long long>(std::ceil(
      static_cast<double>(CaseInfo::kDefaultCaseBudget.count()) * std::max(ratio, 0.01))));
  return i;
}

void judgePayload(RunLedger& ledger, size_t slot) {
  const auto run = ledger.row(slot);
  if (!run.payloadProblem.empty()) return;  // the ledger refused to hold the body (its size)
  auto facts = inspectPayload(ledger.takeFirstBody(slot), run.runId);
  ledger.update(slot, [&](LoadRun& r) {
    r.payloadProblem = facts.problem;
    r.payloadStatus = facts.status;
    if (r.threadId.empty()) r.threadId = facts.threadId;
    if (facts.runEndedMs > 0) {
      r.runEndedMs = facts.runEndedMs;
      r.runEndSource = "run_ended_at";
    }
  });
}

// Reads the run's final status from the API. A run the API no longer serves (a stateless run's
// thread is deleted after it ends) leaves the status unknown, which is no failure.
void readFinalStatus(CaseContext& ctx, RunLedger& ledger, size_t slot) {
  const auto run = ledger.row(slot);
  if (run.threadId.empty() || run.runId.empty() || !run.apiStatus.empty()) return;
  auto read = ctx.target().getRun(run.threadId, run.runId);
  nlohmann::json final = read.json;
  std::string status = read.ok() ? textField(read.json, "status") : "";
  std::string problem;
  if (read.ok() && !isFinalRunStatus(status)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(ctx.deadline() - Clock::now());
    auto waited = awaitRunFinal(ctx, run.threadId, run.runId, std::max(left, std::chrono::milliseconds(0)), &final);
    status = textField(final, "status");
    if (!waited) problem = truncateUtf8(waited.message(), kMaxProblemBytes);
  }
  ledger.update(slot, [&](LoadRun& r) {
    r.apiStatus = status;
    if (r.runEndedMs <= 0) {
      if (double t = timestampMs(textField(final, "updated_at")); t > 0 && isFinalRunStatus(status)) {
        r.runEndedMs = t;
        r.runEndSource = "updated_at";
      }
    }
    if (!problem.empty()) r.statusProblem = problem;
  });
}

// The webhook's status against the API's final one, once both are known.
void compareStatus(LoadRun& r) {
  if (!r.statusProblem.empty() || r.payloadStatus.empty() || r.apiStatus.empty()) return;
  if (r.payloadStatus != r.apiStatus)
    r.statusProblem = "the webhook says status '" + truncateUtf8(r.payloadStatus, 40) +
                      "', the API's final status is '" + truncateUtf8(r.apiStatus, 40) + "'";
}

void driveOne(Environment& env, RunLedger& ledger, size_t slot, const LoadPlan& plan,
              const DriveSettings& settings, const CaseInfo& info,
              const std::string& sharedThread, bool sharedThreadFailed) {
  CaseContext ctx(info, env);
  const auto planned = ledger.row(slot);
  RunRequest request;
  request.input = {{"messages", {{{"role", "user"}, {"content", "load run " + std::to_string(planned.index)}}}}};
  request.webhook = settings.webhookUrl(planned);
  request.threadId = sharedThread;
  if (plan.threads > 0 && plan.threads < static_cast<long>(plan.runIndices.size()))
    request.extra["multitask_strategy"] = "enqueue";  // runs on a busy thread wait their turn
  std::string creationError = sharedThreadFailed ? "its thread could not be created" : "";
  if (creationError.empty() && plan.stateful && request.threadId.empty()) {
    // One thread per run: created first, so the run's latency starts at the run's creation.
    auto thread = ctx.target().createThread();
    request.threadId = textField(thread.json, "thread_id");
    if (!thread.ok() || request.threadId.empty())
      creationError = "creating its thread: " + (thread.ok() ? "no thread_id in the answer" : thread.error);
  }
  StartedRun started;
  const double startMs = nowEpochMs();
  if (creationError.empty()) {
    try {
      started = startRun(ctx, plan.endpoint, request);
      if (started.runId.empty()) creationError = "the target accepted the run but revealed no run id";
      else if (auto other = ledger.claimRunId(slot, started.runId)) {
        // Two runs under one id: neither webhook can be told apart, so this one is not counted.
        creationError = "the target gave it run_id " + truncateUtf8(started.runId, 80) +
                        ", which run " + std::to_string(*other + 1) + " already has";
        started.runId.clear();
      }
    } catch (const CaseStop& stop) {
      creationError = stop.message;
    }
  }
  ledger.update(slot, [&](LoadRun& r) {
    r.sent = true;
    r.createStartMs = startMs;
    r.createEndMs = nowEpochMs();
    r.creationError = truncateUtf8(creationError, kMaxProblemBytes);
    r.runId = started.runId;
    r.threadId = started.threadId.empty() ? request.threadId : started.threadId;
  });
  if (!creationError.empty() && started.runId.empty()) {
    const bool cut = ctx.stopping();  // the creation was cut by the test's stop, not refused
    ledger.update(slot, [&](LoadRun& r) {
      r.finished = true;
      r.interrupted = cut;
    });
    return;
  }
  bool arrived = ledger.awaitWebhook(slot, Clock::now() + webhookWait(settings.timeoutScale, ledger));
  if (!arrived && !ctx.stopping()) {
    // No webhook yet: has the run ended at all? Then give its webhook one more window.
    readFinalStatus(ctx, ledger, slot);
    arrived = ledger.awaitWebhook(slot, Clock::now() + webhookWait(settings.timeoutScale, ledger));
  }
  if (arrived) judgePayload(ledger, slot);
  if (!ctx.stopping()) readFinalStatus(ctx, ledger, slot);
  const bool cut = ctx.stopping();
  ledger.update(slot, [&](LoadRun& r) {
    compareStatus(r);
    r.finished = true;
    r.interrupted = cut && r.webhooks == 0;
  });
}

}  // namespace

std::chrono::milliseconds scaledBy(double scale, std::chrono::milliseconds base) {
  return std::chrono::milliseconds(static_cast<long long>(static_cast<double>(base.count()) * scale));
}

std::chrono::milliseconds runBudget(double timeoutScale) {
  return scaledBy(timeoutScale, CaseInfo::kDefaultCaseBudget);
}

std::chrono::milliseconds webhookWait(double timeoutScale, const RunLedger& ledger) {
  auto wait = std::max(scaledBy(timeoutScale, std::chrono::seconds(1)), 4 * ledger.slowestCreationLatency());
  return std::min(wait, runBudget(timeoutScale));
}

void driveLoad(Environment& env, RunLedger& ledger, const LoadPlan& plan,
               const DriveSettings& settings) {
  // Shared threads (--threads T < runs) are created up front; run k of this shard uses thread
  // k % T, so each thread gets its runs enqueued one after another.
  const long runs = static_cast<long>(ledger.size());
  const bool shared = plan.threads > 0 && plan.threads < runs;
  std::vector<std::string> threadIds(shared ? plan.threads : 0);
  std::atomic<size_t> next{0};
  auto parallel = [&](size_t count, const std::function<void(size_t)>& work) {
    next = 0;
    std::vector<std::thread> workers;
    const size_t n = std::min<size_t>(settings.concurrency, std::max<size_t>(count, 1));
    for (size_t w = 0; w < n; ++w)
      workers.emplace_back([&] {
        for (size_t i; (i = next++) < count;) work(i);
      });
    for (auto& t : workers) t.join();
  };
  if (shared)
    parallel(threadIds.size(), [&](size_t k) {
      if (env.cancellation().cancelled()) return;
      auto thread = env.client()
                        .withDeadline(Clock::now() + runBudget(settings.timeoutScale))
                        .createThread();
      if (thread.ok()) threadIds[k] = textField(thread.json, "thread_id");
    });
  CreationPacer pacer(settings.ratePerSecond, settings.durationSeconds);
  const CaseInfo info = loadRunInfo(env, settings.timeoutScale);
  parallel(ledger.size(), [&](size_t slot) {
    std::string why;
    if (!pacer.awaitTurn(env.cancellation(), &why)) {
      ledger.update(slot, [&](LoadRun& r) { r.notSentReason = why; });
      return;
    }
    const std::string thread = shared ? threadIds[slot % threadIds.size()] : "";
    driveOne(env, ledger, slot, plan, settings, info, thread, shared && thread.empty());
  });
}

void inspectLateArrivals(RunLedger& ledger) {
  for (size_t slot = 0; slot < ledger.size(); ++slot) {
    const auto run = ledger.row(slot);
    if (run.webhooks > 0 && run.payloadStatus.empty() && run.payloadProblem.empty())
      if (auto body = ledger.takeFirstBody(slot); !body.empty()) {
        auto facts = inspectPayload(body, run.runId);
        ledger.update(slot, [&](LoadRun& r) {
          r.payloadProblem = facts.problem;
          r.payloadStatus = facts.status;
          if (facts.runEndedMs > 0 && r.runEndSource != "run_ended_at") {
            r.runEndedMs = facts.runEndedMs;
            r.runEndSource = "run_ended_at";
          }
          compareStatus(r);
        });
      }
  }
}

}  // namespace wc::load
