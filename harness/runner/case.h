#pragma once
// A conformance case: a stable id, a level, the promise it checks and where that comes from,
// and one function that runs it (gRPC interop style: one spec case, one function).
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/platform_profile.h"

namespace wc {

class CaseContext;
struct TargetProfile;

enum class Level { Must, Should, Info };
// Interrupted: the run was stopped (SIGINT/SIGTERM or the run's own bound) before the case ended.
enum class Verdict { Pass, Fail, Warn, Info, Skip, Error, Interrupted };

// What a case needs from the target or the run; without it the case is skipped with the reason
// (suites/support/needs.cpp decides; the runner only asks CaseDef::unmetNeed). Spelled as in
// docs/CASES.md by toString.
enum class Need {
  Crons,                // GET /info flags.crons: true
  Destructive,          // --destructive
  FailGraph,            // a graph that raises (`fail` or --fail-assistant)
  SlowGraph,            // a graph that sleeps input.seconds (`slow` or --slow-assistant)
  TargetConfig,         // any --target-config
  WebhooksEnabled,      // skipped when --target-config sets http.disable_webhooks
  FullPayload,          // skipped when --target-config sets webhooks.allowed_fields
  ConfigDisable,        // --target-config with http.disable_webhooks: true
  ConfigHeaders,        // --target-config with webhooks.headers
  ConfigUrlPolicy,      // --target-config with a restricting webhooks.url policy
  ConfigAllowedFields,  // --target-config with webhooks.allowed_fields
  HttpsCallback,        // an https:// webhook URL reaches the capture server
  ConfigLoopbackDefault,  // --target-config that leaves webhooks.url.disable_loopback unset
  ConfigPrivateIpsDisabled,  // --target-config with webhooks.url.disable_private_ips: true
  ReviewGraph,          // a graph that pauses for human review (`review` or --review-assistant)
};
// Every Need, in declaration order, with its spelling (docs/CASES.md, `run --dry-run`).
struct NeedName {
  Need need;
  const char* name;
};
inline constexpr NeedName kNeedNames[] = {
    {Need::Crons, "crons"},
    {Need::Destructive, "destructive"},
    {Need::FailGraph, "fail-graph"},
    {Need::SlowGraph, "slow-graph"},
    {Need::TargetConfig, "target-config"},
    {Need::WebhooksEnabled, "webhooks-enabled"},
    {Need::FullPayload, "full-payload"},
    {Need::ConfigDisable, "config:disable"},
    {Need::ConfigHeaders, "config:headers"},
    {Need::ConfigUrlPolicy, "config:url-policy"},
    {Need::ConfigAllowedFields, "config:allowed-fields"},
    {Need::HttpsCallback, "https-callback"},
    {Need::ConfigLoopbackDefault, "config:loopback-default"},
    {Need::ConfigPrivateIpsDisabled, "config:private-ips-disabled"},
    {Need::ReviewGraph, "review-graph"},
};
static_assert(sizeof kNeedNames / sizeof kNeedNames[0] ==
                  static_cast<size_t>(Need::ReviewGraph) + 1,
              "every Need has a name (a new Need goes last in both)");

const char* toString(Level level);    // "MUST", "SHOULD", "INFO"
const char* toString(Verdict verdict);  // "pass", "fail", ...
const char* toString(Need need);      // its kNeedNames entry; nullptr for none

// What a case creates on the target at most: API run creations, threads, crons (a cron's firings
// are bounded by the ticks in the case's budget). The run's plan sums them before the first case.
struct Creations {
  size_t runs = 0, threads = 0, crons = 0;
};

// CaseInfo::endpoint of a case that drives all ten webhook endpoints in one run.
inline constexpr const char* kEveryEndpoint = "every-endpoint";

struct CaseInfo {
  std::string id;        // "<area>.<name>", stable: reports, filters and expected-failure files use it
  std::string area;      // delivery, payload, token, ...
  std::string endpoint;  // the endpoint it drives ("" when none in particular, kEveryEndpoint)
  Level level = Level::Must;
  std::string title;    // one line: the promise checked
  std::string source;   // the doc sentence or behaviour, and where it comes from
  // What kind of evidence `source` is (platform/evidence_grade.h); every row sets it (a test
  // checks), a report from elsewhere may lack it. An Assumed expectation is never a MUST, and
  // `settledBy` says what would turn it into evidence.
  std::optional<EvidenceGrade> evidenceGrade;
  std::string settledBy;
  std::string purpose;  // write-up: why the case exists
  std::string requires_;  // what the target must support
  std::string procedure;
  std::string asserts;
  std::vector<Need> needs;
  // The platform changes (platform/platform_profile.h) the case depends on: before the first
  // version of an `onlySince` change the case is skipped (the version does not promise it); a
  // `dependsOn` change decides what the case asserts. Both are named in the write-up.
  std::vector<PlatformChange> onlySince, dependsOn;
  // The case's deadline after it starts (x --timeout-scale): every call to the target ends by
  // then. Cron cases wait for real firings and take longer.
  std::chrono::seconds budget{kDefaultCaseBudget};
  // Set by rows that create more than their endpoint's one run (and thread, or cron): see
  // plannedCreations. A test holds every case to it on the embedded reference.
  std::optional<Creations> creates;

  static constexpr std::chrono::seconds kDefaultCaseBudget{60};
};

// info.creates, else what one run on its endpoint creates: a thread endpoint a run and a thread,
// a stateless one a run, a thread cron a cron and a thread, a stateless cron a cron.
Creations plannedCreations(const CaseInfo& info);

struct CaseDef {
  CaseInfo info;
  std::function<void(CaseContext&)> run;
  // Why this case cannot run on the target (its first unmet need), or nullopt when it can. The
  // suites fill it in (they read the deployment's langgraph.json); none means "always runs".
  std::function<std::optional<std::string>(const TargetProfile&)> unmetNeed;
};

class CaseRegistry {
 public:
  void add(CaseDef def);
  const std::vector<CaseDef>& all() const { return cases_; }
  const CaseDef* find(const std::string& id) const;

 private:
  std::vector<CaseDef> cases_;
};

// Every area's table, in catalogue order (suites/all_cases.cpp: an explicit list, because static
// registration in a static library would be dropped by the linker).
const CaseRegistry& allCases();

}  // namespace wc
