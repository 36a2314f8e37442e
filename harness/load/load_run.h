#pragma once
// One run of a load test as load.json records it. The accounting (load_summary.h) is computed
// from these rows alone, so `merge` recomputes it from the rows of several shards' load.json.
#include <string>
#include <vector>

namespace wc::load {

// Later arrivals of one run kept for the report; the count is always exact.
constexpr size_t kMaxArrivalsKept = 8;
// Problem texts from the target are cut to this many bytes where they are stored.
constexpr size_t kMaxProblemBytes = 300;

struct LoadRun {
  long index = 0;  // global over all shards: 0..N-1
  int shard = 0;   // 0-based
  std::string endpoint;
  std::string route;           // capture route: unique per run
  std::string expectedTarget;  // the raw request target that must arrive (its token inside)
  std::string threadId, runId;
  // Wall-clock times in milliseconds since the Unix epoch: shards on different machines merge.
  bool sent = false;          // a creation was attempted
  std::string notSentReason;  // --duration ended, interrupted
  double createStartMs = 0, createEndMs = 0;
  std::string creationError;  // "" when the target accepted the run
  bool finished = false;      // its final status is known, or the harness stopped waiting
  // In flight when the test was stopped (signal, stall) with no webhook yet: not judged lost.
  bool interrupted = false;
  size_t webhooks = 0;        // requests on its route
  double firstArrivalMs = 0;  // 0: none arrived
  std::vector<double> laterArrivalsMs;  // at most kMaxArrivalsKept
  // When the run ended: the payload's run_ended_at, else the API's updated_at (0: unknown).
  double runEndedMs = 0;
  std::string runEndSource;  // "run_ended_at" | "updated_at" | ""
  std::string payloadProblem;  // "" when the first webhook's body is a valid payload of this run
  std::string tokenProblem;    // "" when every attempt arrived byte-exact, token included
  std::string payloadStatus;   // the first webhook's `status`
  std::string apiStatus;       // the final status read from the API ("" when not readable)
  std::string statusProblem;   // "" when both agree, or when the API's status is unknown
};

// The checks of the accounting, each one a JUnit testcase. The order is the report's.
enum class Problem { NotCreated, Lost, Duplicated, PayloadInvalid, TokenMangled, StatusMismatch };
inline constexpr Problem kAllProblems[] = {Problem::NotCreated,     Problem::Lost,
                                           Problem::Duplicated,     Problem::PayloadInvalid,
                                           Problem::TokenMangled,   Problem::StatusMismatch};
const char* toString(Problem p);  // "not-created", "lost", ...

// What is wrong with one run; empty for a run that is fine or was never sent.
std::vector<Problem> problemsOf(const LoadRun& run);
// "ok", "not-sent", "interrupted" or the first problem's name.
std::string outcomeOf(const LoadRun& run);

// "3 webhooks; the next ones 0.4, 121.2 ms after the first": the gaps tell a retry after a
// slow answer (about the target's read timeout) from a second send (about no gap).
std::string duplicateText(const LoadRun& run);
// What `problem` looks like on this run, for a line or a table cell ("no webhook", the gaps of a
// duplicate, the payload or token problem found).
std::string problemText(const LoadRun& run, Problem problem);

// Creation -> first webhook, and run end -> first webhook, in ms (false when not measurable).
bool creationLatencyMs(const LoadRun& run, double* ms);
bool runEndLatencyMs(const LoadRun& run, double* ms);

}  // namespace wc::load
